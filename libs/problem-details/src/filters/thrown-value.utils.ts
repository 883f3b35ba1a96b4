import type { ProblemDebugInfo } from './problem-details.interface.js';

// Cause chains can be cyclic or absurdly deep; past this depth nothing useful is left.
const MAX_CAUSE_DEPTH = 8;

/**
 * Name, message, stack and cause chain of any thrown value: the `error` member of an
 * `ErrorLogEntry` (and the envelope's `debug` member), for entries recorded outside the
 * exception filter. Internal information: never send it to a client.
 */
export function summarizeThrown(error: unknown): ProblemDebugInfo {
  const causes: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && cause !== undefined; depth++) {
    causes.push(
      cause instanceof Error
        ? `${cause.name}: ${cause.message}`
        : safeString(cause),
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack, causes }
    : { name: typeof error, message: safeString(error), causes };
}

/** The thrown value with the stacks of its cause chain, as one text for a log line. */
export function describeThrown(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (
    let depth = 0;
    depth < MAX_CAUSE_DEPTH && current !== undefined;
    depth++
  ) {
    parts.push(
      current instanceof Error
        ? (current.stack ?? `${current.name}: ${current.message}`)
        : safeString(current),
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\nCaused by: ');
}

/** Walks `error` and its `cause` chain and answers the first value passing `test`. */
export function findInCauseChain(
  error: unknown,
  test: (e: unknown) => boolean,
): unknown {
  let current = error;
  for (
    let depth = 0;
    depth < MAX_CAUSE_DEPTH && current !== undefined;
    depth++
  ) {
    if (test(current)) return current;
    current =
      typeof current === 'object' && current !== null
        ? (current as { cause?: unknown }).cause
        : undefined;
  }
  return undefined;
}

/** Text of any value, even one whose `toString` or `toJSON` throws. */
export function safeString(value: unknown): string {
  try {
    return typeof value === 'string'
      ? value
      : (JSON.stringify(value) ?? String(value));
  } catch {
    // Cyclic objects, BigInts, throwing toJSON / toString.
    return Object.prototype.toString.call(value);
  }
}
