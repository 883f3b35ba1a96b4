import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';
import type { OutboxEvent } from '../outbox-event.interface.js';
import {
  rowsOf,
  type MessagingTransactionRunner,
} from '../storage/messaging-transaction.runner.js';
import type { OutboundMessage } from './outbound-message.interface.js';

interface OutboxRow {
  id: string | number;
  message_id: string;
  type: string;
  destination: string | null;
  group_key: string;
  sequence: number | string;
  payload: string;
  headers: string;
  created_at: string | number;
}

/** Backlog of the outbox, for health. */
export interface OutboxBacklog {
  /** Events not published yet. */
  pending: number;
  /** When the oldest of them was stored (epoch ms). */
  oldestCreatedAt?: number;
}

/**
 * The outbox's statements, for PostgreSQL and SQLite. Adding an event takes the next sequence
 * number of its group in the caller's transaction (one statement on PostgreSQL). The relay
 * claims rows with a lease (`claimed_by`, `claimed_until`), on PostgreSQL with
 * `FOR UPDATE SKIP LOCKED` so that several instances never take the same rows; a crashed
 * relay's rows are taken again once its lease ran out.
 */
export class OutboxStore {
  private readonly outbox: string;
  private readonly groups: string;

  constructor(private readonly db: MessagingTransactionRunner) {
    this.outbox = db.table(MESSAGING_TABLES.outbox);
    this.groups = db.table(MESSAGING_TABLES.outboxGroups);
  }

  /** Stores `event` through the caller's `manager`. @returns the message id given to it */
  async add(
    manager: EntityManager,
    event: OutboxEvent,
    headers: Record<string, string>,
  ): Promise<string> {
    const messageId = randomUUID();
    const payload = JSON.stringify(event.payload ?? null);
    const values = [
      messageId,
      event.type,
      event.destination ?? null,
      payload,
      JSON.stringify(headers),
      Date.now(),
    ];
    if (this.db.isPostgres) {
      await manager.query(
        `WITH seq AS (
           INSERT INTO ${this.groups} AS g (group_key, last_sequence) VALUES ($1, 1)
           ON CONFLICT (group_key) DO UPDATE SET last_sequence = g.last_sequence + 1
           RETURNING last_sequence
         )
         INSERT INTO ${this.outbox} (message_id, type, destination, group_key, sequence, payload, headers, created_at, attempts)
         SELECT $2::varchar, $3::varchar, $4::varchar, $1::varchar, last_sequence, $5::text, $6::text, $7::bigint, 0 FROM seq`,
        [event.groupKey, ...values],
      );
      return messageId;
    }
    const [seq] = rowsOf<{ last_sequence: number }>(
      await manager.query(
        `INSERT INTO ${this.groups} AS g (group_key, last_sequence) VALUES (?, 1)
         ON CONFLICT (group_key) DO UPDATE SET last_sequence = g.last_sequence + 1
         RETURNING last_sequence`,
        [event.groupKey],
      ),
    );
    await manager.query(
      `INSERT INTO ${this.outbox} (message_id, type, destination, group_key, sequence, payload, headers, created_at, attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      [
        messageId,
        event.type,
        event.destination ?? null,
        event.groupKey,
        seq.last_sequence,
        payload,
        values[4],
        values[5],
      ],
    );
    return messageId;
  }

  /** Claims up to `limit` unpublished events for `owner` until `leaseMs` from now, in order. */
  async claim(
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<OutboundMessage[]> {
    const now = Date.now();
    const lock = this.db.isPostgres ? 'FOR UPDATE SKIP LOCKED' : '';
    const rows = rowsOf<OutboxRow>(
      await this.db.query(
        this.db.sql(
          `UPDATE ${this.outbox} SET claimed_by = ?, claimed_until = ?
            WHERE id IN (SELECT id FROM ${this.outbox}
                          WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)
                          ORDER BY id LIMIT ? ${lock})
           RETURNING id, message_id, type, destination, group_key, sequence, payload, headers, created_at`,
        ),
        [owner, now + leaseMs, now, limit],
      ),
    );
    return rows
      .map(toMessage)
      .sort((a, b) => Number(a.position) - Number(b.position));
  }

  /** Marks confirmed events published (only those `owner` still holds). */
  async markPublished(
    owner: string,
    positions: readonly string[],
  ): Promise<void> {
    if (positions.length === 0) return;
    await this.db.query(
      this.db.sql(
        `UPDATE ${this.outbox} SET published_at = ?, claimed_by = NULL, claimed_until = NULL
          WHERE claimed_by = ? AND id IN (${positions.map(() => '?').join(', ')})`,
      ),
      [Date.now(), owner, ...positions],
    );
  }

  /** Gives events back for another try; `error` (when given) counts a failed attempt. */
  async release(
    owner: string,
    positions: readonly string[],
    error?: string,
  ): Promise<void> {
    if (positions.length === 0) return;
    const failed =
      error === undefined ? '' : ', attempts = attempts + 1, last_error = ?';
    await this.db.query(
      this.db.sql(
        `UPDATE ${this.outbox} SET claimed_by = NULL, claimed_until = NULL${failed}
          WHERE claimed_by = ? AND id IN (${positions.map(() => '?').join(', ')})`,
      ),
      [
        ...(error === undefined ? [] : [error.slice(0, 2000)]),
        owner,
        ...positions,
      ],
    );
  }

  /** Events waiting to be published. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = rowsOf<{
      pending: number | string;
      oldest: number | string | null;
    }>(
      await this.db.query(
        `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM ${this.outbox} WHERE published_at IS NULL`,
        [],
      ),
    );
    return {
      pending: Number(row?.pending ?? 0),
      ...(row?.oldest === null || row?.oldest === undefined
        ? {}
        : { oldestCreatedAt: Number(row.oldest) }),
    };
  }

  /** Deletes events published before `before` (epoch ms). @returns how many */
  async purgePublished(before: number): Promise<number> {
    const rows = rowsOf(
      await this.db.query(
        this.db.sql(
          `DELETE FROM ${this.outbox} WHERE published_at IS NOT NULL AND published_at < ? RETURNING id`,
        ),
        [before],
      ),
    );
    return rows.length;
  }
}

function toMessage(row: OutboxRow): OutboundMessage {
  return {
    position: String(row.id),
    messageId: row.message_id,
    pattern: row.type,
    ...(row.destination === null ? {} : { destination: row.destination }),
    groupKey: row.group_key,
    sequence: Number(row.sequence),
    payload: row.payload,
    headers: JSON.parse(row.headers) as Record<string, string>,
    createdAt: Number(row.created_at),
  };
}
