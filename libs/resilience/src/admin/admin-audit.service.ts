import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type {
  AdminAuditEntry,
  AdminAuditOutcome,
  AdminAuditPage,
} from './admin-audit-entry.interface.js';
import { AdminAuditCursorCodec } from './admin-audit-cursor.codec.js';
import type { AdminAuditQuery } from './admin-audit-query.parser.js';
import { AdminAuditStore } from './admin-audit.store.js';
import type { AdminPrincipal } from './admin-principal.interface.js';

/** What one admin action says about itself. */
export interface AdminActionRecord {
  action: string;
  target?: string;
  outcome: AdminAuditOutcome;
  details?: Record<string, unknown>;
}

/**
 * Writes the audit log of admin actions: one entry per action, with the authenticated
 * principal as its actor and the request's `X-Request-Id`, and one log line naming the actor.
 * The entry is written once the action has ended; a store that fails is logged and does not
 * undo or fail the action.
 */
@Injectable()
export class AdminAuditService {
  private readonly logger = new Logger('AdminAudit');

  constructor(private readonly store: AdminAuditStore) {}

  /** Records what `principal` asked for in `request`. */
  async record(
    request: Request,
    principal: AdminPrincipal,
    record: AdminActionRecord,
  ): Promise<void> {
    const entry: AdminAuditEntry = {
      id: randomUUID(),
      at: new Date(),
      actor: principal.name,
      action: record.action,
      target: record.target ?? null,
      outcome: record.outcome,
      requestId: requestIdOf(request),
      ...(record.details === undefined ? {} : { details: record.details }),
    };
    const line =
      `${entry.action}${entry.target === null ? '' : ` ${entry.target}`} by ${entry.actor}: ` +
      `${entry.outcome} requestId=${entry.requestId ?? '-'}`;
    if (entry.outcome === 'SUCCEEDED') this.logger.log(line);
    else this.logger.warn(line);
    try {
      await this.store.append(entry);
    } catch (error) {
      this.logger.error(
        `Audit entry ${entry.id} (${entry.action} by ${entry.actor}) could not be stored`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  /** One page of the audit log, newest first. */
  async list(query: AdminAuditQuery): Promise<AdminAuditPage> {
    const found = await this.store.list(
      query.filter,
      query.limit,
      query.cursor,
    );
    const items = found.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        found.length > query.limit && last
          ? AdminAuditCursorCodec.encode(last)
          : null,
    };
  }
}

function requestIdOf(request: Request): string | null {
  const response = (request as { res?: Response }).res;
  const header = response?.getHeader('X-Request-Id');
  return typeof header === 'string' && header !== '' ? header : null;
}
