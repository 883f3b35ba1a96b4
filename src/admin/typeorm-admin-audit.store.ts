import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import {
  AdminAuditStore,
  type AdminAuditCursor,
  type AdminAuditEntry,
  type AdminAuditFilter,
  type AdminAuditOutcome,
} from '@nest-resilience/resilience';
import { AdminAuditEntity } from './entities/admin-audit.entity.js';

/**
 * The admin audit log in the application's database (PostgreSQL or SQLite): kept across
 * restarts and shared by every instance. Entries are only ever added.
 */
@Injectable()
export class TypeOrmAdminAuditStore extends AdminAuditStore {
  constructor(
    @InjectRepository(AdminAuditEntity)
    private readonly rows: Repository<AdminAuditEntity>,
  ) {
    super();
  }

  async append(entry: AdminAuditEntry): Promise<void> {
    const row: AdminAuditEntity = {
      id: entry.id,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      outcome: entry.outcome,
      requestId: entry.requestId,
      details: entry.details ?? null,
    };
    // TypeORM's insert type does not take a JSON column typed as a record; the row is the entity.
    await this.rows.insert(row as QueryDeepPartialEntity<AdminAuditEntity>);
  }

  async list(
    filter: AdminAuditFilter,
    limit: number,
    cursor?: AdminAuditCursor,
  ): Promise<AdminAuditEntry[]> {
    const query = this.rows.createQueryBuilder('a');
    if (filter.actor !== undefined) {
      query.andWhere('a.actor = :actor', { actor: filter.actor });
    }
    if (filter.action !== undefined) {
      query.andWhere('a.action = :action', { action: filter.action });
    }
    if (filter.outcome !== undefined) {
      query.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    }
    if (cursor) {
      // Newest first by (at, id): strictly older, or as old with a smaller id. No row-value
      // comparison, so PostgreSQL and SQLite read it the same.
      query.andWhere('(a.at < :c_at OR (a.at = :c_at AND a.id < :c_id))', {
        c_at: cursor.at,
        c_id: cursor.id,
      });
    }
    const rows = await query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return rows.map(toEntry);
  }
}

function toEntry(row: AdminAuditEntity): AdminAuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AdminAuditOutcome,
    requestId: row.requestId,
    ...(row.details === null ? {} : { details: row.details }),
  };
}
