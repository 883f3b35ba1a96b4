import {
  createErrorClassifier,
  BulkheadFullError,
  CircuitOpenError,
  TimeoutError,
} from '@nest-resilience/resilience';
import { isInvalidRedeliveryOptionsError } from '../errors/invalid-redelivery-options.error.js';
import {
  isLaterFailure,
  MessageRedeliveryPolicy,
} from './message-redelivery.policy.js';

const classifier = createErrorClassifier();
const pgError = (code: string) =>
  Object.assign(new Error(`pg ${code}`), { code, severity: 'ERROR' });

describe('MessageRedeliveryPolicy', () => {
  it('defaults to 8 deliveries, 1 s doubling to 60 s, equal jitter', () => {
    expect(MessageRedeliveryPolicy.create().options).toEqual({
      maxDeliveries: 8,
      initialDelayMs: 1_000,
      maxDelayMs: 60_000,
      multiplier: 2,
      jitter: 'equal',
    });
  });

  it('backs off exponentially up to maxDelayMs, never below what the failing side asked for', () => {
    const policy = MessageRedeliveryPolicy.create({ jitter: 'none' });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => policy.delayMs(n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(policy.delayMs(1, 7_500)).toBe(7_500);
    expect(policy.delayMs(1, 900_000)).toBe(60_000);
  });

  it('spreads each wait: equal jitter between half and all of it, full jitter from nothing', () => {
    const at = (jitter: 'equal' | 'full', random: number) =>
      MessageRedeliveryPolicy.create(
        { jitter },
        undefined,
        'test',
        () => random,
      ).delayMs(3);
    expect(at('equal', 0)).toBe(2_000);
    expect(at('equal', 0.999_999)).toBe(4_000);
    expect(at('full', 0)).toBe(0);
    expect(at('full', 0.5)).toBe(2_000);
  });

  it('counts deliveries up to maxDeliveries', () => {
    const policy = MessageRedeliveryPolicy.create({ maxDeliveries: 3 });
    expect([1, 2, 3].map((n) => policy.exhausted(n))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("puts a consumer's options over the module's", () => {
    const module = MessageRedeliveryPolicy.create({ maxDeliveries: 5 });
    expect(
      module.withOverrides({ initialDelayMs: 50 }, 'OrdersConsumer').options,
    ).toMatchObject({
      maxDeliveries: 5,
      initialDelayMs: 50,
      maxDelayMs: 60_000,
    });
  });

  it('refuses unknown keys, values out of range and a first delay above the last, naming each', () => {
    const problems = (options: object, base?: object) => {
      try {
        const module = MessageRedeliveryPolicy.create(base ?? {});
        if (base) module.withOverrides(options, 'OrdersConsumer');
        else MessageRedeliveryPolicy.create(options);
        return [];
      } catch (error) {
        expect(isInvalidRedeliveryOptionsError(error)).toBe(true);
        return (error as { problems: string[] }).problems;
      }
    };
    expect(problems({ maxDeliveres: 3 })).toEqual([
      expect.stringMatching(/^maxDeliveres: unknown key/),
    ]);
    expect(
      problems({ maxDeliveries: 0, multiplier: 0.5, jitter: 'some' }),
    ).toEqual([
      'maxDeliveries: must be an integer from 1 to 100, got 0',
      'multiplier: must be a number from 1 to 10, got 0.5',
      'jitter: must be one of equal, full, none, got some',
    ]);
    expect(problems({ initialDelayMs: 2_000 }, { maxDelayMs: 1_000 })).toEqual([
      'initialDelayMs (2000) must not exceed maxDelayMs (1000)',
    ]);
    expect(problems({ maxDelayMs: 600_001 })).toHaveLength(1);
  });
});

describe('isLaterFailure', () => {
  it.each([
    [
      'a connection reset',
      Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    ],
    ['a lost database connection', pgError('57P01')],
    ['a database out of resources', pgError('53200')],
    ['a timeout', new TimeoutError('svc', 100)],
    ['an open circuit', new CircuitOpenError('svc', 100)],
    ['a full bulkhead', new BulkheadFullError('svc', 1, 0)],
  ])('says "later" for %s', (_, error) => {
    expect(isLaterFailure(classifier.classify(error))).toBe(true);
  });

  it.each([
    ['an unexpected error', new SyntaxError('bad')],
    ['a unique violation', pgError('23505')],
  ])('says "permanent" for %s', (_, error) => {
    expect(isLaterFailure(classifier.classify(error))).toBe(false);
  });
});
