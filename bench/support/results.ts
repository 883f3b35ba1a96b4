// The run's results, gathered across benchmark files (each runs in a process of its own) into
// one file, printed as a table when the run ends (see summary.global-setup.ts).
import { appendFileSync } from 'node:fs';

/** One printed result. */
export interface BenchResult {
  name: string;
  /** Median ratio subject / baseline, with its range over the rounds. */
  ratio?: number;
  min?: number;
  max?: number;
  rounds?: number;
  /** The subject's median figure, with its unit. */
  subject: string;
  target?: string;
  /** `undefined` without a target. */
  met?: boolean;
}

/** Variable naming the file the results are appended to; set by the run's global setup. */
export const RESULTS_FILE_VARIABLE = 'BENCH_RESULTS_FILE';

/** Appends `result` to the run's results file, when there is one (not when a file runs alone as a script). */
export function recordResult(result: BenchResult): void {
  const file = process.env[RESULTS_FILE_VARIABLE];
  if (file) appendFileSync(file, `${JSON.stringify(result)}\n`);
}
