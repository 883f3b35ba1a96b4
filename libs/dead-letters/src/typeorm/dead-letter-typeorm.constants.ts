import { AddDeadLetterMessageIndexMigration } from './add-dead-letter-message-index.migration.js';
import { AddDeadLetterReplayCountMigration } from './add-dead-letter-replay-count.migration.js';
import { CreateDeadLetterTablesMigration } from './create-dead-letter-tables.migration.js';
import { DeadLetterEntity } from './dead-letter.entity.js';
import { ErrorLogEntity } from './error-log.entity.js';

/**
 * Entities of the dead letter queue and the durable error log: add them to the application's
 * TypeORM `entities` (as classes: a bundled app has no files to glob).
 */
export const DEAD_LETTER_ENTITIES = [DeadLetterEntity, ErrorLogEntity] as const;

/** Migrations creating their tables: add them to the application's TypeORM `migrations`. */
export const DEAD_LETTER_MIGRATIONS = [
  CreateDeadLetterTablesMigration,
  AddDeadLetterMessageIndexMigration,
  AddDeadLetterReplayCountMigration,
] as const;
