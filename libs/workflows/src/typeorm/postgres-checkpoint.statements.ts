import type { DataSource, EntityMetadata } from 'typeorm';
import type { CheckpointPatch } from '../pipelines/checkpoint.interface.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import { WorkflowMessageEntity } from './workflow-message.entity.js';
import { WorkflowStepHistoryEntity } from './workflow-step-history.entity.js';
import { toHistoryRow, toPatchValues } from './checkpoint-entity.mapper.js';

/** One statement with its positional parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

// History columns written by a checkpoint, in order, with the casts VALUES needs.
const HISTORY_COLUMNS: [keyof WorkflowStepHistoryEntity, string][] = [
  ['step', 'varchar'],
  ['action', 'varchar'],
  ['outcome', 'varchar'],
  ['attempt', 'integer'],
  ['error', 'json'],
  ['strategy', 'varchar'],
  ['reason', 'text'],
  ['startedAt', 'timestamptz'],
  ['finishedAt', 'timestamptz'],
];

/**
 * The checkpoint write as one PostgreSQL statement: the fenced UPDATE of the message and the
 * INSERT of its history lines in a single data-modifying CTE, atomic without an explicit
 * transaction. One round trip and one commit instead of four round trips (BEGIN, UPDATE,
 * INSERT, COMMIT): the checkpoint is the engine's main cost (see bench/integration.bench.ts).
 * Names come from the entities' metadata, so a configured schema is honoured.
 */
export class PostgresCheckpointStatements {
  private readonly messages: EntityMetadata;
  private readonly history: EntityMetadata;

  constructor(private readonly dataSource: DataSource) {
    this.messages = dataSource.getMetadata(WorkflowMessageEntity);
    this.history = dataSource.getMetadata(WorkflowStepHistoryEntity);
  }

  /**
   * The fenced checkpoint: it returns one row per history line (or the message's id when
   * there is none) only if `token` still held the message.
   */
  commit(
    id: string,
    token: string,
    patch: CheckpointPatch,
    entries: readonly StepHistoryEntry[],
    at: Date,
  ): Statement {
    const params: unknown[] = [];
    const param = (value: unknown, cast?: string) => {
      params.push(value);
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    };
    const column = (metadata: EntityMetadata, property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found)
        throw new TypeError(`${metadata.name} has no column ${property}`);
      return found;
    };
    const sets = Object.entries(toPatchValues(patch, at)).map(
      ([property, value]) => {
        const found = column(this.messages, property);
        // node-postgres would send an array as a PostgreSQL array: JSON columns get JSON text.
        const sent =
          found.type === 'json' && value !== null
            ? JSON.stringify(value)
            : value;
        return `${this.escape(found.databaseName)} = ${param(sent, found.type === 'json' ? 'json' : undefined)}`;
      },
    );
    const idColumn = this.escape(column(this.messages, 'id').databaseName);
    const tokenColumn = this.escape(
      column(this.messages, 'leaseToken').databaseName,
    );
    const update =
      `UPDATE ${this.table(this.messages)} SET ${sets.join(', ')} ` +
      `WHERE ${idColumn} = ${param(id)} AND ${tokenColumn} = ${param(token)} RETURNING ${idColumn} AS id`;
    if (entries.length === 0) return { sql: update, params };
    const rows = entries.map((entry) => {
      const row = toHistoryRow(id, entry);
      const values = HISTORY_COLUMNS.map(([property, cast]) => {
        const value = row[property];
        return param(
          cast === 'json' && value !== null ? JSON.stringify(value) : value,
          cast,
        );
      });
      return `(${values.join(', ')})`;
    });
    const names = [
      'messageId',
      ...HISTORY_COLUMNS.map(([property]) => property),
    ].map((p) => this.escape(column(this.history, p).databaseName));
    const aliases = HISTORY_COLUMNS.map((_, i) => `c${i}`);
    return {
      sql:
        `WITH fenced AS (${update}) ` +
        `INSERT INTO ${this.table(this.history)} (${names.join(', ')}) ` +
        `SELECT fenced.id, ${aliases.map((a) => `v.${a}`).join(', ')} FROM fenced ` +
        `CROSS JOIN (VALUES ${rows.join(', ')}) AS v(${aliases.join(', ')}) RETURNING 1`,
      params,
    };
  }

  /** A message row as PostgreSQL returns it (JSON parsed, timestamps as dates), as the entity. */
  toEntity(raw: Record<string, unknown>): WorkflowMessageEntity {
    const entity = new WorkflowMessageEntity();
    for (const c of this.messages.columns) {
      (entity as unknown as Record<string, unknown>)[c.propertyName] =
        raw[c.databaseName] ?? null;
    }
    return entity;
  }

  private table(metadata: EntityMetadata): string {
    return metadata.tablePath
      .split('.')
      .map((part) => this.escape(part))
      .join('.');
  }

  private escape(name: string): string {
    return this.dataSource.driver.escape(name);
  }
}
