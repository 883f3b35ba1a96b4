import {
  ErrorCategory,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import { InvalidRedeliveryOptionsError } from '../errors/invalid-redelivery-options.error.js';
import {
  DEFAULT_REDELIVERY_OPTIONS,
  type RedeliveryOptions,
  type ResolvedRedeliveryOptions,
} from './redelivery-options.interface.js';

/** Shortest wait after a refusal (open circuit, full bulkhead), so a refusal never spins. */
export const MIN_REFUSAL_DELAY_MS = 100;

/** Upper bound of every wait: a held message must stay well inside the brokers' own timeouts. */
const MAX_WAIT_MS = 600_000;

const LATER_CATEGORIES: ReadonlySet<ErrorCategory> = new Set([
  ErrorCategory.TRANSIENT,
  ErrorCategory.EXTERNAL_DEPENDENCY,
  ErrorCategory.RESOURCE_EXHAUSTION,
]);

/**
 * Whether a failure says "later": calling again may succeed (retryable), or the category is
 * one of waiting (`TRANSIENT`, `EXTERNAL_DEPENDENCY`, `RESOURCE_EXHAUSTION`: timeouts, a
 * dependency unavailable, an open circuit, a full bulkhead, exhausted resources). Everything
 * else (validation, malformed, business refusals, security, corruption) is permanent.
 */
export function isLaterFailure(classification: ErrorClassification): boolean {
  return (
    classification.retryable || LATER_CATEGORIES.has(classification.category)
  );
}

/** Whether the handler was refused before it ran: an open circuit or a full bulkhead. */
export function isRefusal(classification: ErrorClassification): boolean {
  return (
    classification.code === 'CIRCUIT_OPEN' ||
    classification.code === 'BULKHEAD_FULL'
  );
}

/**
 * When a message that failed for a "later" reason is delivered again, and when it has had
 * enough deliveries: exponential backoff from `initialDelayMs` by `multiplier` up to
 * `maxDelayMs`, with jitter, never shorter than what the failing side asked for
 * (`retryAfterMs`). Nest-free; validated when built.
 */
export class MessageRedeliveryPolicy {
  /**
   * @param options resolved and valid options (see {@link MessageRedeliveryPolicy.create})
   * @param random source of jitter, `[0, 1)` @default Math.random
   */
  private constructor(
    readonly options: Readonly<ResolvedRedeliveryOptions>,
    private readonly random: () => number,
  ) {}

  /**
   * `options` over `base`, validated.
   * @param where whose options they are, for the error
   * @throws InvalidRedeliveryOptionsError naming every invalid key
   */
  static create(
    options: RedeliveryOptions = {},
    base: ResolvedRedeliveryOptions = DEFAULT_REDELIVERY_OPTIONS,
    where = 'ResilientMessagingModule',
    random: () => number = Math.random,
  ): MessageRedeliveryPolicy {
    const problems = redeliveryOptionProblems(options);
    const resolved = { ...base, ...definedOnly(options) };
    if (
      problems.length === 0 &&
      resolved.initialDelayMs > resolved.maxDelayMs
    ) {
      problems.push(
        `initialDelayMs (${resolved.initialDelayMs}) must not exceed maxDelayMs (${resolved.maxDelayMs})`,
      );
    }
    if (problems.length > 0)
      throw new InvalidRedeliveryOptionsError(where, problems);
    return new MessageRedeliveryPolicy(Object.freeze(resolved), random);
  }

  /** This policy with `overrides` over it (a consumer's own options). @throws as {@link create} */
  withOverrides(
    overrides: RedeliveryOptions,
    where: string,
  ): MessageRedeliveryPolicy {
    return MessageRedeliveryPolicy.create(
      overrides,
      this.options,
      where,
      this.random,
    );
  }

  /** Whether a message whose `deliveries` failed (this one included) has had all it may. */
  exhausted(deliveries: number): boolean {
    return deliveries >= this.options.maxDeliveries;
  }

  /**
   * The wait before the next delivery of a message whose `deliveries` failed (this one
   * included, so 1 after the first).
   * @param retryAfterMs what the failing side asked for, honoured up to `maxDelayMs`
   */
  delayMs(deliveries: number, retryAfterMs?: number): number {
    const { initialDelayMs, maxDelayMs, multiplier, jitter } = this.options;
    const exponent = Math.max(0, Math.min(deliveries - 1, 64));
    const wait = Math.min(maxDelayMs, initialDelayMs * multiplier ** exponent);
    const spread =
      jitter === 'none'
        ? wait
        : jitter === 'full'
          ? wait * this.random()
          : wait / 2 + (wait / 2) * this.random();
    return Math.round(
      Math.min(maxDelayMs, Math.max(spread, retryAfterMs ?? 0)),
    );
  }

  /**
   * The wait after a refusal (the handler did not run): what the breaker or bulkhead asked
   * for, else `initialDelayMs`, between {@link MIN_REFUSAL_DELAY_MS} and `maxDelayMs`.
   */
  refusalDelayMs(retryAfterMs?: number): number {
    const { initialDelayMs, maxDelayMs } = this.options;
    return Math.min(
      maxDelayMs,
      Math.max(MIN_REFUSAL_DELAY_MS, retryAfterMs ?? initialDelayMs),
    );
  }
}

/**
 * What is wrong with `options` on their own (unknown keys, types, ranges), one line each;
 * empty when nothing is. Combinations with a base are checked by
 * {@link MessageRedeliveryPolicy.create}.
 */
export function redeliveryOptionProblems(options: unknown): string[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return ['must be an object'];
  const problems: string[] = [];
  const known = Object.keys(DEFAULT_REDELIVERY_OPTIONS);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!known.includes(key)) {
      problems.push(`${key}: unknown key (allowed: ${known.join(', ')})`);
      continue;
    }
    const problem = problemOf(key as keyof RedeliveryOptions, value);
    if (problem) problems.push(`${key}: ${problem}`);
  }
  const { initialDelayMs, maxDelayMs } = options as RedeliveryOptions;
  if (
    problems.length === 0 &&
    initialDelayMs !== undefined &&
    maxDelayMs !== undefined &&
    initialDelayMs > maxDelayMs
  ) {
    problems.push(
      `initialDelayMs (${initialDelayMs}) must not exceed maxDelayMs (${maxDelayMs})`,
    );
  }
  return problems;
}

function problemOf(
  key: keyof RedeliveryOptions,
  value: unknown,
): string | undefined {
  switch (key) {
    case 'maxDeliveries':
      return integerIn(value, 1, 100);
    case 'initialDelayMs':
    case 'maxDelayMs':
      return integerIn(value, 1, MAX_WAIT_MS);
    case 'multiplier':
      return typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= 1 &&
        value <= 10
        ? undefined
        : `must be a number from 1 to 10, got ${String(value)}`;
    case 'jitter':
      return value === 'equal' || value === 'full' || value === 'none'
        ? undefined
        : `must be one of equal, full, none, got ${String(value)}`;
  }
}

function integerIn(
  value: unknown,
  min: number,
  max: number,
): string | undefined {
  return Number.isInteger(value) &&
    (value as number) >= min &&
    (value as number) <= max
    ? undefined
    : `must be an integer from ${min} to ${max}, got ${String(value)}`;
}

function definedOnly(options: RedeliveryOptions): RedeliveryOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as RedeliveryOptions;
}
