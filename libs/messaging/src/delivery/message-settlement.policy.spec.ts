import {
  type ErrorClassification,
  createErrorClassifier,
  CircuitOpenError,
  RetriesExhaustedError,
} from '@nest-resilience/resilience';
import { isMessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { MessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';
import {
  decideSettlement,
  type SettlementState,
} from './message-settlement.policy.js';

const classifier = createErrorClassifier();
const classify = (error: unknown): ErrorClassification =>
  classifier.classify(error);
const policy = MessageRedeliveryPolicy.create({
  maxDeliveries: 4,
  initialDelayMs: 1_000,
  maxDelayMs: 5_000,
  jitter: 'none',
});
const reset = () => Object.assign(new Error('reset'), { code: 'ECONNRESET' });

/** A round that ran the handler once and ended with `error`, after `deliveries` failed ones. */
function round(
  error: unknown,
  deliveries = 0,
  extra: Partial<SettlementState> = {},
): SettlementState {
  return { failure: { error }, deliveries, roundAttempts: 1, ...extra };
}

describe('decideSettlement', () => {
  it('acknowledges a message whose handler did not fail', () => {
    expect(
      decideSettlement({ deliveries: 0, roundAttempts: 1 }, classify, policy),
    ).toEqual({ action: 'ack' });
  });

  it('parks a message that arrived before its predecessor', () => {
    expect(
      decideSettlement(
        round(new MessageOutOfOrderError('o-1', 3)),
        classify,
        policy,
      ),
    ).toEqual({ action: 'park' });
  });

  it('dead-letters a permanent failure at its first delivery', () => {
    const permanent = new SyntaxError('bad');
    expect(decideSettlement(round(permanent), classify, policy)).toEqual({
      action: 'dead-letter',
      error: permanent,
    });
  });

  it('redelivers a failure that says "later" with a doubling delay, each delivery counted', () => {
    const delays = [0, 1, 2].map((before) =>
      decideSettlement(
        round(new RetriesExhaustedError('postgres', 3, reset()), before),
        classify,
        policy,
      ),
    );
    expect(delays).toEqual([
      { action: 'redeliver', delayMs: 1_000, counted: true },
      { action: 'redeliver', delayMs: 2_000, counted: true },
      { action: 'redeliver', delayMs: 4_000, counted: true },
    ]);
  });

  it("dead-letters at the consumer's last delivery, with the last attempt's own error", () => {
    const last = reset();
    const settlement = decideSettlement(
      round(new RetriesExhaustedError('postgres', 3, last), 3, {
        lastAttemptError: last,
      }),
      classify,
      policy,
    );
    expect(settlement.action).toBe('dead-letter');
    const error = (settlement as { error: unknown }).error;
    expect(isMessageAttemptsExhaustedError(error)).toBe(true);
    expect(error).toMatchObject({ deliveries: 4, maxDeliveries: 4 });
    expect((error as Error).cause).toBe(last);
  });

  it('redelivers without counting while a circuit refused the handler, for its retry-after within bounds', () => {
    const refused = (retryAfterMs: number) =>
      decideSettlement(
        round(new CircuitOpenError('postgres', retryAfterMs), 3, {
          roundAttempts: 0,
        }),
        classify,
        policy,
      );
    expect(refused(2_500)).toEqual({
      action: 'redeliver',
      delayMs: 2_500,
      counted: false,
    });
    expect(refused(0)).toEqual({
      action: 'redeliver',
      delayMs: 100,
      counted: false,
    });
    expect(refused(600_000)).toEqual({
      action: 'redeliver',
      delayMs: 5_000,
      counted: false,
    });
  });

  it('counts a delivery whose attempts ran before the circuit opened, and dead-letters with the real error', () => {
    const real = reset();
    const settlement = decideSettlement(
      round(new CircuitOpenError('postgres', 1_000), 3, {
        lastAttemptError: real,
      }),
      classify,
      policy,
    );
    expect((settlement as { error: Error }).error.cause).toBe(real);
  });

  it('uses the classification the exception filter already made', () => {
    const error = new Error('whatever');
    const classification = {
      ...classify(error),
      code: 'BULKHEAD_FULL' as const,
      category: classify(new CircuitOpenError('x', 1)).category,
      retryAfterMs: 300,
    };
    expect(
      decideSettlement(
        { failure: { error, classification }, deliveries: 0, roundAttempts: 0 },
        classify,
        policy,
      ),
    ).toEqual({ action: 'redeliver', delayMs: 300, counted: false });
  });
});
