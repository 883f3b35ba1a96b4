import { DEAD_LETTER_ENTITIES, DEAD_LETTER_MIGRATIONS } from '@app/resilience';

/**
 * Every entity of the application's data source, as classes (the bundled app has no files to
 * glob). Features with tables add theirs here.
 */
export const DATABASE_ENTITIES: Function[] = [...DEAD_LETTER_ENTITIES];

/** Every migration, as classes, in any order (TypeORM sorts them by their name's timestamp). */
export const DATABASE_MIGRATIONS: Function[] = [...DEAD_LETTER_MIGRATIONS];
