import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import type {
  ErrorCategory,
  ErrorSeverity,
  ProblemCode,
} from '@nest-resilience/resilience';
import {
  type ErrorLogEntry,
  type ErrorLogQuery,
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
    const rows = await builder
      .orderBy('e.timestamp', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(query.limit ?? DEFAULT_QUERY_LIMIT)
      .getMany();
    return rows.map(toEntry);
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
  };
}
