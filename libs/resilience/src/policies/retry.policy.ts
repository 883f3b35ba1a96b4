import type { ErrorClassification } from '../classification/error-classification.interface.js';
import type { RetrySettings } from '../config/resilience-settings.interface.js';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { attempt } from './attempt.util.js';
import {
  backoffDelayMs,
  maxBackoffDelayMs,
  type RandomSource,
} from './backoff.policy.js';
import type { Operation, ExecutionContext } from './policy.interface.js';
import type { PolicyLogger } from './policy-logger.interface.js';
import type { RecoveringPolicy } from './recovering-policy.interface.js';

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

/** The retry settings that decide how many attempts are made and how long each wait is. */
export type RetryTimingSettings = Pick<
  RetrySettings,
  | 'maxAttempts'
  | 'backoff'
  | 'baseDelayMs'
  | 'maxDelayMs'
  | 'jitter'
  | 'respectRetryAfter'
>;

/** Options of a {@link RetryPolicy}; spread a service's {@link RetrySettings} into it. */
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
 * - When `respectRetryAfter` is on and the classification carries `retryAfterMs`, the wait is
 *   `max(backoff, retryAfterMs)`, capped at `maxDelayMs`: a server asking for longer than the
 *   cap still gets a retry, at the cap, rather than a give-up.
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
    return this.retry(operation, context, error, classification);
  }

  /** Retries after `firstError`, the retryable failure of the first attempt. */
  private async retry<T>(
    operation: Operation<T>,
    context: ExecutionContext,
    firstError: unknown,
    firstClassification: RetryClassification,
  ): Promise<T> {
    const { maxAttempts, maxDelayMs, respectRetryAfter, classify, name } =
      this.options;
    let error = firstError;
    let classification = firstClassification;
    let previousDelayMs = this.options.baseDelayMs;
    for (let made = 1; ; made++) {
      if (made >= maxAttempts)
        throw new RetriesExhaustedError(name, made, error);

      const backoffMs = backoffDelayMs(
        this.options,
        made,
        previousDelayMs,
        this.random,
      );
      previousDelayMs = backoffMs;
      const retryAfterMs = respectRetryAfter
        ? classification.retryAfterMs
        : undefined;
      const delayMs =
        retryAfterMs === undefined
          ? backoffMs
          : Math.min(maxDelayMs, Math.max(backoffMs, retryAfterMs));

      this.options.onRetry?.({ attempt: made + 1, delayMs, error });
      this.options.logger?.warn(
        `"${name}" attempt ${made}/${maxAttempts} failed (${describeError(error)}); ` +
          `retrying in ${Math.round(delayMs)} ms`,
      );
      if (delayMs > 0) await sleep(delayMs);

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
}

function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}

/**
 * The longest total wait between the attempts of one call: the longest delay each retry can be
 * given. With `respectRetryAfter` every delay counts as `maxDelayMs`, since an upstream may ask
 * for that long.
 */
export function maxTotalRetryDelayMs(settings: RetryTimingSettings): number {
  let totalMs = 0;
  for (let retry = 1; retry < settings.maxAttempts; retry++) {
    totalMs += settings.respectRetryAfter
      ? settings.maxDelayMs
      : maxBackoffDelayMs(settings, retry);
  }
  return totalMs;
}

/**
 * The longest all attempts and all waits of one call can take: `maxAttempts` times the
 * per-attempt timeout, plus {@link maxTotalRetryDelayMs}. Used at boot to check a retry budget
 * against a request timeout.
 *
 * @param perAttemptTimeoutMs the timeout bounding each attempt; `0` (no timeout) makes the
 *   worst case unbounded, so the answer is `Infinity`
 * @throws RangeError when `maxAttempts` is not an integer of at least 1
 */
export function worstCaseRetryTimeMs(
  settings: RetryTimingSettings,
  perAttemptTimeoutMs: number,
): number {
  const { maxAttempts } = settings;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(
      `maxAttempts must be an integer >= 1, got ${maxAttempts}`,
    );
  }
  if (perAttemptTimeoutMs === 0) return Number.POSITIVE_INFINITY;
  return maxAttempts * perAttemptTimeoutMs + maxTotalRetryDelayMs(settings);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}
