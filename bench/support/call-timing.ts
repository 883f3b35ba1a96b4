import { performance } from 'node:perf_hooks';

/** Calls per side and round of the call-guarding benches. */
export const CALLS = 100_000;
/** Callers at once in their concurrent rows. */
export const CALLERS = 50;
/** Rounds of each comparison. */
export const ROUNDS = 11;
/** The timeout of the guarded stack and of opossum alike. */
export const TIMEOUT_MS = 10_000;

/**
 * opossum's own documentation's options (`timeout`, `errorThresholdPercentage`,
 * `resetTimeout`), with the stack's timeout.
 */
export const OPOSSUM_OPTIONS = {
  timeout: TIMEOUT_MS,
  errorThresholdPercentage: 50,
  resetTimeout: 30_000,
};

/**
 * How long the open breakers of the rejection rows stay open: past their reset timeout a probe
 * would close them, and the rows would time successes. The benches run for minutes.
 */
export const OPEN_FOR_MS = 3_600_000;

/** Nanoseconds per call of `calls` calls of `fn`, one at a time. */
export async function sequentialNs(
  fn: () => Promise<unknown>,
  calls = CALLS,
): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - start) * 1e6) / calls;
}

/** Nanoseconds per call of `calls` calls of `fn` made by `callers` callers at once. */
export async function concurrentNs(
  fn: () => Promise<unknown>,
  calls = CALLS,
  callers = CALLERS,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next++ < calls) await fn();
    }),
  );
  return ((performance.now() - start) * 1e6) / calls;
}
