import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterFilter } from '../dead-letter-query.interface.js';
import type { DeadLetterStore } from '../dead-letter.store.js';
import type { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import type { BulkReplayProgress } from './bulk-replay-progress.interface.js';
import type { DeadLetterReplayService } from './dead-letter-replay.service.js';
import { TokenBucketLimiter } from './token-bucket.limiter.js';

/** What a bulk replay job needs from its service. */
export interface BulkReplayJobDeps {
  store: DeadLetterStore;
  policy: DeadLetterStorePolicy;
  replay: DeadLetterReplayService;
  logger: Logger;
  maxReplayAttempts: number;
  chunkSize: number;
  concurrency: number;
}

/**
 * One bulk replay: claims matching entries a chunk at a time (at most one second's worth),
 * delivers each with bounded concurrency, settles the chunk, and goes on until nothing matches,
 * the limit is reached or it is cancelled. Each delivery waits for its own token just before it
 * is sent, so the rate holds for what the destinations receive, over any one second.
 *
 * Nothing is lost or delivered twice by a cancel: entries are claimed before delivery, a cancel
 * stops new deliveries, lets those in flight finish and be settled, and gives back the claimed
 * entries it did not start. Entries it failed or gave back carry a fresh `last_attempt_at`, so
 * the job does not take them again. A crash leaves its claimed entries `RETRYING` until claim
 * recovery returns them.
 */
export class BulkReplayJob {
  private readonly abort = new AbortController();
  private readonly limiter: TokenBucketLimiter;
  private readonly startedAt = new Date();
  /** The last token wait handed out; workers queue behind it rather than poll together. */
  private tokenQueue: Promise<boolean> = Promise.resolve(true);
  readonly progress: BulkReplayProgress;
  /** Settles when the job has stopped. */
  readonly done: Promise<void>;

  constructor(
    private readonly filter: DeadLetterFilter,
    readonly ratePerSecond: number,
    private readonly limit: number | undefined,
    private readonly deps: BulkReplayJobDeps,
  ) {
    this.limiter = new TokenBucketLimiter(ratePerSecond);
    this.progress = {
      id: randomUUID(),
      state: 'RUNNING',
      filter: Object.fromEntries(
        Object.entries(filter)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [
            k,
            v instanceof Date ? v.toISOString() : String(v),
          ]),
      ),
      ratePerSecond,
      limit: limit ?? null,
      claimed: 0,
      delivered: 0,
      failed: 0,
      released: 0,
      skipped: 0,
      startedAt: this.startedAt.toISOString(),
      finishedAt: null,
    };
    this.done = this.run();
  }

  /** Stops claiming; deliveries in flight finish. */
  cancel(): void {
    this.abort.abort();
  }

  private get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const { logger } = this.deps;
    try {
      while (!this.cancelled) {
        const remaining =
          (this.limit ?? Number.POSITIVE_INFINITY) - this.progress.claimed;
        if (remaining <= 0) break;
        const claim = { token: randomUUID(), at: new Date() };
        const batch = await this.deps.policy.run(() =>
          this.deps.store.claimBatch(
            { ...this.filter, notAttemptedSince: this.startedAt },
            Math.min(this.deps.chunkSize, remaining),
            claim,
          ),
        );
        if (batch.length === 0) break;
        this.progress.claimed += batch.length;
        await this.process(batch, claim.token);
      }
      this.progress.state = this.cancelled ? 'CANCELLED' : 'COMPLETED';
    } catch (error) {
      this.progress.state = 'FAILED';
      this.progress.error =
        error instanceof Error ? error.message : String(error);
      logger.error(
        `Bulk replay ${this.progress.id} failed: ${this.progress.error}`,
      );
    } finally {
      this.progress.finishedAt = new Date().toISOString();
      const p = this.progress;
      logger.log(
        `Bulk replay ${p.id} ${p.state}: claimed=${p.claimed} delivered=${p.delivered} ` +
          `failed=${p.failed} released=${p.released} skipped=${p.skipped}`,
      );
    }
  }

  /** Waits, in turn with the other workers, for one token. @returns false once cancelled */
  private token(): Promise<boolean> {
    const turn = this.tokenQueue.then(() => this.waitForToken());
    this.tokenQueue = turn;
    return turn;
  }

  private async waitForToken(): Promise<boolean> {
    for (;;) {
      if (this.cancelled) return false;
      if (this.limiter.take(1) === 1) return true;
      try {
        await sleep(this.limiter.msUntilNext(), undefined, {
          signal: this.abort.signal,
        });
      } catch {
        return false;
      }
    }
  }

  private async process(batch: DeadLetter[], token: string): Promise<void> {
    const { replay, store, policy, maxReplayAttempts } = this.deps;
    const delivered: string[] = [];
    const released: string[] = [];
    const skipped: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const entry = batch[next++];
        if (this.cancelled) {
          released.push(entry.id);
          continue;
        }
        if (!replay.hasTransport(entry)) {
          skipped.push(entry.id);
          continue;
        }
        if (!(await this.token())) {
          released.push(entry.id);
          continue;
        }
        const attempt = await replay.attempt(entry);
        if (attempt.kind === 'delivered') {
          delivered.push(entry.id);
        } else if (attempt.kind === 'refused') {
          released.push(entry.id);
        } else {
          await replay.settleFailure(entry, token, attempt);
          this.progress.failed++;
        }
      }
    };
    const workers = Math.min(this.deps.concurrency, batch.length);
    await Promise.all(Array.from({ length: workers }, worker));
    if (delivered.length > 0) {
      const settled = await policy.run(() =>
        store.markDelivered(delivered, token, replay.resolution()),
      );
      this.progress.delivered += delivered.length;
      if (settled < delivered.length) {
        this.deps.logger.warn(
          `Bulk replay ${this.progress.id}: ${delivered.length - settled} delivered entries had ` +
            'been recovered meanwhile and may be delivered again (at-least-once)',
        );
      }
    }
    const untouched = [...released, ...skipped];
    if (untouched.length > 0) {
      await policy.run(() =>
        store.release(untouched, token, maxReplayAttempts),
      );
      this.progress.released += released.length;
      this.progress.skipped += skipped.length;
    }
  }
}
