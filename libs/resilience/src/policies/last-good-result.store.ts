/** Options of a {@link LastGoodResultStore}. */
export interface LastGoodResultStoreOptions {
  /** Results kept, least recently used dropped first. @default 100 */
  maxEntries?: number;
  /** A result older than this is not served; omitted means no age limit. */
  maxAgeMs?: number;
}

interface StoredResult {
  value: unknown;
  storedAt: number;
}

/**
 * The last successful result per key, bounded: a least-recently-used cache backed by a `Map`,
 * whose insertion order doubles as the recency order.
 */
export class LastGoodResultStore {
  private readonly entries = new Map<string, StoredResult>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number | undefined;

  /** @throws RangeError when `maxEntries` is not a positive integer or `maxAgeMs` is negative */
  constructor(options: LastGoodResultStoreOptions = {}) {
    const { maxEntries = 100, maxAgeMs } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(
        `maxEntries must be an integer >= 1, got ${maxEntries}`,
      );
    }
    if (maxAgeMs !== undefined && !(maxAgeMs >= 0)) {
      throw new RangeError(`maxAgeMs must be >= 0, got ${maxAgeMs}`);
    }
    this.maxEntries = maxEntries;
    this.maxAgeMs = maxAgeMs;
  }

  /** Results held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Stores `value` as the latest result for `key`, evicting the least recently used beyond the bound. */
  set(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: Date.now() });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** The stored result for `key`, wrapped so an `undefined` result differs from a miss. */
  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (
      this.maxAgeMs !== undefined &&
      Date.now() - entry.storedAt > this.maxAgeMs
    ) {
      return undefined;
    }
    this.entries.set(key, entry);
    return { value: entry.value };
  }
}
