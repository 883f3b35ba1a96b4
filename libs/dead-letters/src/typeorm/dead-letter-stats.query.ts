import type { Repository } from 'typeorm';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import type { DeadLetterStats } from '../dead-letter-query.interface.js';
import { REPLAY_RESOLVER } from '../dead-letter.constants.js';
import type { DeadLetterEntity } from './dead-letter.entity.js';

/** How many of the most frequent error codes the stats list. */
const TOP_CODES = 10;

type Counted = { key: string | null; count: string | number };
type CountedPair = {
  status: string;
  category: string | null;
  count: string | number;
};

async function countBy(
  repository: Repository<DeadLetterEntity>,
  column: string,
): Promise<Record<string, number>> {
  const rows = await repository
    .createQueryBuilder('d')
    .select(`d.${column}`, 'key')
    .addSelect('COUNT(*)', 'count')
    .groupBy(`d.${column}`)
    .getRawMany<Counted>();
  const counts: Record<string, number> = {};
  // PostgreSQL answers COUNT(*) as a bigint string, SQLite as a number.
  for (const row of rows) counts[String(row.key)] = Number(row.count);
  return counts;
}

/**
 * The counts of `GET /admin/dlq/stats` in a handful of grouped queries: by status, category,
 * both together and severity, the top error codes, the oldest pending entry and how entries were resolved.
 */
export async function queryDeadLetterStats(
  repository: Repository<DeadLetterEntity>,
  now: Date,
): Promise<DeadLetterStats> {
  const [byStatus, byCategory, pairs, bySeverity, codes, oldest, recovered] =
    await Promise.all([
      countBy(repository, 'status'),
      countBy(repository, 'category'),
      repository
        .createQueryBuilder('d')
        .select('d.status', 'status')
        .addSelect('d.category', 'category')
        .addSelect('COUNT(*)', 'count')
        .groupBy('d.status')
        .addGroupBy('d.category')
        .getRawMany<CountedPair>(),
      countBy(repository, 'severity'),
      repository
        .createQueryBuilder('d')
        .select('d.error_code', 'key')
        .addSelect('COUNT(*)', 'count')
        .groupBy('d.error_code')
        .orderBy('count', 'DESC')
        .addOrderBy('d.error_code', 'ASC')
        .limit(TOP_CODES)
        .getRawMany<Counted>(),
      repository.findOne({
        select: { id: true, createdAt: true },
        where: { status: DeadLetterStatus.PENDING },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      repository.countBy({
        status: DeadLetterStatus.RESOLVED,
        resolvedBy: REPLAY_RESOLVER,
      }),
    ]);
  const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  const resolved = byStatus[DeadLetterStatus.RESOLVED] ?? 0;
  return {
    total,
    open: total - resolved,
    byStatus,
    byCategory,
    byStatusAndCategory: pairs.map((row) => ({
      status: row.status,
      category: String(row.category),
      count: Number(row.count),
    })),
    bySeverity,
    topErrorCodes: codes.map((row) => ({
      code: String(row.key),
      count: Number(row.count),
    })),
    oldestPendingAt: oldest ? oldest.createdAt.toISOString() : null,
    oldestPendingAgeMs: oldest
      ? Math.max(0, now.getTime() - oldest.createdAt.getTime())
      : null,
    recovered,
    resolvedManually: resolved - recovered,
    recoveryRate: total === 0 ? null : recovered / total,
  };
}
