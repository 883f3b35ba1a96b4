import type {
  AdminAuditCursor,
  AdminAuditEntry,
  AdminAuditFilter,
} from './admin-audit-entry.interface.js';
import { AdminAuditStore } from './admin-audit.store.js';

/** Entries the in-memory audit log keeps before it drops the oldest. */
export const DEFAULT_ADMIN_AUDIT_MAX_ENTRIES = 1_000;

/**
 * The audit log in this process's memory: the newest `maxEntries` entries, lost on restart and
 * not shared between instances. The default `AdminAuditStore`.
 */
export class InMemoryAdminAuditStore extends AdminAuditStore {
  private readonly entries: AdminAuditEntry[] = [];

  /** @param maxEntries entries kept; the oldest go first. @default 1000 */
  constructor(private readonly maxEntries = DEFAULT_ADMIN_AUDIT_MAX_ENTRIES) {
    super();
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
  }

  append(entry: AdminAuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
    if (this.entries.length > this.maxEntries) {
      this.entries.splice(0, this.entries.length - this.maxEntries);
    }
    return Promise.resolve();
  }

  list(
    filter: AdminAuditFilter,
    limit: number,
    cursor?: AdminAuditCursor,
  ): Promise<AdminAuditEntry[]> {
    const page = this.entries
      .filter((entry) => matches(entry, filter) && before(entry, cursor))
      .sort(newestFirst)
      .slice(0, limit + 1)
      .map((entry) => structuredClone(entry));
    return Promise.resolve(page);
  }
}

function matches(entry: AdminAuditEntry, filter: AdminAuditFilter): boolean {
  return (
    (filter.actor === undefined || entry.actor === filter.actor) &&
    (filter.action === undefined || entry.action === filter.action) &&
    (filter.outcome === undefined || entry.outcome === filter.outcome)
  );
}

function before(
  entry: AdminAuditEntry,
  cursor: AdminAuditCursor | undefined,
): boolean {
  if (!cursor) return true;
  const at = entry.at.getTime();
  const limit = cursor.at.getTime();
  return at < limit || (at === limit && entry.id < cursor.id);
}

function newestFirst(a: AdminAuditEntry, b: AdminAuditEntry): number {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
