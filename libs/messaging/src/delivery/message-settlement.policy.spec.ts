import {
  type ErrorClassification,
  createErrorClassifier,
  CircuitOpenError,
} from '@nest-resilience/resilience';
import { MessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { decideSettlement } from './message-settlement.policy.js';

const classifier = createErrorClassifier();
const classify = (error: unknown): ErrorClassification =>
  classifier.classify(error);

describe('decideSettlement', () => {
  it('acknowledges a message whose handler did not fail', () => {
    expect(decideSettlement(undefined, classify)).toEqual({ action: 'ack' });
  });

  it('parks a message that arrived before its predecessor', () => {
    expect(
      decideSettlement(
        { error: new MessageOutOfOrderError('o-1', 3) },
        classify,
      ),
    ).toEqual({ action: 'park' });
  });

  it('defers, without dead-lettering, while a circuit is open, for its retry-after within bounds', () => {
    expect(
      decideSettlement(
        { error: new CircuitOpenError('postgres', 2_500) },
        classify,
      ),
    ).toEqual({
      action: 'defer',
      delayMs: 2_500,
    });
    expect(
      decideSettlement(
        { error: new CircuitOpenError('postgres', 0) },
        classify,
      ),
    ).toEqual({
      action: 'defer',
      delayMs: 100,
    });
    expect(
      decideSettlement(
        { error: new CircuitOpenError('postgres', 600_000) },
        classify,
      ),
    ).toEqual({
      action: 'defer',
      delayMs: 30_000,
    });
  });

  it('dead-letters every other failure: permanent ones, and transient ones whose attempts are spent', () => {
    const permanent = new SyntaxError('bad');
    const transient = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(decideSettlement({ error: permanent }, classify)).toEqual({
      action: 'dead-letter',
      error: permanent,
    });
    expect(decideSettlement({ error: transient }, classify)).toEqual({
      action: 'dead-letter',
      error: transient,
    });
  });

  it('uses the classification the exception filter already made', () => {
    const error = new Error('whatever');
    const classification = {
      ...classify(error),
      code: 'BULKHEAD_FULL' as const,
      retryAfterMs: 300,
    };
    expect(decideSettlement({ error, classification }, classify)).toEqual({
      action: 'defer',
      delayMs: 300,
    });
  });
});
