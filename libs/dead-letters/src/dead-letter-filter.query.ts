import type {
  DeadLetterCursor,
  DeadLetterFilter,
} from './dead-letter-query.interface.js';

/** SQL conditions (joined with AND) and their named parameters (`:name`, TypeORM's syntax). */
export interface SqlConditions {
  clauses: string[];
  parameters: Record<string, unknown>;
}

/**
 * The conditions selecting the entries of `filter`, on the dead letter table's column names,
 * prefixed by `alias.` when given. Pure, so the translation is tested without a database.
 * The time range is on `created_at` (when the entry was dead-lettered): `from` inclusive,
 * `to` exclusive.
 */
export function deadLetterFilterConditions(
  filter: DeadLetterFilter,
  alias?: string,
): SqlConditions {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const clauses: string[] = [];
  const parameters: Record<string, unknown> = {};
  const equal = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column(name)} = :f_${name}`);
    parameters[`f_${name}`] = value;
  };
  equal('source', filter.source);
  equal('destination', filter.destination);
  equal('status', filter.status);
  equal('category', filter.category);
  if (filter.from !== undefined) {
    clauses.push(`${column('created_at')} >= :f_from`);
    parameters.f_from = filter.from;
  }
  if (filter.to !== undefined) {
    clauses.push(`${column('created_at')} < :f_to`);
    parameters.f_to = filter.to;
  }
  if (filter.notAttemptedSince !== undefined) {
    clauses.push(
      `(${column('last_attempt_at')} IS NULL OR ${column('last_attempt_at')} < :f_attempted)`,
    );
    parameters.f_attempted = filter.notAttemptedSince;
  }
  return { clauses, parameters };
}

/**
 * The keyset condition of the page after `cursor`, for a listing ordered newest first by
 * `(created_at, id)`: strictly older, or as old with a smaller id. Written without row-value
 * comparison so PostgreSQL and SQLite read it the same.
 */
export function deadLetterCursorCondition(
  cursor: DeadLetterCursor,
  alias?: string,
): SqlConditions {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return {
    clauses: [
      `(${column('created_at')} < :c_created OR (${column('created_at')} = :c_created AND ${column('id')} < :c_id))`,
    ],
    parameters: { c_created: cursor.createdAt, c_id: cursor.id },
  };
}

/**
 * The keyset condition of the entries after `position` in oldest-first order by
 * `(created_at, id)` (a bulk replay's claim order): strictly newer, or as old with a greater id.
 */
export function deadLetterAfterCondition(
  position: DeadLetterCursor,
  alias?: string,
): SqlConditions {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return {
    clauses: [
      `(${column('created_at')} > :p_created OR (${column('created_at')} = :p_created AND ${column('id')} > :p_id))`,
    ],
    parameters: { p_created: position.createdAt, p_id: position.id },
  };
}
