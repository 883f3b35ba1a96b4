import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterStore } from '../dead-letter.store.js';
import type { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import { BulkReplayFilterCodec } from './bulk-replay-filter.codec.js';
import type {
  BulkReplayCheckpoint,
  BulkReplayJobRecord,
} from './bulk-replay-job-record.interface.js';
import type { BulkReplayJobStore } from './bulk-replay-job.store.js';
import { BulkReplayCheckpointer } from './bulk-replay.checkpointer.js';
import { BulkReplayPacer } from './bulk-replay.pacer.js';
import type {
  BulkReplayProgress,
  BulkReplayState,
} from './bulk-replay-progress.interface.js';
import { toBulkReplayProgress } from './bulk-replay-progress.mapper.js';
import { runBulkReplayChunk } from './bulk-replay-chunk.runner.js';
import type { DeadLetterReplayService } from './dead-letter-replay.service.js';

/** What a bulk replay job needs from its service. */
export interface BulkReplayJobDeps {
  store: DeadLetterStore;
  jobs: BulkReplayJobStore;
  policy: DeadLetterStorePolicy;
  replay: DeadLetterReplayService;
  logger: Logger;
  maxReplayAttempts: number;
  chunkSize: number;
  concurrency: number;
  heartbeatIntervalMs: number;
  leaseMs: number;
}

/**
 * Why a job stops before it ran out of entries: cancelled (from any instance); handed back at
 * shutdown (another instance resumes it); fenced (its lease lapsed or was taken over: it stores
 * nothing more); failed (the store refused a settlement).
 */
type StopReason = 'cancel' | 'hand-back' | 'fenced' | 'failed';

/**
 * One bulk replay, run by this instance under a lease on its stored record. Claims matching
 * entries a chunk at a time (oldest first, after its stored position), delivers each with
 * bounded concurrency just after its pacing token, settles each as it is delivered, and goes
 * on until nothing matches, the limit is reached, or it stops.
 *
 * Durable: the token of each chunk's claim is stored before the claim is made, and the
 * progress (counters, position) after it and after each settlement, every write conditional on
 * the lease. An instance taking over a job whose owner died renews that chunk's claim and
 * delivers the entries still under it (those the owner had not settled: a delivery in flight
 * at the crash may so reach its destination twice, as deliveries carry `X-Dead-Letter-Id`),
 * then goes on after the position. Entries the job failed or gave back carry a fresh
 * `last_attempt_at` and lie before the position, so it never takes them again.
 *
 * The owner renews its lease every `heartbeatIntervalMs`, and sees a cancel asked elsewhere
 * then (or after a settlement); it stops delivering once its lease lapsed by its own clock,
 * before another instance may take the job over.
 */
export class BulkReplayJob {
  private readonly abort = new AbortController();
  private readonly pacer: BulkReplayPacer;
  private readonly checkpointer: BulkReplayCheckpointer;
  private readonly record: BulkReplayJobRecord;
  private stopReason?: StopReason;
  /** Settles when the job has stopped on this instance. */
  readonly done: Promise<void>;

  /** @param record the job as stored, under the lease `leaseToken` this instance holds */
  constructor(
    record: BulkReplayJobRecord,
    leaseToken: string,
    private readonly deps: BulkReplayJobDeps,
  ) {
    this.record = structuredClone(record);
    this.checkpointer = new BulkReplayCheckpointer(
      record.id,
      leaseToken,
      record.leaseExpiresAt,
      deps,
      () => this.snapshot(),
      {
        renewed: (at, expiresAt) => {
          this.record.heartbeatAt = at;
          this.record.leaseExpiresAt = expiresAt;
        },
        cancelRequested: (at) => {
          this.record.cancelRequestedAt ??= at;
          this.stop('cancel');
        },
        fenced: () => {
          deps.logger.warn(
            `Bulk replay ${this.id}: another instance took it over; stopping here`,
          );
          this.stop('fenced');
        },
      },
    );
    this.pacer = new BulkReplayPacer(
      record.ratePerSecond,
      this.abort.signal,
      () => this.leaseHolds(),
    );
    this.done = this.run(leaseToken);
  }

  get id(): string {
    return this.record.id;
  }

  /** The job as this instance sees it now (fresher than the stored record). */
  progress(): BulkReplayProgress {
    return toBulkReplayProgress(this.record);
  }

  /** Stops claiming; deliveries in flight finish; the rest is given back. */
  cancel(): void {
    this.stop('cancel');
  }

  /** Stops, leaving what is not delivered yet to the instance that takes the job over. */
  handBack(): void {
    this.stop('hand-back');
  }

  private get stopping(): boolean {
    return this.stopReason !== undefined;
  }

  private stop(reason: StopReason): void {
    // Fencing overrides anything: a job that lost its lease must store nothing more.
    if (reason === 'fenced') this.stopReason = 'fenced';
    else this.stopReason ??= reason;
    this.abort.abort();
  }

  private async run(leaseToken: string): Promise<void> {
    let state: Exclude<BulkReplayState, 'RUNNING'> = 'COMPLETED';
    let error: string | undefined;
    this.checkpointer.start();
    try {
      if (this.record.cancelRequestedAt !== null) this.stop('cancel');
      if (this.record.chunkToken !== null) await this.resume();
      await this.claimAndDeliver();
      if (this.stopReason === 'cancel') state = 'CANCELLED';
    } catch (cause) {
      state = 'FAILED';
      error = message(cause);
      this.deps.logger.error(`Bulk replay ${this.id} failed: ${error}`);
    } finally {
      await this.checkpointer.close();
      await this.end(leaseToken, state, error);
    }
  }

  /** Delivers the entries a previous owner claimed and did not settle. */
  private async resume(): Promise<void> {
    const { store, policy, logger } = this.deps;
    const token = this.record.chunkToken!;
    const entries = await policy.run(() =>
      store.reclaim({ token, at: new Date() }),
    );
    const c = this.record.counters;
    const accounted = c.delivered + c.failed + c.released + c.skipped;
    c.claimed = Math.max(c.claimed, accounted + entries.length);
    if (entries.length > 0) {
      logger.warn(
        `Bulk replay ${this.id} resumes ${entries.length} entries its previous owner claimed ` +
          'and did not settle (one in flight at a crash may reach its destination twice)',
      );
    }
    await this.process(entries, token);
  }

  private async claimAndDeliver(): Promise<void> {
    const { store, policy, chunkSize } = this.deps;
    const filter = {
      ...BulkReplayFilterCodec.decode(this.record.filter),
      notAttemptedSince: this.record.startedAt,
    };
    while (!this.stopping) {
      const limit = this.record.limit ?? Number.POSITIVE_INFINITY;
      const remaining = limit - this.record.counters.claimed;
      if (remaining <= 0) break;
      const claim = { token: randomUUID(), at: new Date() };
      // Stored first: a claim the owner dies right after is found by whoever takes over.
      this.record.chunkToken = claim.token;
      await this.checkpointer.write();
      if (this.stopping) break;
      const position = this.record.position ?? undefined;
      const batch = await policy.run(() =>
        store.claimBatch(
          filter,
          Math.min(chunkSize, remaining),
          claim,
          position,
        ),
      );
      if (batch.length === 0) break;
      const last = batch.at(-1)!;
      this.record.counters.claimed += batch.length;
      this.record.position = { createdAt: last.createdAt, id: last.id };
      await this.checkpointer.write();
      await this.process(batch, claim.token);
    }
  }

  private process(batch: DeadLetter[], token: string): Promise<void> {
    return runBulkReplayChunk(batch, token, {
      ...this.deps,
      pacer: this.pacer,
      counters: this.record.counters,
      stopping: () => {
        if (this.stopReason === undefined) return false;
        const given =
          this.stopReason === 'cancel' || this.stopReason === 'failed';
        return given ? 'release' : 'keep';
      },
      fail: () => this.stop('failed'),
      settled: () => this.checkpointer.writeSoon(),
    });
  }

  /** Whether the lease still holds by this instance's clock; stops the job when not. */
  private leaseHolds(): boolean {
    if (this.checkpointer.leaseHolds()) return true;
    this.deps.logger.warn(
      `Bulk replay ${this.id}: lease lapsed without a stored heartbeat; stopping before another instance takes it over`,
    );
    this.stop('fenced');
    return false;
  }

  private snapshot(): BulkReplayCheckpoint {
    return structuredClone({
      counters: this.record.counters,
      position: this.record.position,
      chunkToken: this.record.chunkToken,
    });
  }

  private async end(
    leaseToken: string,
    state: Exclude<BulkReplayState, 'RUNNING'>,
    error?: string,
  ): Promise<void> {
    const { jobs, policy, logger } = this.deps;
    const at = new Date();
    const c = this.record.counters;
    const counts =
      `claimed=${c.claimed} delivered=${c.delivered} handedOver=${c.handedOver} ` +
      `failed=${c.failed} released=${c.released} skipped=${c.skipped}`;
    try {
      if (this.stopReason === 'fenced') {
        logger.warn(
          `Bulk replay ${this.id} stopped here (lease lost): ${counts}`,
        );
      } else if (this.stopReason === 'hand-back' && state !== 'FAILED') {
        await policy.run(() =>
          jobs.handBack(this.id, leaseToken, this.snapshot(), at),
        );
        Object.assign(this.record, { owner: null, leaseExpiresAt: at });
        logger.log(
          `Bulk replay ${this.id} handed back for another instance: ${counts}`,
        );
      } else {
        Object.assign(this.record, {
          state,
          chunkToken: null,
          finishedAt: at,
          error: error ?? null,
          owner: null,
          leaseExpiresAt: null,
        });
        await policy.run(() =>
          jobs.finish(this.id, leaseToken, state, this.snapshot(), at, error),
        );
        logger.log(`Bulk replay ${this.id} ${state}: ${counts}`);
      }
    } catch (cause) {
      // Its lease then lapses, and whoever takes the job over finishes it.
      logger.error(
        `Bulk replay ${this.id}: its end (${state}) was not stored: ${message(cause)}`,
      );
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
