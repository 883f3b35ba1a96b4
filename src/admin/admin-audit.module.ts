import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAuditEntity } from './entities/admin-audit.entity.js';
import { TypeOrmAdminAuditStore } from './typeorm-admin-audit.store.js';

/**
 * The application's durable admin audit log, for `ResilienceModule`'s `admin.auditStore`
 * (imported by its `forRootAsync`). Needs the app's TypeORM data source, whose entities and
 * migrations include `ADMIN_ENTITIES` and `ADMIN_MIGRATIONS`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AdminAuditEntity])],
  providers: [TypeOrmAdminAuditStore],
  exports: [TypeOrmAdminAuditStore],
})
export class AdminAuditModule {}
