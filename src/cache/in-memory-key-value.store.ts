import { Injectable } from '@nestjs/common';
import { KeyValueStore, type CounterState } from './key-value.store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Most keys kept; the oldest are dropped first beyond it, so memory stays bounded. */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * {@link KeyValueStore} in process memory: what the application uses without `REDIS_URL`, and
 * what Redis-backed callers fall back to while Redis is unreachable. Not shared between
 * processes. Expired entries are dropped when read, and the oldest entries when full.
 */
@Injectable()
export class InMemoryKeyValueStore extends KeyValueStore {
  readonly shared = false;
  private readonly entries = new Map<string, Entry>();

  /** @param maxEntries most keys kept @default 100000 */
  constructor(private readonly maxEntries: number = DEFAULT_MAX_ENTRIES) {
    super();
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.live(key)?.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
    return Promise.resolve();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return Promise.resolve(false);
    this.put(key, value, ttlMs);
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  increment(key: string, ttlMs: number): Promise<CounterState> {
    const now = Date.now();
    const entry = this.live(key, now);
    if (entry === undefined) {
      this.put(key, '1', ttlMs);
      return Promise.resolve({ count: 1, ttlMs });
    }
    const count = Number(entry.value) + 1;
    entry.value = String(count);
    return Promise.resolve({ count, ttlMs: entry.expiresAt - now });
  }

  private live(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private put(key: string, value: string, ttlMs: number): void {
    // Re-inserting moves the key to the end, so the first key is always the oldest write.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }
}
