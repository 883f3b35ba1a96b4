import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DEAD_LETTER_OPTIONS } from '../dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';
import { DeadLetterStore } from '../dead-letter.store.js';
import { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import type { BulkReplayJobRecord } from './bulk-replay-job-record.interface.js';
import {
  BulkReplayJobStore,
  type BulkReplayLease,
} from './bulk-replay-job.store.js';
import { BulkReplayJob } from './bulk-replay.job.js';
import { DeadLetterReplayService } from './dead-letter-replay.service.js';

/** Jobs with a lapsed lease looked at per pass. */
const TAKEOVER_BATCH = 20;

/**
 * The bulk replay jobs this instance runs, and the taking over of others: every
 * `bulkReplay.takeoverIntervalMs` (an unref'd timer, and once at boot) it looks for running
 * jobs whose lease lapsed (their instance died, or shut down and handed them back) and resumes
 * them; of several instances looking at once, one wins each job. At shutdown it hands its jobs
 * back (deliveries in flight finish and are settled; the rest is left for the next owner).
 */
@Injectable()
export class BulkReplayJobRegistry
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('DeadLetterBulkReplay');
  /** This instance, as jobs name their owner. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, BulkReplayJob>();
  private timer?: NodeJS.Timeout;
  private takingOver?: Promise<number>;
  private closing = false;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly jobs: BulkReplayJobStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly replay: DeadLetterReplayService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.options.bulkReplay.takeoverIntervalMs;
    if (every <= 0) return;
    const pass = () => {
      this.takeOverExpired().catch((error: unknown) => {
        this.logger.warn(
          `Looking for bulk replay jobs to take over failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    };
    pass();
    this.timer = setInterval(pass, every).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.takingOver?.catch(() => undefined);
    const running = [...this.running.values()];
    for (const job of running) job.handBack();
    await Promise.allSettled(running.map((job) => job.done));
  }

  /** A new lease of this instance, from now. */
  newLease(now: Date = new Date()): BulkReplayLease {
    return {
      owner: this.instanceId,
      token: randomUUID(),
      expiresAt: new Date(now.getTime() + this.options.bulkReplay.leaseMs),
    };
  }

  /** The job, if this instance runs it. */
  local(id: string): BulkReplayJob | undefined {
    return this.running.get(id);
  }

  /** Runs a stored job this instance holds the lease `leaseToken` of. */
  run(record: BulkReplayJobRecord, leaseToken: string): BulkReplayJob {
    const { bulkReplay } = this.options;
    const rate = record.ratePerSecond;
    const job = new BulkReplayJob(record, leaseToken, {
      store: this.store,
      jobs: this.jobs,
      policy: this.policy,
      replay: this.replay,
      logger: this.logger,
      maxReplayAttempts: this.options.maxReplayAttempts,
      chunkSize: Math.max(1, Math.min(bulkReplay.chunkSize, Math.ceil(rate))),
      concurrency: bulkReplay.concurrency,
      heartbeatIntervalMs: bulkReplay.heartbeatIntervalMs,
      leaseMs: bulkReplay.leaseMs,
    });
    this.running.set(job.id, job);
    void job.done.then(() => {
      this.running.delete(job.id);
      return this.policy
        .run(() => this.jobs.purgeFinished(bulkReplay.keepFinishedJobs))
        .catch(() => undefined);
    });
    return job;
  }

  /**
   * Takes over, and resumes here, the running jobs whose lease lapsed before `now` (single
   * flight: a call during a pass shares it).
   * @returns how many it took over
   * @throws DeadLetterStoreUnavailableError when the store cannot be reached
   */
  takeOverExpired(now: Date = new Date()): Promise<number> {
    this.takingOver ??= this.takeOverOnce(now).finally(() => {
      this.takingOver = undefined;
    });
    return this.takingOver;
  }

  /**
   * Takes the job over if its lease lapsed before `now`.
   * @returns the job running here, or `undefined` when another instance holds it
   */
  async takeOver(
    record: BulkReplayJobRecord,
    now: Date = new Date(),
  ): Promise<BulkReplayJob | undefined> {
    if (this.closing) return undefined;
    const local = this.running.get(record.id);
    if (local) return local;
    const lease = this.newLease(now);
    const taken = await this.policy.run(() =>
      this.jobs.takeOver(record.id, record.leaseToken, lease, now),
    );
    if (!taken) return undefined;
    const from = record.owner ?? 'an instance that handed it back';
    this.logger.warn(
      `Bulk replay ${record.id} taken over from ${from} (lease lapsed); resuming after its stored position`,
    );
    return this.run(taken, lease.token);
  }

  private async takeOverOnce(now: Date): Promise<number> {
    if (this.closing) return 0;
    const expired = await this.policy.run(() =>
      this.jobs.findExpired(now, TAKEOVER_BATCH),
    );
    let taken = 0;
    for (const record of expired) {
      if (this.running.has(record.id)) continue;
      if (await this.takeOver(record, now)) taken++;
    }
    return taken;
  }
}
