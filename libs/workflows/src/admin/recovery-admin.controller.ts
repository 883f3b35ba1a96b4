import {
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  Post,
  UseGuards,
  type Type,
} from '@nestjs/common';
import {
  AdminAction,
  AdminActor,
  AdminTokenGuard,
} from '@nest-resilience/resilience';
import type { RecoveryRunSummary } from '../recovery/recovery-job.interface.js';
import { RecoveryRunRegistry } from '../recovery/recovery-run.registry.js';
import { RecoveryScheduler } from '../recovery/recovery.scheduler.js';

/**
 * The recovery jobs of this instance: `GET <path>` shows the last run of each (what it did,
 * when, how long, failures); `POST <path>/:job/run` runs one now and answers its summary.
 * Behind the admin tokens; a run asked for is logged with the token's name and recorded in the
 * admin audit log (`recovery.run`). Mounted by {@link recoveryAdminController} at the module's
 * `adminPath`.
 */
@UseGuards(AdminTokenGuard)
export class RecoveryAdminController {
  private readonly logger = new Logger('RecoveryAdmin');

  constructor(
    private readonly runs: RecoveryRunRegistry,
    private readonly scheduler: RecoveryScheduler,
  ) {}

  @Get()
  list(): { jobs: string[]; lastRuns: RecoveryRunSummary[] } {
    return { jobs: this.scheduler.names(), lastRuns: this.runs.list() };
  }

  /** @throws RecoveryJobNotFoundError for an unknown job (404) */
  @Post(':job/run')
  @HttpCode(200)
  @AdminAction('recovery.run', {
    target: 'job',
    details: (_request, result) => {
      const ok = (result as RecoveryRunSummary | undefined)?.ok;
      return ok === undefined ? undefined : { ok };
    },
  })
  run(
    @Param('job') job: string,
    @AdminActor() actor: string,
  ): Promise<RecoveryRunSummary> {
    this.logger.log(`Recovery job ${job} run by ${actor}`);
    return this.scheduler.run(job);
  }
}

/**
 * {@link RecoveryAdminController} at `path`. A controller's path is fixed by its decorator, so
 * the one the application chose gets a subclass of its own (routes, guard and dependencies are
 * inherited).
 */
export function recoveryAdminController(
  path: string,
): Type<RecoveryAdminController> {
  @Controller(path)
  class MountedRecoveryAdminController extends RecoveryAdminController {}
  return MountedRecoveryAdminController;
}
