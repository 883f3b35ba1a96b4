// Global setup of `npm run bench`: names a results file for the benchmark processes, and at
// the end of the run prints every result in one table (ratio, range, target, met or MISSED).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_FILE_VARIABLE, type BenchResult } from './results.js';

export default function setup(): () => void {
  const file = join(tmpdir(), `nest-resilience-bench-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  process.env[RESULTS_FILE_VARIABLE] = file;
  return () => {
    if (!existsSync(file)) return;
    const results = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BenchResult);
    rmSync(file, { force: true });
    const lines = results.map((r) => {
      const ratio =
        r.ratio === undefined
          ? ''.padEnd(28)
          : `${r.ratio.toFixed(2)}x (${r.min!.toFixed(2)}–${r.max!.toFixed(2)}, ${r.rounds} rounds)`.padEnd(
              28,
            );
      const verdict =
        r.met === undefined ? '' : `${r.target}: ${r.met ? 'met' : 'MISSED'}`;
      return `${r.name.slice(0, 70).padEnd(71)}${r.subject.padStart(18)}  ${ratio}  ${verdict}`;
    });
    const missed = results.filter((r) => r.met === false).length;
    const met = results.filter((r) => r.met === true).length;
    process.stdout.write(
      `\n== Summary: ${met} targets met, ${missed} MISSED\n${lines.join('\n')}\n`,
    );
  };
}
