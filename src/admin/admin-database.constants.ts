import { AdminAuditEntity } from './entities/admin-audit.entity.js';
import { CreateAdminAuditTableMigration } from './migrations/create-admin-audit-table.migration.js';

/** The admin feature's entities, for the application's data source (`DATABASE_ENTITIES`). */
export const ADMIN_ENTITIES: Function[] = [AdminAuditEntity];

/** The admin feature's migrations, for the application's data source (`DATABASE_MIGRATIONS`). */
export const ADMIN_MIGRATIONS: Function[] = [CreateAdminAuditTableMigration];
