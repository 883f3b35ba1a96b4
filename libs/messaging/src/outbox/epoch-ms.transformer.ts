import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds (`bigint`): the same comparisons on PostgreSQL and
 * SQLite, and no driver-specific date binding in the raw statements of the inbox and outbox.
 * PostgreSQL hands `bigint` back as a string, hence the conversion.
 */
export const epochMsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) =>
    value === null ? null : Number(value),
};
