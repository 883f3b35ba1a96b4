import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { AdminTokenGuard } from '@nest-resilience/resilience';
import type { RecoveryRunSummary } from './recovery-job.interface.js';
import { RecoveryRunRegistry } from './recovery-run.registry.js';
import { RecoveryScheduler } from './recovery.scheduler.js';

/**
 * The recovery jobs of this instance: `GET /admin/integration/recovery` shows the last run of
 * each (what it did, when, how long, failures); `POST /admin/integration/recovery/:job/run`
 * runs one now and answers its summary. Behind the admin tokens.
 */
@Controller('admin/integration/recovery')
@UseGuards(AdminTokenGuard)
export class RecoveryAdminController {
  constructor(
    private readonly runs: RecoveryRunRegistry,
    private readonly scheduler: RecoveryScheduler,
  ) {}

  @Get()
  list(): { jobs: string[]; lastRuns: RecoveryRunSummary[] } {
    return { jobs: this.scheduler.names(), lastRuns: this.runs.list() };
  }

  /** @throws IntegrationJobNotFoundError for an unknown job (404) */
  @Post(':job/run')
  @HttpCode(200)
  run(@Param('job') job: string): Promise<RecoveryRunSummary> {
    return this.scheduler.run(job);
  }
}
