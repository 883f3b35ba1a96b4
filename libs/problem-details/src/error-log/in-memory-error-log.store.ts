import type {
  ErrorLogEntry,
  ErrorLogQuery,
  ErrorLogResolution,
  ErrorLogStats,
} from './error-log-entry.interface.js';
import {
  addToErrorLogStats,
  emptyErrorLogStats,
  isAfterErrorLogPosition,
} from './error-log-stats.utils.js';
import { ErrorLogStore } from './error-log.store.js';

/** Entries an {@link InMemoryErrorLogStore} keeps before dropping the oldest. */
export const DEFAULT_ERROR_LOG_CAPACITY = 10_000;

const DEFAULT_QUERY_LIMIT = 100;

/**
 * The default {@link ErrorLogStore}: a bounded ring in memory, so an error storm costs a fixed
 * amount of memory and the newest entries win. Lost on restart; provide a persistent store
 * where the trail must survive.
 *
 * Not decorated `@Injectable()` on purpose: without constructor metadata Nest creates it with
 * the default capacity (`{ provide: ErrorLogStore, useClass: InMemoryErrorLogStore }`).
 */
export class InMemoryErrorLogStore extends ErrorLogStore {
  private readonly ring: ErrorLogEntry[] = [];
  private next = 0;
  private readonly capacity: number;

  /** @param capacity entries kept @default 10000 */
  constructor(capacity?: number) {
    super();
    this.capacity = Math.max(
      1,
      Math.floor(capacity ?? DEFAULT_ERROR_LOG_CAPACITY),
    );
  }

  /** Number of entries held. */
  get size(): number {
    return this.ring.length;
  }

  record(entry: ErrorLogEntry): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
    } else {
      this.ring[this.next] = entry;
    }
    this.next = (this.next + 1) % this.capacity;
  }

  query(query: ErrorLogQuery = {}): ErrorLogEntry[] {
    const limit = query.limit ?? DEFAULT_QUERY_LIMIT;
    // Sorted rather than walked in arrival order, so pages keyed by (timestamp, id) never skip
    // or repeat an entry recorded with a clock a little behind the previous one.
    return this.ring
      .filter((entry) => matches(entry, query))
      .sort(newestFirst)
      .slice(0, limit);
  }

  get(id: string): ErrorLogEntry | undefined {
    return this.ring.find((entry) => entry.id === id);
  }

  resolve(id: string, resolution: ErrorLogResolution): boolean {
    const entry = this.get(id);
    if (entry === undefined || entry.resolution !== undefined) return false;
    entry.resolution = { ...resolution };
    return true;
  }

  stats(recentSince: Date): ErrorLogStats {
    const stats = emptyErrorLogStats();
    for (const entry of this.ring) {
      addToErrorLogStats(stats, {
        code: entry.code,
        category: entry.category,
        severity: entry.severity,
        resolved: entry.resolution !== undefined,
        count: 1,
        recent: entry.timestamp >= recentSince ? 1 : 0,
      });
    }
    return stats;
  }
}

function newestFirst(a: ErrorLogEntry, b: ErrorLogEntry): number {
  const byTime = b.timestamp.getTime() - a.timestamp.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function matches(entry: ErrorLogEntry, query: ErrorLogQuery): boolean {
  return (
    (query.severity === undefined || entry.severity === query.severity) &&
    (query.category === undefined || entry.category === query.category) &&
    (query.code === undefined || entry.code === query.code) &&
    (query.requestId === undefined || entry.requestId === query.requestId) &&
    (query.since === undefined || entry.timestamp >= query.since) &&
    (query.resolved === undefined ||
      (entry.resolution !== undefined) === query.resolved) &&
    (query.after === undefined || isAfterErrorLogPosition(entry, query.after))
  );
}
