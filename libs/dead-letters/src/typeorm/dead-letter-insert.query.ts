import type { Repository } from 'typeorm';
import type { DeadLetterEntity } from './dead-letter.entity.js';

/**
 * One multi-row `INSERT` of new dead letters that ignores ids already stored (PostgreSQL
 * `ON CONFLICT DO NOTHING`, SQLite `INSERT OR IGNORE`), so a retried batch is harmless.
 *
 * Built from the entity's column metadata and the driver's own value conversion, rather than
 * through the insert query builder: the write batcher sends hundreds of rows per statement, and
 * the builder's per-value bookkeeping cost more CPU than the database spent on the rows.
 */
export async function insertDeadLetterRows(
  repository: Repository<DeadLetterEntity>,
  rows: readonly DeadLetterEntity[],
): Promise<void> {
  if (rows.length === 0) return;
  const { metadata, manager } = repository;
  const driver = manager.connection.driver;
  const postgres = manager.connection.options.type === 'postgres';
  const columns = metadata.columns;
  const names = columns
    .map((column) => driver.escape(column.databaseName))
    .join(', ');
  const parameters: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const placeholders: string[] = [];
    for (const column of columns) {
      // A new row is at version 1; everything else is the row's own value.
      const value = column.isVersion ? 1 : column.getEntityValue(row);
      parameters.push(
        driver.preparePersistentValue(value ?? null, column) ?? null,
      );
      placeholders.push(
        driver.createParameter(`p${parameters.length}`, parameters.length - 1),
      );
    }
    tuples.push(`(${placeholders.join(', ')})`);
  }
  const table = driver.escape(metadata.tableName);
  const path = metadata.schema
    ? `${driver.escape(metadata.schema)}.${table}`
    : table;
  const sql = postgres
    ? `INSERT INTO ${path} (${names}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`
    : `INSERT OR IGNORE INTO ${path} (${names}) VALUES ${tuples.join(', ')}`;
  await manager.query(sql, parameters);
}
