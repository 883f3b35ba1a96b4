import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  integrationConfig,
  type IntegrationConfig,
} from '../config/integration.config.js';
import { IntegrationJobNotFoundError } from '../errors/integration-job-not-found.error.js';
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
  private readonly logger = new Logger('IntegrationRecovery');
  private readonly jobs: ReadonlyMap<string, RecoveryJob>;
  private readonly running = new Map<string, Promise<RecoveryRunSummary>>();

  constructor(
    @Inject(integrationConfig.KEY) private readonly config: IntegrationConfig,
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
      this.scheduler.addInterval(`integration-recovery:${name}`, interval);
    }
  }

  beforeApplicationShutdown(): void {
    for (const name of this.jobs.keys()) {
      const key = `integration-recovery:${name}`;
      if (this.scheduler.doesExist('interval', key))
        this.scheduler.deleteInterval(key);
    }
  }

  /**
   * Runs one job now, or joins its run in progress.
   * @throws IntegrationJobNotFoundError for an unknown job
   */
  run(name: string): Promise<RecoveryRunSummary> {
    const job = this.jobs.get(name);
    if (!job) throw new IntegrationJobNotFoundError(name, this.names());
    let running = this.running.get(name);
    if (!running) {
      running = this.execute(job).finally(() => this.running.delete(name));
      this.running.set(name, running);
    }
    return running;
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
