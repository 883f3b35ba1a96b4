import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  MemoryHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { CircuitBreakerHealthIndicator } from '@nest-resilience/resilience';
import { DeadLetterHealthIndicator } from '@nest-resilience/dead-letters';
import { MessagingHealthIndicator } from '@nest-resilience/messaging';
import { WorkflowHealthIndicator } from '@nest-resilience/workflows';
import { RedisHealthIndicator } from '../cache/redis.health.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { EnvironmentHealthIndicator } from './environment.health.js';
import { HealthCheckFailedError } from './health-check-failed.error.js';

/** Heap the process may use before `/health` reports it down. */
const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * The contract's health routes. `/health` reports every check with its status and response
 * time, and every breaker with its state and stats; `/health/readiness` fails only when a
 * critical dependency is down; `/health/liveness` looks at the process alone. A failing check
 * answers 503 `DEPENDENCY_UNAVAILABLE` with the health document under `health`.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
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
      () => this.breakers.isHealthy('breakers'),
      () => this.database.isHealthy('database'),
      () => this.redis.isHealthy('redis'),
      () => this.messaging.isHealthy('messaging'),
      () => this.environment.isHealthy('environment'),
      // Only ever degraded: a growing queue or stuck messages need an operator, not a restart.
      () => this.deadLetters.isHealthy('deadLetterQueue'),
      () => this.integration.isHealthy('integration'),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_BYTES),
    ]);
  }

  @Get('readiness')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    // Only critical breakers make that indicator down; the others only degrade it. Redis and
    // the broker are not critical: the cache fails open and events wait in the outbox.
    return this.run([
      () => this.breakers.isHealthy('breakers'),
      () => this.database.isHealthy('database'),
      () => this.environment.isHealthy('environment'),
    ]);
  }

  @Get('liveness')
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.run([]);
  }

  private async run(
    checks: HealthIndicatorFunction[],
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
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
