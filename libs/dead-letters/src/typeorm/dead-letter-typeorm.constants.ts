import { AddDeadLetterMessageIndexMigration } from './add-dead-letter-message-index.migration.js';
import { AddDeadLetterReplayCountMigration } from './add-dead-letter-replay-count.migration.js';
import { AddDeadLetterReplayedAtMigration } from './add-dead-letter-replayed-at.migration.js';
import { BulkReplayJobEntity } from './bulk-replay-job.entity.js';
import { CreateBulkReplayJobsTableMigration } from './create-bulk-replay-jobs-table.migration.js';
import { CreateDeadLetterTablesMigration } from './create-dead-letter-tables.migration.js';
import { DeadLetterEntity } from './dead-letter.entity.js';
import { AddErrorLogResolutionMigration } from './add-error-log-resolution.migration.js';
import { ErrorLogEntity } from './error-log.entity.js';

/**
 * Entities of the dead letter queue, its bulk replay jobs and the durable error log: add them
 * to the application's TypeORM `entities` (as classes: a bundled app has no files to glob).
 */
export const DEAD_LETTER_ENTITIES = [
  DeadLetterEntity,
  ErrorLogEntity,
  BulkReplayJobEntity,
] as const;

/** Migrations creating their tables: add them to the application's TypeORM `migrations`. */
export const DEAD_LETTER_MIGRATIONS = [
  CreateDeadLetterTablesMigration,
  AddDeadLetterMessageIndexMigration,
  AddDeadLetterReplayCountMigration,
  AddDeadLetterReplayedAtMigration,
  CreateBulkReplayJobsTableMigration,
  AddErrorLogResolutionMigration,
] as const;
