import { Injectable } from '@nestjs/common';
import { Fallback } from '@nest-resilience/resilience';
import { InMemoryKeyValueStore } from '../../cache/in-memory-key-value.store.js';
import { KeyValueStore } from '../../cache/key-value.store.js';
import type { IdempotencyRecord } from './idempotency-record.interface.js';

/** How long a first request holds its key: longer than any request may run. */
export const IDEMPOTENCY_LOCK_TTL_MS = 120_000;
/** How long a finished request's answer is replayed. */
export const IDEMPOTENCY_RECORD_TTL_MS = 24 * 60 * 60 * 1000;
/** Records kept locally while the shared store is unreachable. */
const LOCAL_MAX_RECORDS = 10_000;

/**
 * Idempotency records in the shared {@link KeyValueStore}: these, with the rate-limit counters,
 * are the application's "sessions", short-lived per-client state every instance must see.
 *
 * Fails open: while the store is unreachable, records are kept in this process's memory, so
 * repeats that reach the same instance are still recognised and no request fails because of
 * Redis. A record written to Redis before an outage and completed during it stays
 * `in-progress` there until its lock expires.
 */
@Injectable()
export class IdempotencyStore {
  private readonly local = new InMemoryKeyValueStore(LOCAL_MAX_RECORDS);

  constructor(private readonly store: KeyValueStore) {}

  /**
   * Claims `key` for a first request, or answers the record of an earlier one.
   * @returns `undefined` when this request is the first; the existing record otherwise
   */
  @Fallback({ method: 'beginLocally' })
  begin(
    key: string,
    fingerprint: string,
  ): Promise<IdempotencyRecord | undefined> {
    return claim(this.store, key, fingerprint);
  }

  /** Stores the answer of the first request, to be replayed. */
  @Fallback({ method: 'completeLocally' })
  async complete(key: string, record: IdempotencyRecord): Promise<void> {
    await this.store.set(
      recordKey(key),
      JSON.stringify(record),
      IDEMPOTENCY_RECORD_TTL_MS,
    );
  }

  /** Frees `key` after a failed first request, so the client may try again with it. */
  @Fallback({ method: 'releaseLocally' })
  async release(key: string): Promise<void> {
    await this.store.delete(recordKey(key));
  }

  /** The fallback of {@link begin}. */
  beginLocally(
    key: string,
    fingerprint: string,
  ): Promise<IdempotencyRecord | undefined> {
    return claim(this.local, key, fingerprint);
  }

  /** The fallback of {@link complete}. */
  async completeLocally(key: string, record: IdempotencyRecord): Promise<void> {
    await this.local.set(
      recordKey(key),
      JSON.stringify(record),
      IDEMPOTENCY_RECORD_TTL_MS,
    );
  }

  /** The fallback of {@link release}. */
  async releaseLocally(key: string): Promise<void> {
    await this.local.delete(recordKey(key));
  }
}

async function claim(
  store: KeyValueStore,
  key: string,
  fingerprint: string,
): Promise<IdempotencyRecord | undefined> {
  const inProgress: IdempotencyRecord = { state: 'in-progress', fingerprint };
  // A record may expire between the failed claim and the read: then claim again, once.
  for (let tries = 0; tries < 2; tries++) {
    if (
      await store.setIfAbsent(
        recordKey(key),
        JSON.stringify(inProgress),
        IDEMPOTENCY_LOCK_TTL_MS,
      )
    ) {
      return undefined;
    }
    const existing = await store.get(recordKey(key));
    if (existing !== undefined)
      return JSON.parse(existing) as IdempotencyRecord;
  }
  return inProgress;
}

function recordKey(key: string): string {
  return `idempotency:orders:${key}`;
}
