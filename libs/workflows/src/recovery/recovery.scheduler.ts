import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RecoveryJobNotFoundError } from '../errors/recovery-job-not-found.error.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { ConnectionRecoveryJob } from './connection-recovery.job.js';
import { OutboxRepublishJob } from './outbox-republish.job.js';
import type {
  RecoveryJob,
  RecoveryRunSummary,
} from './recovery-job.interface.js';
import { RecoveryRunRegistry } from './recovery-run.registry.js';
import { RetentionJob } from './retention.job.js';
import { StuckMessageJob } from './stuck-message.job.js';

/**
 * Runs the recovery jobs every `recoveryIntervalMs` through `@nestjs/schedule` (intervals
 * registered in the `SchedulerRegistry`, so the period comes from configuration), or when
 * asked. A job never overlaps itself in one instance; across instances each job is safe by
 * its own conditional statements. Every run is logged and kept as the job's last-run summary.
 */
@Injectable()
export class RecoveryScheduler
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('WorkflowRecovery');
  private readonly jobs: ReadonlyMap<string, RecoveryJob>;
  private readonly running = new Map<string, Promise<RecoveryRunSummary>>();

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly config: ResolvedWorkflowsOptions,
    private readonly scheduler: SchedulerRegistry,
    private readonly runs: RecoveryRunRegistry,
    stuck: StuckMessageJob,
    outbox: OutboxRepublishJob,
    retention: RetentionJob,
    connections: ConnectionRecoveryJob,
  ) {
    this.jobs = new Map(
      [stuck, outbox, retention, connections].map((job) => [job.name, job]),
    );
  }

  /** Names of the jobs. */
  names(): string[] {
    return [...this.jobs.keys()];
  }

  onApplicationBootstrap(): void {
    if (this.config.recoveryIntervalMs <= 0) return;
    for (const name of this.jobs.keys()) {
      const interval = setInterval(
        () => void this.run(name),
        this.config.recoveryIntervalMs,
      );
      interval.unref();
      this.scheduler.addInterval(this.intervalName(name), interval);
    }
  }

  beforeApplicationShutdown(): void {
    for (const name of this.jobs.keys()) {
      const key = this.intervalName(name);
      if (this.scheduler.doesExist('interval', key))
        this.scheduler.deleteInterval(key);
    }
  }

  /**
   * Runs one job now, or joins its run in progress.
   * @throws RecoveryJobNotFoundError for an unknown job
   */
  run(name: string): Promise<RecoveryRunSummary> {
    const job = this.jobs.get(name);
    if (!job) throw new RecoveryJobNotFoundError(name, this.names());
    let running = this.running.get(name);
    if (!running) {
      running = this.execute(job).finally(() => this.running.delete(name));
      this.running.set(name, running);
    }
    return running;
  }

  // Named after the engine, so two engines in one application keep their own intervals.
  private intervalName(job: string): string {
    return `${this.config.name}-recovery:${job}`;
  }

  private async execute(job: RecoveryJob): Promise<RecoveryRunSummary> {
    const startedAt = new Date();
    try {
      const report = await job.run();
      const summary = this.runs.record(job.name, startedAt, { report });
      const changed = Object.entries(report).some(
        ([key, value]) =>
          typeof value === 'number' && value > 0 && key !== 'pending',
      );
      const line = `${job.name}: ${JSON.stringify(report)} in ${summary.durationMs} ms`;
      if (changed) this.logger.log(line);
      else this.logger.debug(line);
      return summary;
    } catch (error) {
      const summary = this.runs.record(job.name, startedAt, { error });
      this.logger.warn(`${job.name} failed: ${summary.error}`);
      return summary;
    }
  }
}
