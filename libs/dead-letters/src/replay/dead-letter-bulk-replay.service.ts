import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ValidationFailedError } from '@nest-resilience/problem-details';
import { DEAD_LETTER_OPTIONS } from '../dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';
import type { DeadLetterFilter } from '../dead-letter-query.interface.js';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import { BulkReplayNotFoundError } from '../errors/bulk-replay-not-found.error.js';
import { BulkReplayFilterCodec } from './bulk-replay-filter.codec.js';
import type { BulkReplayJobRecord } from './bulk-replay-job-record.interface.js';
import { BulkReplayJobRegistry } from './bulk-replay-job.registry.js';
import { BulkReplayJobStore } from './bulk-replay-job.store.js';
import type { BulkReplayProgress } from './bulk-replay-progress.interface.js';
import { toBulkReplayProgress } from './bulk-replay-progress.mapper.js';

/** What `POST /admin/dlq/replay` asks for. */
export interface BulkReplayRequest {
  /** Entries to replay: `status` may be `PENDING` (the default) or `FAILED`. */
  filter: DeadLetterFilter;
  /** Messages per second. @default the module's `bulkReplay.defaultRatePerSecond` */
  ratePerSecond?: number;
  /** Most entries to replay. @default every matching one */
  limit?: number;
  /** Who started it (the admin token's name), named in the log and the job. */
  actor?: string;
}

/** How often a job run elsewhere is read again while waiting for it. */
const POLL_MS = 100;

/** Running jobs listed besides the finished ones kept. */
const LISTED_RUNNING = 100;

/**
 * Bulk replays as stored background jobs: started by `start` (answered at once with the job's
 * progress), watched with `get` / `list` and stopped with `cancel`, from any instance. The
 * instance that starts a job runs it under a lease; if it dies, another instance (or itself,
 * restarted) takes the job over once the lease lapsed and resumes it from its stored position
 * (see `BulkReplayJob`, `BulkReplayJobRegistry`). A cancel is stored, and the owner sees it at
 * its next checkpoint.
 */
@Injectable()
export class DeadLetterBulkReplayService {
  private readonly logger = new Logger('DeadLetterBulkReplay');

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly jobs: BulkReplayJobStore,
    private readonly registry: BulkReplayJobRegistry,
    private readonly policy: DeadLetterStorePolicy,
  ) {}

  /**
   * Starts a bulk replay on this instance, once it is stored.
   * @throws ValidationFailedError for a rate above `bulkReplay.maxRatePerSecond` or a status
   *   other than `PENDING` / `FAILED`
   * @throws DeadLetterStoreUnavailableError when the job cannot be stored now
   */
  async start(request: BulkReplayRequest): Promise<BulkReplayProgress> {
    const rate = this.validate(request);
    const now = new Date();
    const lease = this.registry.newLease(now);
    const record: BulkReplayJobRecord = {
      id: randomUUID(),
      state: 'RUNNING',
      filter: BulkReplayFilterCodec.encode(request.filter),
      ratePerSecond: rate,
      limit: request.limit ?? null,
      actor: request.actor ?? null,
      counters: {
        claimed: 0,
        delivered: 0,
        handedOver: 0,
        failed: 0,
        released: 0,
        skipped: 0,
      },
      position: null,
      chunkToken: null,
      startedAt: now,
      finishedAt: null,
      error: null,
      owner: lease.owner,
      leaseToken: lease.token,
      leaseExpiresAt: lease.expiresAt,
      heartbeatAt: now,
      takeovers: 0,
      cancelRequestedAt: null,
      cancelRequestedBy: null,
    };
    await this.policy.run(() => this.jobs.create(record));
    const job = this.registry.run(record, lease.token);
    const by = request.actor === undefined ? '' : ` by ${request.actor}`;
    this.logger.log(`Bulk replay ${record.id} started${by} at ${rate}/s`);
    return job.progress();
  }

  /**
   * The job's progress, wherever it runs (fresher when it runs here).
   * @throws BulkReplayNotFoundError for an unknown job
   */
  async get(jobId: string): Promise<BulkReplayProgress> {
    const local = this.registry.local(jobId);
    if (local) return local.progress();
    return toBulkReplayProgress(await this.find(jobId));
  }

  /** The running jobs and the finished ones kept, of every instance, newest first. */
  async list(): Promise<BulkReplayProgress[]> {
    const limit = this.options.bulkReplay.keepFinishedJobs + LISTED_RUNNING;
    const records = await this.policy.run(() => this.jobs.list(limit));
    return records.map(
      (record) =>
        this.registry.local(record.id)?.progress() ??
        toBulkReplayProgress(record),
    );
  }

  /**
   * Cancels a job from any instance: the request is stored; the job stops at its owner's next
   * checkpoint (deliveries in flight finish and are settled, the rest is given back), or at
   * once when it runs here or its owner is gone (then taken over here to be stopped). Waits for
   * it to stop, at most two heartbeats and a second.
   * @param actor who asked for it (the admin token's name), named in the log and the job
   * @returns its progress: `CANCELLED`, or still `RUNNING` with `cancelRequestedAt` when its
   *   owner did not stop in time
   * @throws BulkReplayNotFoundError for an unknown job
   */
  async cancel(jobId: string, actor?: string): Promise<BulkReplayProgress> {
    const record = await this.find(jobId);
    if (record.state !== 'RUNNING') return toBulkReplayProgress(record);
    await this.policy.run(() =>
      this.jobs.requestCancel(jobId, actor ?? 'unknown', new Date()),
    );
    if (actor !== undefined) {
      this.logger.log(`Bulk replay ${jobId} cancelled by ${actor}`);
    }
    const job =
      this.registry.local(jobId) ?? (await this.registry.takeOver(record));
    if (job) {
      job.cancel();
      await job.done;
      return job.progress();
    }
    const { heartbeatIntervalMs } = this.options.bulkReplay;
    return this.waitStopped(
      jobId,
      Date.now() + 2 * heartbeatIntervalMs + 1_000,
    );
  }

  /**
   * Resolves once the job has stopped, wherever it runs.
   * @throws BulkReplayNotFoundError for an unknown job
   */
  async wait(jobId: string): Promise<BulkReplayProgress> {
    const local = this.registry.local(jobId);
    if (local) {
      await local.done;
      return local.progress();
    }
    return this.waitStopped(jobId, Number.POSITIVE_INFINITY);
  }

  private validate(request: BulkReplayRequest): number {
    const { bulkReplay } = this.options;
    const rate = request.ratePerSecond ?? bulkReplay.defaultRatePerSecond;
    if (rate > bulkReplay.maxRatePerSecond) {
      throw new ValidationFailedError([
        {
          pointer: '/ratePerSecond',
          message: `must not be greater than ${bulkReplay.maxRatePerSecond}`,
        },
      ]);
    }
    const status = request.filter.status;
    if (
      status !== undefined &&
      status !== DeadLetterStatus.PENDING &&
      status !== DeadLetterStatus.FAILED
    ) {
      throw new ValidationFailedError([
        { pointer: '/status', message: 'must be PENDING or FAILED' },
      ]);
    }
    return rate;
  }

  private async find(jobId: string): Promise<BulkReplayJobRecord> {
    const record = await this.policy.run(() => this.jobs.find(jobId));
    if (!record) throw new BulkReplayNotFoundError(jobId);
    return record;
  }

  private async waitStopped(
    jobId: string,
    until: number,
  ): Promise<BulkReplayProgress> {
    for (;;) {
      const local = this.registry.local(jobId);
      if (local) {
        await local.done;
        return local.progress();
      }
      const record = await this.find(jobId);
      if (record.state !== 'RUNNING' || Date.now() >= until)
        return toBulkReplayProgress(record);
      await sleep(POLL_MS);
    }
  }
}
