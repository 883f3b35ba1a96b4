import type { Repository } from 'typeorm';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import {
  deadLetterAfterCondition,
  deadLetterFilterConditions,
} from '../dead-letter-filter.query.js';
import type {
  DeadLetterCursor,
  DeadLetterFilter,
} from '../dead-letter-query.interface.js';
import type { DeadLetterEntity } from './dead-letter.entity.js';

/** The WHERE clause of a bulk claim's UPDATE and its parameters. */
export interface ClaimCandidates {
  where: string;
  parameters: Record<string, unknown>;
  /** The status claimed from: `FAILED` when the filter asks for it, else `PENDING`. */
  status: DeadLetterStatus;
}

/**
 * Selects up to `limit` entries of `filter` to claim, oldest first, after `after` when given. On PostgreSQL the rows are
 * locked `FOR UPDATE SKIP LOCKED`, so concurrent claimers take different rows, and the subquery
 * is wrapped in `ARRAY(...)`, which runs it once: as an `IN` semi-join PostgreSQL may rescan
 * it, and each rescan would skip the rows just locked and return the next ones, claiming past
 * the limit. SQLite serialises writers, so a plain `IN` is enough there.
 */
export function claimCandidates(
  repository: Repository<DeadLetterEntity>,
  filter: DeadLetterFilter,
  limit: number,
  after?: DeadLetterCursor,
): ClaimCandidates {
  const status =
    filter.status === DeadLetterStatus.FAILED
      ? DeadLetterStatus.FAILED
      : DeadLetterStatus.PENDING;
  const conditions = deadLetterFilterConditions({ ...filter, status }, 'c');
  const query = repository.createQueryBuilder('c').select('c.id');
  for (const clause of conditions.clauses) query.andWhere(clause);
  query.setParameters(conditions.parameters);
  if (after) {
    const position = deadLetterAfterCondition(after, 'c');
    for (const clause of position.clauses) query.andWhere(clause);
    query.setParameters(position.parameters);
  }
  query.orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').limit(limit);
  if (repository.manager.connection.options.type !== 'postgres') {
    return {
      where: `id IN (${query.getQuery()})`,
      parameters: query.getParameters(),
      status,
    };
  }
  query.setLock('pessimistic_write').setOnLocked('skip_locked');
  return {
    where: `id = ANY(ARRAY(${query.getQuery()}))`,
    parameters: query.getParameters(),
    status,
  };
}
