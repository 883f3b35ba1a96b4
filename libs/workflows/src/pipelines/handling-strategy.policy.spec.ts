import {
  ErrorCategory,
  ErrorSeverity,
  type ErrorClassification,
  createErrorClassifier,
  CircuitOpenError,
  BulkheadFullError,
} from '@nest-resilience/resilience';
import {
  determineHandlingStrategy,
  type HandlingTimings,
} from './handling-strategy.policy.js';
import { HandlingStrategy } from './handling-strategy.enum.js';
import type { HandlingContext } from './handling-decision.interface.js';

const timings: HandlingTimings = {
  retry: {
    backoff: 'exponential',
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    jitter: 'none',
  },
  circuitBreakDelayMs: 2000,
};
const context: HandlingContext = {
  retryCount: 0,
  maxRetries: 3,
  hasFallback: false,
  hasCompensation: false,
};
const classifier = createErrorClassifier();

function classification(
  patch: Partial<ErrorClassification>,
): ErrorClassification {
  return {
    code: 'UPSTREAM_ERROR',
    status: 502,
    category: ErrorCategory.TRANSIENT,
    severity: ErrorSeverity.MEDIUM,
    retryable: true,
    recoverable: true,
    countsAsFailure: true,
    rule: 'test',
    ...patch,
  };
}

describe('determineHandlingStrategy', () => {
  it('retries a passing error with exponential backoff while retries are left', () => {
    const first = determineHandlingStrategy(
      classification({}),
      context,
      timings,
    );
    const third = determineHandlingStrategy(
      classification({}),
      { ...context, retryCount: 2 },
      timings,
    );
    expect(first).toMatchObject({
      strategy: HandlingStrategy.RETRY,
      delayMs: 1000,
      alert: false,
    });
    expect(third).toMatchObject({
      strategy: HandlingStrategy.RETRY,
      delayMs: 4000,
    });
  });

  it('never retries sooner than Retry-After asked, even beyond the longest backoff delay', () => {
    const decision = determineHandlingStrategy(
      classification({ retryAfterMs: 120_000 }),
      context,
      timings,
    );
    expect(decision.delayMs).toBe(120_000);
  });

  it('keeps the backoff when Retry-After asks for less', () => {
    const decision = determineHandlingStrategy(
      classification({ retryAfterMs: 200 }),
      context,
      timings,
    );
    expect(decision.delayMs).toBe(1000);
  });

  it('dead-letters a passing error once its retries are used up, so a replay resumes there', () => {
    const decision = determineHandlingStrategy(
      classification({}),
      { ...context, retryCount: 3, hasCompensation: true },
      timings,
    );
    expect(decision.strategy).toBe(HandlingStrategy.DEAD_LETTER);
    expect(decision.reason).toContain('3 retries used up');
  });

  it('waits for an open circuit without counting an attempt, at least as long as the breaker says, spread', () => {
    const decision = determineHandlingStrategy(
      classifier.classify(new CircuitOpenError('fhir-server', 7000)),
      context,
      timings,
    );
    expect(decision.strategy).toBe(HandlingStrategy.CIRCUIT_BREAK);
    expect(decision.delayMs).toBeGreaterThanOrEqual(7000);
    expect(decision.delayMs).toBeLessThanOrEqual(8000);
    // At the half-open moment the breaker asks for no wait: parked messages still spread out.
    const halfOpen = determineHandlingStrategy(
      classifier.classify(new CircuitOpenError('fhir-server', 0)),
      context,
      timings,
    );
    expect(halfOpen.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('waits with jitter after a full bulkhead, and prefers a fallback when the step has one', () => {
    const full = classifier.classify(
      new BulkheadFullError('fhir-server', 2, 2),
    );
    const wait = determineHandlingStrategy(full, context, timings);
    expect(wait.strategy).toBe(HandlingStrategy.CIRCUIT_BREAK);
    expect(wait.delayMs).toBeGreaterThanOrEqual(1000);
    expect(wait.delayMs).toBeLessThanOrEqual(2000);
    expect(
      determineHandlingStrategy(
        full,
        { ...context, hasFallback: true },
        timings,
      ).strategy,
    ).toBe(HandlingStrategy.FALLBACK);
  });

  it('compensates a permanent refusal when completed steps can be undone, else dead-letters it', () => {
    const refusal = classification({
      category: ErrorCategory.PERMANENT,
      retryable: false,
      recoverable: false,
    });
    expect(
      determineHandlingStrategy(
        refusal,
        { ...context, hasCompensation: true },
        timings,
      ).strategy,
    ).toBe(HandlingStrategy.COMPENSATE);
    expect(determineHandlingStrategy(refusal, context, timings).strategy).toBe(
      HandlingStrategy.DEAD_LETTER,
    );
  });

  it('falls back on a recoverable error once retries are used up', () => {
    const decision = determineHandlingStrategy(
      classification({}),
      { ...context, retryCount: 3, hasFallback: true },
      timings,
    );
    expect(decision.strategy).toBe(HandlingStrategy.FALLBACK);
  });

  it('alerts at once for CRITICAL and SECURITY errors and dead-letters what needs an operator', () => {
    const security = determineHandlingStrategy(
      classification({
        category: ErrorCategory.SECURITY,
        severity: ErrorSeverity.HIGH,
        retryable: false,
      }),
      { ...context, hasCompensation: true },
      timings,
    );
    const critical = determineHandlingStrategy(
      classification({
        code: 'DEPENDENCY_UNAVAILABLE',
        severity: ErrorSeverity.CRITICAL,
      }),
      context,
      timings,
    );
    expect(security).toMatchObject({
      strategy: HandlingStrategy.DEAD_LETTER,
      alert: true,
    });
    expect(critical).toMatchObject({
      strategy: HandlingStrategy.RETRY,
      alert: true,
    });
    expect(critical.reason).toContain('CRITICAL');
  });

  it('dead-letters corrupt data and unexpected errors instead of undoing work', () => {
    const corrupt = classification({
      category: ErrorCategory.DATA_CORRUPTION,
      retryable: false,
    });
    const bug = classifier.classify(new TypeError('x is undefined'));
    const withUndo = { ...context, hasCompensation: true };
    expect(determineHandlingStrategy(corrupt, withUndo, timings).strategy).toBe(
      HandlingStrategy.DEAD_LETTER,
    );
    expect(determineHandlingStrategy(bug, withUndo, timings).strategy).toBe(
      HandlingStrategy.DEAD_LETTER,
    );
  });
});
