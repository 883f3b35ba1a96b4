import { In, type Repository } from 'typeorm';
import type { CheckpointStats } from '../pipelines/checkpoint.store.js';
import {
  LEASED_PIPELINE_STATUSES,
  type PipelineStatus,
} from '../pipelines/pipeline-status.enum.js';
import { WorkflowMessageEntity } from './workflow-message.entity.js';
import { WorkflowStepHistoryEntity } from './workflow-step-history.entity.js';

/**
 * Deletes up to `limit` messages in `statuses` finished before `before`, with their history,
 * in one transaction. The status is checked again by the DELETE itself, so a message replayed
 * meanwhile (no longer finished) is kept, and concurrent runs only share the work.
 * @returns how many messages were deleted
 */
export async function purgeFinishedMessages(
  messages: Repository<WorkflowMessageEntity>,
  before: Date,
  statuses: readonly PipelineStatus[],
  limit: number,
): Promise<number> {
  const rows = await messages
    .createQueryBuilder('m')
    .select('m.id', 'id')
    .where('m.status IN (:...statuses)', { statuses })
    .andWhere('m.finished_at < :before', { before })
    .orderBy('m.finished_at', 'ASC')
    .limit(limit)
    .getRawMany<{ id: string }>();
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  return messages.manager.transaction(async (manager) => {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(WorkflowMessageEntity)
      .where('id IN (:...ids)', { ids })
      .andWhere('status IN (:...statuses)', { statuses })
      .execute();
    const kept = new Set(
      (
        await manager.find(WorkflowMessageEntity, {
          select: { id: true },
          where: { id: In(ids) },
        })
      ).map((m) => m.id),
    );
    const purged = ids.filter((id) => !kept.has(id));
    if (purged.length > 0) {
      await manager.delete(WorkflowStepHistoryEntity, {
        messageId: In(purged),
      });
    }
    return result.affected ?? purged.length;
  });
}

/** Messages by status, and those stuck past their lease as of `now`. */
export async function queryCheckpointStats(
  messages: Repository<WorkflowMessageEntity>,
  now: Date,
): Promise<CheckpointStats> {
  const rows = await messages
    .createQueryBuilder('m')
    .select('m.status', 'status')
    .addSelect('COUNT(*)', 'count')
    .addSelect(
      'SUM(CASE WHEN m.status IN (:...leased) AND m.lease_until < :now THEN 1 ELSE 0 END)',
      'stuck',
    )
    .setParameters({ leased: LEASED_PIPELINE_STATUSES, now })
    .groupBy('m.status')
    .getRawMany<{
      status: PipelineStatus;
      count: string | number;
      stuck: string | number | null;
    }>();
  const byStatus: CheckpointStats['byStatus'] = {};
  let stuck = 0;
  for (const row of rows) {
    byStatus[row.status] = Number(row.count);
    stuck += Number(row.stuck ?? 0);
  }
  return { byStatus, stuck };
}
