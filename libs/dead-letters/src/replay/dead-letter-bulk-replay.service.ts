import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { ValidationFailedError } from '@nest-resilience/problem-details';
import { DEAD_LETTER_OPTIONS } from '../dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';
import type { DeadLetterFilter } from '../dead-letter-query.interface.js';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import { DeadLetterStore } from '../dead-letter.store.js';
import { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import { BulkReplayNotFoundError } from '../errors/bulk-replay-not-found.error.js';
import type { BulkReplayProgress } from './bulk-replay-progress.interface.js';
import { BulkReplayJob } from './bulk-replay.job.js';
import { DeadLetterReplayService } from './dead-letter-replay.service.js';

/** What `POST /admin/dlq/replay` asks for. */
export interface BulkReplayRequest {
  /** Entries to replay: `status` may be `PENDING` (the default) or `FAILED`. */
  filter: DeadLetterFilter;
  /** Messages per second. @default the module's `bulkReplay.defaultRatePerSecond` */
  ratePerSecond?: number;
  /** Most entries to replay. @default every matching one */
  limit?: number;
  /** Who started it (the admin token's name), named in the log. */
  actor?: string;
}

/**
 * Runs bulk replays as background jobs of this instance: started by `start` (answered at once
 * with the job's progress), watched with `get`, stopped with `cancel`. Jobs and their progress
 * live in memory: after a restart a job is gone, and its claimed entries come back through
 * claim recovery. Running jobs are cancelled, and their claims settled, before shutdown.
 */
@Injectable()
export class DeadLetterBulkReplayService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadLetterBulkReplay');
  private readonly jobs = new Map<string, BulkReplayJob>();

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly replay: DeadLetterReplayService,
  ) {}

  /**
   * Starts a bulk replay.
   * @throws ValidationFailedError for a rate above `bulkReplay.maxRatePerSecond` or a status
   *   other than `PENDING` / `FAILED`
   */
  start(request: BulkReplayRequest): BulkReplayProgress {
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
    const job = new BulkReplayJob(request.filter, rate, request.limit, {
      store: this.store,
      policy: this.policy,
      replay: this.replay,
      logger: this.logger,
      maxReplayAttempts: this.options.maxReplayAttempts,
      chunkSize: Math.max(1, Math.min(bulkReplay.chunkSize, Math.ceil(rate))),
      concurrency: bulkReplay.concurrency,
    });
    this.jobs.set(job.progress.id, job);
    void job.done.then(() => this.forgetOldJobs());
    const by = request.actor === undefined ? '' : ` by ${request.actor}`;
    this.logger.log(`Bulk replay ${job.progress.id} started${by} at ${rate}/s`);
    return { ...job.progress };
  }

  /** @throws BulkReplayNotFoundError for an unknown job */
  get(jobId: string): BulkReplayProgress {
    return { ...this.job(jobId).progress };
  }

  /** Every job this instance knows, newest first. */
  list(): BulkReplayProgress[] {
    return [...this.jobs.values()]
      .reverse()
      .map((job) => ({ ...job.progress }));
  }

  /**
   * Cancels a job and waits until it has stopped and settled its claims.
   * @param actor who asked for it (the admin token's name), named in the log
   * @throws BulkReplayNotFoundError for an unknown job
   */
  async cancel(jobId: string, actor?: string): Promise<BulkReplayProgress> {
    const job = this.job(jobId);
    if (actor !== undefined) {
      this.logger.log(`Bulk replay ${jobId} cancelled by ${actor}`);
    }
    job.cancel();
    await job.done;
    return { ...job.progress };
  }

  /** Resolves once the job has stopped. @throws BulkReplayNotFoundError for an unknown job */
  async wait(jobId: string): Promise<BulkReplayProgress> {
    const job = this.job(jobId);
    await job.done;
    return { ...job.progress };
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = [...this.jobs.values()].filter(
      (job) => job.progress.state === 'RUNNING',
    );
    for (const job of running) job.cancel();
    await Promise.allSettled(running.map((job) => job.done));
  }

  private job(jobId: string): BulkReplayJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new BulkReplayNotFoundError(jobId);
    return job;
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter(
      (job) => job.progress.state !== 'RUNNING',
    );
    const excess = finished.length - this.options.bulkReplay.keepFinishedJobs;
    for (const job of finished.slice(0, Math.max(0, excess)))
      this.jobs.delete(job.progress.id);
  }
}
