import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  MemoryHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { CircuitBreakerHealthIndicator } from '@nest-resilience/resilience';
import { RedisHealthIndicator } from '../../src/cache/redis.health.js';
import { DatabaseHealthIndicator } from '../../src/health/database.health.js';
import { EnvironmentHealthIndicator } from '../../src/health/environment.health.js';

const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * The health routes of `src/health/health.controller.ts` with the orders' own indicators (the
 * database, Redis and the environment), for the orders specs' smaller app.
 */
@Controller('health')
export class OrdersHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly breakers: CircuitBreakerHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly environment: EnvironmentHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.breakers.isHealthy('breakers'),
      () => this.database.isHealthy('database'),
      () => this.redis.isHealthy('redis'),
      () => this.environment.isHealthy('environment'),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_BYTES),
    ]);
  }

  @Get('readiness')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.breakers.isHealthy('breakers'),
      () => this.database.isHealthy('database'),
      () => this.environment.isHealthy('environment'),
    ]);
  }

  @Get('liveness')
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}
