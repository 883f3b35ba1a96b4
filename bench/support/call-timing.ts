import { performance } from 'node:perf_hooks';

/** Calls per side and round of the call-guarding benches. */
export const CALLS = 100_000;
/** Callers at once in their concurrent rows. */
export const CALLERS = 50;

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
