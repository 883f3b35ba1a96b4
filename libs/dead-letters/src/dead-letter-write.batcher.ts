import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { isApplicationError } from '@nest-resilience/resilience';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { DeadLetter } from './dead-letter.interface.js';
import { deadLetterMessageKey } from './dead-letter-message.key.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';

interface PendingWrite {
  entry: DeadLetter;
  resolve: (stored: DeadLetter) => void;
  reject: (error: unknown) => void;
}

// Batches written at once: enough to keep a pool busy, few enough to leave it to others.
const MAX_FLUSHES_IN_FLIGHT = 4;

/**
 * Write-behind batching of new dead letters that still acknowledges only after commit: the
 * writes that arrive within one turn of the event loop go out as one multi-row INSERT, and
 * each writer's promise settles when that INSERT has committed (or failed). Under light load a
 * batch is a single row and costs one tick of latency; under a burst, rows per statement grow
 * up to `writeBatchSize`.
 *
 * A dead letter keeps one entry for life (`DeadLetterStore.insertOrReopen`): a batch holding
 * entries with a message id costs one more indexed SELECT, whatever their number, and each
 * message already stored an UPDATE (and a read back) instead of a row of the INSERT. Entries
 * without a message id cost nothing more. A write for a message that a batch in flight holds
 * waits for that batch, so that this process never looks a message up while its first entry is
 * still being inserted; two processes dead-lettering one message at the same instant may
 * still each add one.
 *
 * When a batch is refused for a reason other than the store being unavailable (one row the
 * database rejects), its rows are written one by one, so only the bad one fails.
 */
@Injectable()
export class DeadLetterWriteBatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadLetterWriteBatcher');
  private queue: PendingWrite[] = [];
  private readonly flushes = new Set<Promise<void>>();
  /** Messages (by key) that a batch in flight writes. */
  private readonly writing = new Set<string>();
  private scheduled = false;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
  ) {}

  /**
   * Writes `entry`, or reopens the entry already stored for its message; resolves once it is
   * committed.
   * @returns the entry as stored: `entry` itself, or the reopened entry (its id is the one to keep)
   * @throws DeadLetterStoreUnavailableError when the store cannot take it now
   */
  write(entry: DeadLetter): Promise<DeadLetter> {
    return new Promise<DeadLetter>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every write queued so far has settled. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushes.size > 0) {
      this.pump();
      await Promise.allSettled(this.flushes);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Writers are waiting for these: finish them while the database is still open.
    await this.drain();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.flushes.size < MAX_FLUSHES_IN_FLIGHT) {
      const batch = this.takeBatch();
      // Everything queued waits for a message in flight; its flush pumps again.
      if (batch.length === 0) return;
      const keys = new Set<string>();
      for (const write of batch) {
        const key = deadLetterMessageKey(write.entry);
        if (key !== undefined) keys.add(key);
      }
      for (const key of keys) this.writing.add(key);
      const flush: Promise<void> = this.flush(batch).finally(() => {
        for (const key of keys) this.writing.delete(key);
        this.flushes.delete(flush);
        if (this.queue.length > 0) this.schedule();
      });
      this.flushes.add(flush);
    }
  }

  /** The next batch, in queue order, leaving queued the writes of messages in flight. */
  private takeBatch(): PendingWrite[] {
    const size = this.options.writeBatchSize;
    if (this.writing.size === 0) return this.queue.splice(0, size);
    const batch: PendingWrite[] = [];
    const held: PendingWrite[] = [];
    for (const write of this.queue) {
      const key = deadLetterMessageKey(write.entry);
      const waits = key !== undefined && this.writing.has(key);
      if (!waits && batch.length < size) batch.push(write);
      else held.push(write);
    }
    this.queue = held;
    return batch;
  }

  private async flush(batch: PendingWrite[]): Promise<void> {
    try {
      const stored = await this.policy.run(() =>
        this.store.insertOrReopen(batch.map((w) => w.entry)),
      );
      batch.forEach((write, index) => write.resolve(stored[index]!));
    } catch (error) {
      if (batch.length === 1 || isApplicationError(error)) {
        for (const write of batch) write.reject(error);
        return;
      }
      this.logger.warn(
        `A batch of ${batch.length} dead letters was refused; writing them one by one`,
      );
      // One message's writes stay in order, so the second reopens the entry the first added.
      const byMessage = new Map<string, PendingWrite[]>();
      batch.forEach((write, index) => {
        const key = deadLetterMessageKey(write.entry) ?? `#${index}`;
        const writes = byMessage.get(key);
        if (writes) writes.push(write);
        else byMessage.set(key, [write]);
      });
      await Promise.all(
        [...byMessage.values()].map(async (writes) => {
          for (const write of writes) await this.flush([write]);
        }),
      );
    }
  }
}
