import {
  Controller,
  Get,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { CircuitBreakerHealthIndicator } from '@nest-resilience/resilience';
import { DeadLetterHealthIndicator } from '@nest-resilience/dead-letters';
import { MessagingHealthIndicator } from '@nest-resilience/messaging';
import { WorkflowHealthIndicator } from '@nest-resilience/workflows';
import { RedisHealthIndicator } from '../cache/redis.health.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { EnvironmentHealthIndicator } from './environment.health.js';
import { HealthCheckFailedError } from './health-check-failed.error.js';
import { HealthCheckFailedFilter } from './health-check-failed.filter.js';
import { HEALTH_INDICATOR_TIMEOUT_MS } from './health.constants.js';
import {
  withDeadline,
  type BoundedIndicator,
} from './indicator-deadline.util.js';

/** Heap the process may use before `/health` reports it down. */
const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * The contract's health routes. `/health` reports every check with its status and response
 * time, and every breaker with its state and stats; `/health/readiness` fails only when a
 * critical dependency is down; `/health/liveness` looks at the process alone. A failing check
 * answers 503 `DEPENDENCY_UNAVAILABLE` with the health document under `health`, logged as one
 * line ({@link HealthCheckFailedFilter}).
 *
 * Every indicator runs under {@link HEALTH_INDICATOR_TIMEOUT_MS}, in parallel: one that does
 * not answer in time is `down` when critical (the database), `degraded` otherwise, so a hung
 * dependency cannot hold a probe, and readiness answers within about a second whatever hangs.
 */
@Controller('health')
@UseFilters(HealthCheckFailedFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
    private readonly breakers: CircuitBreakerHealthIndicator,
    private readonly deadLetters: DeadLetterHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly environment: EnvironmentHealthIndicator,
    private readonly messaging: MessagingHealthIndicator,
    private readonly integration: WorkflowHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.run([
      { key: 'breakers', check: () => this.breakers.isHealthy('breakers') },
      {
        key: 'database',
        critical: true,
        check: () => this.database.isHealthy('database'),
      },
      { key: 'redis', check: () => this.redis.isHealthy('redis') },
      { key: 'messaging', check: () => this.messaging.isHealthy('messaging') },
      {
        key: 'environment',
        critical: true,
        check: () => this.environment.isHealthy('environment'),
      },
      // Only ever degraded: a growing queue or stuck messages need an operator, not a restart.
      {
        key: 'deadLetterQueue',
        check: () => this.deadLetters.isHealthy('deadLetterQueue'),
      },
      {
        key: 'integration',
        check: () => this.integration.isHealthy('integration'),
      },
      {
        key: 'memory_heap',
        check: () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_BYTES),
      },
    ]);
  }

  @Get('readiness')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    // Only critical breakers make that indicator down; the others only degrade it. Redis and
    // the broker are not critical: the cache fails open and events wait in the outbox.
    return this.run([
      { key: 'breakers', check: () => this.breakers.isHealthy('breakers') },
      {
        key: 'database',
        critical: true,
        check: () => this.database.isHealthy('database'),
      },
      {
        key: 'environment',
        critical: true,
        check: () => this.environment.isHealthy('environment'),
      },
    ]);
  }

  @Get('liveness')
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.run([]);
  }

  private async run(checks: BoundedIndicator[]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(
        checks.map(
          (indicator) => () =>
            withDeadline(
              this.indicators,
              indicator,
              HEALTH_INDICATOR_TIMEOUT_MS,
            ),
        ),
      );
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        throw new HealthCheckFailedError(
          error.getResponse() as HealthCheckResult,
        );
      }
      throw error;
    }
  }
}
