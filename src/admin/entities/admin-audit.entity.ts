import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Name of the admin audit log table. */
export const ADMIN_AUDIT_TABLE = 'admin_audit_log';

/** Row of the admin audit log ({@link TypeOrmAdminAuditStore}): one admin action. */
@Entity({ name: ADMIN_AUDIT_TABLE })
@Index('idx_admin_audit_at', ['at', 'id'])
@Index('idx_admin_audit_actor_at', ['actor', 'at'])
@Index('idx_admin_audit_action_at', ['action', 'at'])
export class AdminAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'json', nullable: true })
  details: Record<string, unknown> | null;
}
