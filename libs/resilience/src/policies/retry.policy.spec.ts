import {
  CircuitOpenError,
  isCircuitOpenError,
} from '../errors/circuit-open.error.js';
import {
  RetriesExhaustedError,
  isRetriesExhaustedError,
} from '../errors/retries-exhausted.error.js';
import type { ExecutionContext } from './policy.interface.js';
import {
  RetryPolicy,
  worstCaseRetryTimeMs,
  type RetryClassification,
  type RetryPolicyOptions,
  type RetryTimingSettings,
} from './retry.policy.js';

class TransientError extends Error {
  constructor(
    readonly label = 'transient',
    readonly retryAfterMs?: number,
  ) {
    super(label);
  }
}

const classify = (error: unknown): RetryClassification =>
  error instanceof TransientError
    ? { retryable: true, retryAfterMs: error.retryAfterMs }
    : {
        retryable: false,
        retryAfterMs: isCircuitOpenError(error)
          ? error.retryAfterMs
          : undefined,
      };

const policy = (overrides: Partial<RetryPolicyOptions> = {}): RetryPolicy =>
  new RetryPolicy({
    name: 'payments',
    maxAttempts: 3,
    backoff: 'exponential',
    baseDelayMs: 100,
    maxDelayMs: 5000,
    jitter: 'none',
    respectRetryAfter: true,
    classify,
    ...overrides,
  });

const context = (): ExecutionContext => ({ attempt: 0 });

/** An operation that fails with the given errors in turn, then succeeds, noting when it ran. */
function scripted(errors: unknown[], result = 'ok') {
  const calledAt: number[] = [];
  const attempts: number[] = [];
  const operation = vi.fn(async (ctx: ExecutionContext) => {
    calledAt.push(Date.now());
    attempts.push(ctx.attempt);
    const error = errors[calledAt.length - 1];
    if (error !== undefined) throw error;
    return result;
  });
  return { operation, calledAt, attempts };
}

describe('RetryPolicy', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('calls once and sets the attempt when the first call succeeds', async () => {
    const { operation, attempts } = scripted([]);
    await expect(policy().execute(operation, context())).resolves.toBe('ok');
    expect(attempts).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries retryable errors after the backoff, counting the first call', async () => {
    const { operation, calledAt, attempts } = scripted([
      new TransientError(),
      new TransientError(),
    ]);
    const result = policy().execute(operation, context());
    await vi.advanceTimersByTimeAsync(300);
    await expect(result).resolves.toBe('ok');
    expect(calledAt).toEqual([0, 100, 300]);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('throws RetriesExhaustedError with the attempts and the last error once maxAttempts ran out', async () => {
    const errors = [
      new TransientError('a'),
      new TransientError('b'),
      new TransientError('c'),
    ];
    const { operation } = scripted(errors);
    const result = policy().execute(operation, context());
    const failure = expect(result).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof RetriesExhaustedError &&
        isRetriesExhaustedError(error) &&
        error.attempts === 3 &&
        error.operation === 'payments' &&
        error.cause === errors[2],
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await failure;
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('rethrows the original error when maxAttempts is 1', async () => {
    const error = new TransientError();
    const { operation } = scripted([error]);
    await expect(
      policy({ maxAttempts: 1 }).execute(operation, context()),
    ).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('rethrows a non-retryable error at once, as is, without waiting', async () => {
    const open = new CircuitOpenError('payments', 30_000);
    const onRetry = vi.fn();
    const { operation } = scripted([open]);
    await expect(
      policy({ onRetry }).execute(operation, context()),
    ).rejects.toBe(open);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(Date.now()).toBe(0);
  });

  it('stops at a non-retryable error met on a later attempt, without wrapping it', async () => {
    const notFound = new Error('404');
    const { operation } = scripted([new TransientError(), notFound]);
    const result = policy().execute(operation, context());
    const failure = expect(result).rejects.toBe(notFound);
    await vi.advanceTimersByTimeAsync(100);
    await failure;
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('reports each retry with its attempt, delay and error before waiting', async () => {
    const errors = [new TransientError('a'), new TransientError('b')];
    const onRetry = vi.fn();
    const { operation } = scripted(errors);
    const result = policy({ onRetry }).execute(operation, context());
    await vi.advanceTimersByTimeAsync(300);
    await result;
    expect(onRetry.mock.calls).toEqual([
      [{ attempt: 2, delayMs: 100, error: errors[0] }],
      [{ attempt: 3, delayMs: 200, error: errors[1] }],
    ]);
  });

  it('logs one line per retry and none for the final failure', async () => {
    const logger = { warn: vi.fn() };
    const { operation } = scripted([
      new TransientError(),
      new TransientError(),
      new TransientError(),
    ]);
    const failure = expect(
      policy({ logger }).execute(operation, context()),
    ).rejects.toThrow(RetriesExhaustedError);
    await vi.advanceTimersByTimeAsync(300);
    await failure;
    expect(logger.warn.mock.calls).toEqual([
      ['"payments" attempt 1/3 failed (Error); retrying in 100 ms'],
      ['"payments" attempt 2/3 failed (Error); retrying in 200 ms'],
    ]);
  });

  describe('retryAfterMs (an upstream Retry-After)', () => {
    const delaysFor = async (
      retryAfterMs: number,
      overrides: Partial<RetryPolicyOptions> = {},
    ): Promise<number[]> => {
      const { operation, calledAt } = scripted([
        new TransientError('busy', retryAfterMs),
      ]);
      const result = policy(overrides).execute(operation, context());
      await vi.advanceTimersByTimeAsync(10_000);
      await result;
      return calledAt.map((at) => at - calledAt[0]);
    };

    it('waits what the failing side asked when it exceeds the backoff', async () => {
      expect(await delaysFor(2000)).toEqual([0, 2000]);
    });

    it('keeps the backoff when it is the longer wait', async () => {
      expect(await delaysFor(20)).toEqual([0, 100]);
    });

    it('waits the whole of a wait equal to maxDelayMs, not a millisecond less', async () => {
      const { operation, calledAt } = scripted([
        new TransientError('busy', 3000),
      ]);
      const result = policy({ maxDelayMs: 3000 }).execute(operation, context());
      await vi.advanceTimersByTimeAsync(2999);
      expect(calledAt).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      await expect(result).resolves.toBe('ok');
      expect(calledAt).toEqual([0, 3000]);
    });

    it('does not retry when asked to wait longer than maxDelayMs: one call, the error as is', async () => {
      const limited = new TransientError('rate limited', 30_000);
      const onRetry = vi.fn();
      const logger = { warn: vi.fn() };
      const { operation } = scripted([limited]);
      await expect(
        policy({ maxDelayMs: 1000, onRetry, logger }).execute(
          operation,
          context(),
        ),
      ).rejects.toBe(limited);
      expect(operation).toHaveBeenCalledTimes(1);
      expect(onRetry).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
      expect(Date.now()).toBe(0);
      expect(logger.warn.mock.calls).toEqual([
        [
          '"payments" attempt 1/3 failed (Error); not retrying: asked to wait 30000 ms, ' +
            'more than maxDelayMs 1000',
        ],
      ]);
    });

    it('stops at a later attempt asked to wait too long, rethrowing that error', async () => {
      const limited = new TransientError('rate limited', 60_000);
      const { operation, calledAt } = scripted([new TransientError(), limited]);
      const result = policy({ maxAttempts: 4 }).execute(operation, context());
      const failure = expect(result).rejects.toBe(limited);
      await vi.advanceTimersByTimeAsync(100);
      await failure;
      expect(calledAt).toEqual([0, 100]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('reports the last allowed attempt as exhausted, whatever wait it asked for', async () => {
      const limited = new TransientError('rate limited', 60_000);
      const { operation } = scripted([new TransientError(), limited]);
      const result = policy({ maxAttempts: 2 }).execute(operation, context());
      const failure = expect(result).rejects.toSatisfy(
        (error: unknown) =>
          isRetriesExhaustedError(error) && error.cause === limited,
      );
      await vi.advanceTimersByTimeAsync(100);
      await failure;
    });

    it('ignores it when respectRetryAfter is off, retrying on the backoff alone', async () => {
      expect(await delaysFor(2000, { respectRetryAfter: false })).toEqual([
        0, 100,
      ]);
      expect(
        await delaysFor(60_000, { respectRetryAfter: false, maxDelayMs: 1000 }),
      ).toEqual([0, 100]);
    });
  });

  it('feeds decorrelated jitter its own previous delay', async () => {
    const onRetry = vi.fn();
    const { operation } = scripted([
      new TransientError(),
      new TransientError(),
      new TransientError(),
    ]);
    const result = policy({
      maxAttempts: 4,
      jitter: 'decorrelated',
      random: () => 1,
      onRetry,
    }).execute(operation, context());
    await vi.advanceTimersByTimeAsync(10_000);
    await result;
    expect(onRetry.mock.calls.map(([info]) => info.delayMs)).toEqual([
      300, 900, 2700,
    ]);
  });

  it('refuses a maxAttempts below 1', () => {
    expect(() => policy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => policy({ maxAttempts: 1.5 })).toThrow(RangeError);
  });
});

describe('worstCaseRetryTimeMs', () => {
  const timing = (
    overrides: Partial<RetryTimingSettings> = {},
  ): RetryTimingSettings => ({
    maxAttempts: 3,
    backoff: 'exponential',
    baseDelayMs: 200,
    maxDelayMs: 5000,
    jitter: 'full',
    respectRetryAfter: false,
    ...overrides,
  });

  it('adds every attempt timeout and the longest delay of every retry', () => {
    expect(worstCaseRetryTimeMs(timing(), 1000)).toBe(3000 + 200 + 400);
  });

  it('counts decorrelated delays at their largest possible growth', () => {
    expect(worstCaseRetryTimeMs(timing({ jitter: 'decorrelated' }), 1000)).toBe(
      3000 + 600 + 1800,
    );
  });

  it('counts every delay as maxDelayMs when a Retry-After may be honoured', () => {
    expect(
      worstCaseRetryTimeMs(timing({ respectRetryAfter: true }), 1000),
    ).toBe(3000 + 10_000);
  });

  it('is the single attempt when nothing is retried', () => {
    expect(
      worstCaseRetryTimeMs(
        timing({ maxAttempts: 1, respectRetryAfter: true }),
        1000,
      ),
    ).toBe(1000);
  });

  it('is unbounded when attempts have no timeout', () => {
    expect(worstCaseRetryTimeMs(timing(), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a maxAttempts below 1', () => {
    expect(() =>
      worstCaseRetryTimeMs(timing({ maxAttempts: 0 }), 1000),
    ).toThrow(RangeError);
  });
});
