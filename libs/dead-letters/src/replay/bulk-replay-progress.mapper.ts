import type { BulkReplayJobRecord } from './bulk-replay-job-record.interface.js';
import type { BulkReplayProgress } from './bulk-replay-progress.interface.js';

const iso = (date: Date | null): string | null =>
  date === null ? null : date.toISOString();

/** The progress a job record shows (`GET /admin/dlq/replay/:jobId`). */
export function toBulkReplayProgress(
  job: BulkReplayJobRecord,
): BulkReplayProgress {
  return {
    id: job.id,
    state: job.state,
    filter: { ...job.filter },
    ratePerSecond: job.ratePerSecond,
    limit: job.limit,
    ...job.counters,
    startedAt: job.startedAt.toISOString(),
    finishedAt: iso(job.finishedAt),
    startedBy: job.actor,
    owner: job.owner,
    heartbeatAt: iso(job.heartbeatAt),
    leaseExpiresAt: iso(job.leaseExpiresAt),
    takeovers: job.takeovers,
    cancelRequestedAt: iso(job.cancelRequestedAt),
    ...(job.error === null ? {} : { error: job.error }),
  };
}
