import { performance } from 'node:perf_hooks';

/** Median of the per-call time, in nanoseconds, of `rounds` runs of `calls` sequential calls. */
export async function nsPerCall(
  fn: () => Promise<unknown>,
  { calls = 100_000, rounds = 7 }: { calls?: number; rounds?: number } = {},
): Promise<number> {
  for (let i = 0; i < Math.min(calls, 20_000); i++) await fn();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    samples.push(((performance.now() - start) * 1e6) / calls);
  }
  return median(samples);
}

/** The middle value (of an even count, the mean of the two middle ones). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Prints a table row: label, figure, and the ratio to a baseline with its target. */
export function report(
  label: string,
  value: number,
  unit: string,
  ratio?: { to: string; value: number; target?: string; ok?: boolean },
): void {
  const figure = `${value.toFixed(value < 100 ? 2 : 0)} ${unit}`.padStart(14);
  const versus = ratio
    ? `  ${ratio.value.toFixed(2)}x ${ratio.to}` +
      (ratio.target
        ? ` (target ${ratio.target}: ${ratio.ok ? 'met' : 'MISSED'})`
        : '')
    : '';
  process.stdout.write(`${label.padEnd(58)}${figure}${versus}\n`);
}

/** A section heading. */
export function heading(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}
