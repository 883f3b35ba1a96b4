import type { ErrorClassification } from '../classification/error-classification.interface.js';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { attempt } from './attempt.util.js';
import { waitAtLeast } from './wait.util.js';
import { backoffDelayMs, type RandomSource } from './backoff.policy.js';
import type { Operation, ExecutionContext } from './policy.interface.js';
import type { PolicyLogger } from './policy-logger.interface.js';
import type { RecoveringPolicy } from './recovering-policy.interface.js';

// The boot-time bounds of a retry live in their own file; callers import them from here.
export {
  maxTotalRetryDelayMs,
  worstCaseRetryTimeMs,
  type RetryTimingSettings,
} from './retry-worst-case.util.js';
import type { RetryTimingSettings } from './retry-worst-case.util.js';

/** What the retry needs to know of an error: the library classifier's answer fits it. */
export type RetryClassification = Pick<
  ErrorClassification,
  'retryable' | 'retryAfterMs'
>;

/** Reported before each wait, once per retry. */
export interface RetryInfo {
  /** The attempt that is about to be made: 2 for the first retry. */
  attempt: number;
  /** How long the policy waits before making it. */
  delayMs: number;
  /** The error of the attempt that just failed. */
  error: unknown;
}

/** Options of a {@link RetryPolicy}; spread a service's `RetrySettings` into it. */
export interface RetryPolicyOptions extends RetryTimingSettings {
  /** Name of the guarded dependency or method, used in errors and logs. */
  name: string;
  /** Says whether an error may be retried, and whether the failing side asked for a wait. */
  classify: (error: unknown) => RetryClassification;
  /** Called before each wait (metrics, tests). Must not throw. */
  onRetry?: (info: RetryInfo) => void;
  /** Receives one line per retry. */
  logger?: PolicyLogger;
  /** @default Math.random */
  random?: RandomSource;
}

/**
 * Calls an operation again after a retryable failure, waiting a backoff between attempts.
 *
 * - Only what `classify` calls retryable is retried. Anything else (an open circuit, a full
 *   bulkhead, a 404) is rethrown at once, as is, without waiting.
 * - When `respectRetryAfter` is on and the classification carries `retryAfterMs` (an upstream's
 *   `Retry-After`), the failing side decides when the next attempt may be made:
 *   - up to `maxDelayMs`: the wait is `max(backoff, retryAfterMs)`, never less than asked;
 *   - longer than `maxDelayMs`, which is more than this policy may wait: no retry now. The
 *     error is rethrown at once, as is, so its classification (with `retryAfterMs`) reaches the
 *     caller and the response tells the client when to come back. Calling again sooner than
 *     asked would only earn another refusal and prolong the upstream's overload.
 *   With `respectRetryAfter` off, `retryAfterMs` is not read: the backoff alone sets the wait.
 * - When the last allowed attempt fails with a retryable error it throws
 *   {@link RetriesExhaustedError}, whose `cause` is that error. With `maxAttempts: 1` nothing
 *   was retried, so the original error is rethrown instead.
 *
 * Sets `context.attempt` before each attempt. Decorrelated jitter grows from the previous
 * backoff delay, not from a longer wait a server asked for.
 */
export class RetryPolicy implements RecoveringPolicy {
  /** Always: a success is handed on untouched. */
  readonly passesSuccessesThrough = true;
  private readonly random: RandomSource;

  /** @throws RangeError when `maxAttempts` is not an integer of at least 1 */
  constructor(private readonly options: RetryPolicyOptions) {
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
      throw new RangeError(
        `Retry "${options.name}": maxAttempts must be an integer >= 1, got ${options.maxAttempts}`,
      );
    }
    this.random = options.random ?? Math.random;
  }

  /**
   * Runs `operation` until it succeeds, fails with a non-retryable error, or runs out of
   * attempts.
   *
   * @throws RetriesExhaustedError when every allowed attempt failed with a retryable error
   * @throws the operation's own error when it is not retryable, or when `maxAttempts` is 1
   */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    this.prepare(context);
    if (this.options.maxAttempts === 1) return operation(context);
    // The first attempt is a plain call: a success pays one pass-through, not a loop.
    const first = attempt(operation, context);
    return first.then(undefined, (error: unknown) =>
      this.recover(error, first, operation, context),
    );
  }

  /** Numbers the first attempt. */
  prepare(context: ExecutionContext): void {
    context.attempt = 1;
  }

  /**
   * Decides on the first attempt's failure. A non-retryable one (or any, with `maxAttempts: 1`)
   * hands back the failed promise itself: the caller's promise settles with the same error,
   * without throwing it again, which costs several times what the rest of this layer does.
   *
   * @param failed the first attempt's rejected promise
   * @param operation what each further attempt calls
   * @returns `failed`, or the retries' outcome
   */
  recover<T>(
    error: unknown,
    failed: Promise<T>,
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    if (this.options.maxAttempts === 1) return failed;
    const classification = this.options.classify(error);
    if (!classification.retryable) return failed;
    if (this.waitTooLong(classification, 1, error)) return failed;
    return this.retry(operation, context, error, classification);
  }

  /** Retries after `firstError`, the retryable failure of the first attempt. */
  private async retry<T>(
    operation: Operation<T>,
    context: ExecutionContext,
    firstError: unknown,
    firstClassification: RetryClassification,
  ): Promise<T> {
    const { maxAttempts, classify, name } = this.options;
    let error = firstError;
    let classification = firstClassification;
    let previousDelayMs = this.options.baseDelayMs;
    for (let made = 1; ; made++) {
      if (made >= maxAttempts)
        throw new RetriesExhaustedError(name, made, error);
      // The first failure was weighed in recover().
      if (made > 1 && this.waitTooLong(classification, made, error))
        throw error;

      const backoffMs = backoffDelayMs(
        this.options,
        made,
        previousDelayMs,
        this.random,
      );
      previousDelayMs = backoffMs;
      // An asked wait above maxDelayMs ended the loop above, so this stays within it.
      const delayMs = Math.max(
        backoffMs,
        this.askedWaitMs(classification) ?? 0,
      );

      this.options.onRetry?.({ attempt: made + 1, delayMs, error });
      this.options.logger?.warn(
        `${this.failed(made, error)}; retrying in ${Math.ceil(delayMs)} ms`,
      );
      if (delayMs > 0) await waitAtLeast(delayMs);

      context.attempt = made + 1;
      try {
        return await operation(context);
      } catch (next) {
        classification = classify(next);
        if (!classification.retryable) throw next;
        error = next;
      }
    }
  }

  /** The wait the failing side asked for, when this policy heeds it. */
  private askedWaitMs(classification: RetryClassification): number | undefined {
    return this.options.respectRetryAfter
      ? classification.retryAfterMs
      : undefined;
  }

  /**
   * Whether the failing side asked for a longer wait than `maxDelayMs` (logged once): then
   * there is no retry now, and the error goes to the caller as is.
   *
   * @param made attempts made so far, the failed one included
   */
  private waitTooLong(
    classification: RetryClassification,
    made: number,
    error: unknown,
  ): boolean {
    const askedMs = this.askedWaitMs(classification);
    const { maxDelayMs } = this.options;
    if (askedMs === undefined || askedMs <= maxDelayMs) return false;
    this.options.logger?.warn(
      `${this.failed(made, error)}; not retrying: asked to wait ` +
        `${Math.ceil(askedMs)} ms, more than maxDelayMs ${maxDelayMs}`,
    );
    return true;
  }

  /** The start of a log line about attempt `made`, which failed with `error`. */
  private failed(made: number, error: unknown): string {
    const { name, maxAttempts } = this.options;
    return `"${name}" attempt ${made}/${maxAttempts} failed (${describeError(error)})`;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}
