/** What one run of a recovery job did: counts by what it found or did (`claimed`, `purged`, ...). */
export type RecoveryReport = Record<string, number | string>;

/**
 * One recovery job. Every job must be safe to run on several instances at once: each change is
 * a conditional statement the database re-checks, so at worst an instance finds nothing to do.
 */
export interface RecoveryJob {
  /** Stable name (`stuck-messages`), used in logs, summaries and the admin API. */
  readonly name: string;
  /** Does one pass. @throws whatever stopped it; the summary records it */
  run(): Promise<RecoveryReport>;
}

/** The last run of a job, as the recovery admin API shows it. */
export interface RecoveryRunSummary {
  job: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  ok: boolean;
  report: RecoveryReport;
  /** Why the run failed. */
  error?: string;
  /** Runs since start, and failed ones among them. */
  runs: number;
  failures: number;
}
