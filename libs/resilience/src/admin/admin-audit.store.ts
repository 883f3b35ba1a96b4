import type {
  AdminAuditCursor,
  AdminAuditEntry,
  AdminAuditFilter,
} from './admin-audit-entry.interface.js';

/**
 * Where the audit log of admin actions is kept: a port, injected by this class. The library's
 * default is {@link InMemoryAdminAuditStore} (bounded, lost on restart); an application gives
 * a durable one as `ResilienceModule`'s `admin.auditStore`.
 */
export abstract class AdminAuditStore {
  /** Stores one entry. */
  abstract append(entry: AdminAuditEntry): Promise<void>;

  /**
   * Entries matching `filter`, newest first (by `at`, then `id`), at most `limit`, starting
   * after `cursor`. Answers `limit + 1` entries when there are more, so the caller knows.
   */
  abstract list(
    filter: AdminAuditFilter,
    limit: number,
    cursor?: AdminAuditCursor,
  ): Promise<AdminAuditEntry[]>;
}
