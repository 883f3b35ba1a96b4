import type { Logger } from '@nestjs/common';
import type { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import type { BulkReplayCheckpoint } from './bulk-replay-job-record.interface.js';
import type { BulkReplayJobStore } from './bulk-replay-job.store.js';

/** Checkpoints after settlements are at most this often (heartbeats aside). */
const SETTLEMENT_GAP_MS = 100;

/** What the checkpointer tells its job. */
export interface BulkReplayLeaseEvents {
  /** The lease was renewed until `expiresAt`. */
  renewed(at: Date, expiresAt: Date): void;
  /** A cancel was asked (seen at a checkpoint). */
  cancelRequested(at: Date): void;
  /** The lease is gone: another instance took the job over. */
  fenced(): void;
}

/** What a checkpointer needs. */
export interface BulkReplayCheckpointerDeps {
  jobs: BulkReplayJobStore;
  policy: DeadLetterStorePolicy;
  logger: Logger;
  heartbeatIntervalMs: number;
  leaseMs: number;
}

/**
 * Keeps a running job's record and lease: stores its progress one write at a time (every
 * `heartbeatIntervalMs`, and when the job asks), each renewing the lease; reports a cancel
 * asked elsewhere and a lost lease; and knows, by this instance's clock, whether the lease
 * still holds, so that the job stops before another instance may take it over.
 */
export class BulkReplayCheckpointer {
  private heartbeat?: NodeJS.Timeout;
  private trailing?: NodeJS.Timeout;
  private writes: Promise<void> = Promise.resolve();
  private lastWriteAt = 0;
  private deadline: number;
  private closed = false;

  constructor(
    private readonly jobId: string,
    private readonly leaseToken: string,
    leaseExpiresAt: Date | null,
    private readonly deps: BulkReplayCheckpointerDeps,
    private readonly snapshot: () => BulkReplayCheckpoint,
    private readonly events: BulkReplayLeaseEvents,
  ) {
    this.deadline = leaseExpiresAt?.getTime() ?? 0;
  }

  /** Starts the heartbeat. */
  start(): void {
    this.heartbeat = setInterval(() => {
      this.write().catch((cause: unknown) =>
        this.deps.logger.warn(
          `Bulk replay ${this.jobId}: heartbeat not stored: ${String(cause)}`,
        ),
      );
    }, this.deps.heartbeatIntervalMs).unref();
  }

  /** Whether the lease still holds by this instance's clock. */
  leaseHolds(): boolean {
    return Date.now() < this.deadline;
  }

  /** Stores the progress now (after the writes already asked for). */
  write(): Promise<void> {
    const write = this.writes.then(() => this.store());
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Stores the progress now, or within a moment when it was stored a moment ago. */
  writeSoon(): Promise<void> {
    if (Date.now() - this.lastWriteAt >= SETTLEMENT_GAP_MS) return this.write();
    this.trailing ??= setTimeout(() => {
      this.trailing = undefined;
      this.write().catch(() => undefined);
    }, SETTLEMENT_GAP_MS).unref();
    return Promise.resolve();
  }

  /** Stops the heartbeat and waits for the writes under way; nothing is stored after. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.trailing);
    await this.writes;
    this.closed = true;
  }

  private async store(): Promise<void> {
    if (this.closed) return;
    const { jobs, policy, leaseMs } = this.deps;
    const at = new Date();
    const expiresAt = new Date(at.getTime() + leaseMs);
    const lease = await policy.run(() =>
      jobs.checkpoint(
        this.jobId,
        this.leaseToken,
        this.snapshot(),
        at,
        expiresAt,
      ),
    );
    this.lastWriteAt = at.getTime();
    if (!lease.held) {
      this.closed = true;
      this.events.fenced();
      return;
    }
    this.deadline = expiresAt.getTime();
    this.events.renewed(at, expiresAt);
    if (lease.cancelRequested) this.events.cancelRequested(at);
  }
}
