import type {
  BulkReplayCheckpoint,
  BulkReplayJobRecord,
} from '../replay/bulk-replay-job-record.interface.js';
import type { BulkReplayState } from '../replay/bulk-replay-progress.interface.js';
import { BulkReplayJobEntity } from './bulk-replay-job.entity.js';

/** The columns a checkpoint writes. */
export function checkpointColumns(
  progress: BulkReplayCheckpoint,
): Partial<BulkReplayJobEntity> {
  const { counters, position } = progress;
  return {
    claimed: counters.claimed,
    delivered: counters.delivered,
    handedOver: counters.handedOver,
    failed: counters.failed,
    released: counters.released,
    skipped: counters.skipped,
    positionCreatedAt: position?.createdAt ?? null,
    positionId: position?.id ?? null,
    chunkToken: progress.chunkToken,
  };
}

/** The row of a new job. */
export function toBulkReplayJobRow(
  job: BulkReplayJobRecord,
): BulkReplayJobEntity {
  return Object.assign(new BulkReplayJobEntity(), {
    id: job.id,
    state: job.state,
    filter: job.filter,
    ratePerSecond: job.ratePerSecond,
    maxEntries: job.limit,
    actor: job.actor,
    ...checkpointColumns(job),
    owner: job.owner,
    leaseToken: job.leaseToken,
    leaseExpiresAt: job.leaseExpiresAt,
    heartbeatAt: job.heartbeatAt,
    takeovers: job.takeovers,
    cancelRequestedAt: job.cancelRequestedAt,
    cancelRequestedBy: job.cancelRequestedBy,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error,
  });
}

/** The job a row holds. */
export function fromBulkReplayJobRow(
  row: BulkReplayJobEntity,
): BulkReplayJobRecord {
  return {
    id: row.id,
    state: row.state as BulkReplayState,
    // A JSON column some drivers hand back as text.
    filter: (typeof row.filter === 'string'
      ? JSON.parse(row.filter)
      : row.filter) as Record<string, string>,
    ratePerSecond: Number(row.ratePerSecond),
    limit: row.maxEntries,
    actor: row.actor,
    counters: {
      claimed: row.claimed,
      delivered: row.delivered,
      handedOver: row.handedOver,
      failed: row.failed,
      released: row.released,
      skipped: row.skipped,
    },
    position:
      row.positionCreatedAt === null || row.positionId === null
        ? null
        : { createdAt: row.positionCreatedAt, id: row.positionId },
    chunkToken: row.chunkToken,
    owner: row.owner,
    leaseToken: row.leaseToken,
    leaseExpiresAt: row.leaseExpiresAt,
    heartbeatAt: row.heartbeatAt,
    takeovers: row.takeovers,
    cancelRequestedAt: row.cancelRequestedAt,
    cancelRequestedBy: row.cancelRequestedBy,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
  };
}
