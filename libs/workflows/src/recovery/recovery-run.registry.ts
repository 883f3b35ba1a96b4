import { Injectable } from '@nestjs/common';
import type {
  RecoveryReport,
  RecoveryRunSummary,
} from './recovery-job.interface.js';

/** The last run of every recovery job in this instance, for the admin API and tests. */
@Injectable()
export class RecoveryRunRegistry {
  private readonly summaries = new Map<string, RecoveryRunSummary>();

  /** Records a run. @returns its summary */
  record(
    job: string,
    startedAt: Date,
    outcome: { report: RecoveryReport } | { error: unknown },
  ): RecoveryRunSummary {
    const finishedAt = new Date();
    const previous = this.summaries.get(job);
    const ok = 'report' in outcome;
    const summary: RecoveryRunSummary = {
      job,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ok,
      report: ok ? outcome.report : {},
      ...(ok ? {} : { error: describe(outcome.error) }),
      runs: (previous?.runs ?? 0) + 1,
      failures: (previous?.failures ?? 0) + (ok ? 0 : 1),
    };
    this.summaries.set(job, summary);
    return summary;
  }

  /** The last run of `job`, if it ran. */
  get(job: string): RecoveryRunSummary | undefined {
    return this.summaries.get(job);
  }

  /** The last run of every job that ran. */
  list(): RecoveryRunSummary[] {
    return [...this.summaries.values()];
  }
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
