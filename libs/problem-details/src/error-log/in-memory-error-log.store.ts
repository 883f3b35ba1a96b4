import type {
  ErrorLogEntry,
  ErrorLogQuery,
} from './error-log-entry.interface.js';
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
    const found: ErrorLogEntry[] = [];
    // Walk from the newest entry backwards, so the limit keeps the most recent ones.
    for (let i = 1; i <= this.ring.length && found.length < limit; i++) {
      const entry =
        this.ring[(this.next - i + this.ring.length) % this.ring.length];
      if (matches(entry, query)) found.push(entry);
    }
    return found;
  }
}

function matches(entry: ErrorLogEntry, query: ErrorLogQuery): boolean {
  return (
    (query.severity === undefined || entry.severity === query.severity) &&
    (query.category === undefined || entry.category === query.category) &&
    (query.code === undefined || entry.code === query.code) &&
    (query.requestId === undefined || entry.requestId === query.requestId) &&
    (query.since === undefined || entry.timestamp >= query.since)
  );
}
