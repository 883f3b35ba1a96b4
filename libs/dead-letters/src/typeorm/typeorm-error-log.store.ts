import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import type {
  ErrorCategory,
  ErrorSeverity,
  ProblemCode,
} from '@nest-resilience/resilience';
import {
  addToErrorLogStats,
  emptyErrorLogStats,
  type ErrorLogEntry,
  type ErrorLogQuery,
  type ErrorLogResolution,
  type ErrorLogStats,
  ErrorLogStore,
} from '@nest-resilience/problem-details';
import { ErrorLogEntity } from './error-log.entity.js';

const DEFAULT_QUERY_LIMIT = 100;

/**
 * The durable {@link ErrorLogStore}: every HIGH / CRITICAL error the exception filter records,
 * in the `error_log` table (PostgreSQL or SQLite, created by the dead letter migration). Bind it
 * in place of the in-memory store: `{ provide: ErrorLogStore, useExisting: TypeOrmErrorLogStore }`.
 *
 * `record` is asynchronous and may reject while the database is down; the filter catches and
 * logs that, so the request's own answer never depends on it.
 */
@Injectable()
export class TypeOrmErrorLogStore extends ErrorLogStore {
  constructor(
    @InjectRepository(ErrorLogEntity)
    private readonly repository: Repository<ErrorLogEntity>,
  ) {
    super();
  }

  async record(entry: ErrorLogEntry): Promise<void> {
    const row = new ErrorLogEntity();
    row.id = entry.id;
    row.timestamp = entry.timestamp;
    row.code = entry.code;
    row.status = entry.status;
    row.category = entry.category;
    row.severity = entry.severity;
    row.rule = entry.rule;
    row.requestId = entry.requestId;
    row.context = { ...entry.context };
    row.error = { ...entry.error };
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(ErrorLogEntity)
      // JSON columns are typed loosely, which TypeORM's deep-partial type cannot express.
      .values(row as QueryDeepPartialEntity<ErrorLogEntity>)
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  async query(query: ErrorLogQuery = {}): Promise<ErrorLogEntry[]> {
    const builder = this.repository.createQueryBuilder('e');
    if (query.severity !== undefined)
      builder.andWhere('e.severity = :severity', { severity: query.severity });
    if (query.category !== undefined)
      builder.andWhere('e.category = :category', { category: query.category });
    if (query.code !== undefined)
      builder.andWhere('e.code = :code', { code: query.code });
    if (query.requestId !== undefined)
      builder.andWhere('e.request_id = :requestId', {
        requestId: query.requestId,
      });
    if (query.since !== undefined)
      builder.andWhere('e.timestamp >= :since', { since: query.since });
    if (query.resolved !== undefined)
      builder.andWhere(
        query.resolved ? 'e.resolved_at IS NOT NULL' : 'e.resolved_at IS NULL',
      );
    if (query.after !== undefined)
      // Without row-value comparison, so PostgreSQL and SQLite read it the same.
      builder.andWhere(
        '(e.timestamp < :afterTime OR (e.timestamp = :afterTime AND e.id < :afterId))',
        { afterTime: query.after.timestamp, afterId: query.after.id },
      );
    const rows = await builder
      .orderBy('e.timestamp', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(query.limit ?? DEFAULT_QUERY_LIMIT)
      .getMany();
    return rows.map(toEntry);
  }

  async get(id: string): Promise<ErrorLogEntry | undefined> {
    const row = await this.repository.findOneBy({ id });
    return row === null ? undefined : toEntry(row);
  }

  async resolve(id: string, resolution: ErrorLogResolution): Promise<boolean> {
    // Conditional on the entry being open, so of two concurrent resolutions one wins.
    const result = await this.repository
      .createQueryBuilder()
      .update(ErrorLogEntity)
      .set({
        resolvedAt: resolution.at,
        resolvedBy: resolution.by,
        resolutionReason: resolution.reason,
      })
      .where('id = :id AND resolved_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async stats(recentSince: Date): Promise<ErrorLogStats> {
    const rows = await this.repository
      .createQueryBuilder('e')
      .select('e.code', 'code')
      .addSelect('e.category', 'category')
      .addSelect('e.severity', 'severity')
      .addSelect(
        'CASE WHEN e.resolved_at IS NULL THEN 0 ELSE 1 END',
        'resolved',
      )
      .addSelect('COUNT(*)', 'count')
      .addSelect(
        'SUM(CASE WHEN e.timestamp >= :recentSince THEN 1 ELSE 0 END)',
        'recent',
      )
      .setParameter('recentSince', recentSince)
      .groupBy('e.code')
      .addGroupBy('e.category')
      .addGroupBy('e.severity')
      .addGroupBy('CASE WHEN e.resolved_at IS NULL THEN 0 ELSE 1 END')
      .getRawMany<StatsRow>();
    const stats = emptyErrorLogStats();
    for (const row of rows) {
      // PostgreSQL answers counts as strings.
      addToErrorLogStats(stats, {
        code: row.code,
        category: row.category,
        severity: row.severity,
        resolved: Number(row.resolved) === 1,
        count: Number(row.count),
        recent: Number(row.recent),
      });
    }
    return stats;
  }

  /** Deletes entries older than `before` (retention). @returns how many */
  async purgeBefore(before: Date): Promise<number> {
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .from(ErrorLogEntity)
      .where('timestamp < :before', { before })
      .execute();
    return result.affected ?? 0;
  }
}

function toEntry(row: ErrorLogEntity): ErrorLogEntry {
  return {
    id: row.id,
    timestamp: row.timestamp,
    code: row.code as ProblemCode,
    status: row.status,
    category: row.category as ErrorCategory,
    severity: row.severity as ErrorSeverity,
    rule: row.rule,
    requestId: row.requestId,
    context: row.context as ErrorLogEntry['context'],
    error: row.error as ErrorLogEntry['error'],
    ...(row.resolvedAt === null || row.resolvedAt === undefined
      ? {}
      : {
          resolution: {
            at: row.resolvedAt,
            by: row.resolvedBy ?? '',
            reason: row.resolutionReason ?? '',
          },
        }),
  };
}

interface StatsRow {
  code: string;
  category: string;
  severity: string;
  resolved: number | string;
  count: number | string;
  recent: number | string | null;
}
