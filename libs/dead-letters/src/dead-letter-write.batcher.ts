import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { isApplicationError } from '@nest-resilience/resilience';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { DeadLetter } from './dead-letter.interface.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';

interface PendingWrite {
  entry: DeadLetter;
  resolve: () => void;
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
 * When a batch is refused for a reason other than the store being unavailable (one row the
 * database rejects), its rows are written one by one, so only the bad one fails.
 */
@Injectable()
export class DeadLetterWriteBatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadLetterWriteBatcher');
  private readonly queue: PendingWrite[] = [];
  private readonly flushes = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
  ) {}

  /**
   * Writes `entry`; resolves once it is committed.
   * @throws DeadLetterStoreUnavailableError when the store cannot take it now
   */
  write(entry: DeadLetter): Promise<void> {
    return new Promise<void>((resolve, reject) => {
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
      const batch = this.queue.splice(0, this.options.writeBatchSize);
      const flush: Promise<void> = this.flush(batch).finally(() => {
        this.flushes.delete(flush);
        if (this.queue.length > 0) this.schedule();
      });
      this.flushes.add(flush);
    }
  }

  private async flush(batch: PendingWrite[]): Promise<void> {
    try {
      await this.policy.run(() => this.store.insert(batch.map((w) => w.entry)));
      for (const write of batch) write.resolve();
    } catch (error) {
      if (batch.length === 1 || isApplicationError(error)) {
        for (const write of batch) write.reject(error);
        return;
      }
      this.logger.warn(
        `A batch of ${batch.length} dead letters was refused; writing them one by one`,
      );
      await Promise.all(batch.map((write) => this.flush([write])));
    }
  }
}
