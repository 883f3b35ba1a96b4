import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import axios from 'axios';
import {
  AttemptSignal,
  CircuitBreaker,
  CircuitBreakerAdminController,
  Fallback,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';

/** Where the stub downstream listens; set by each test before the app starts. */
export const downstream = { url: '' };

const breaker = {
  timeoutMs: 1000,
  errorThresholdPercentage: 50,
  volumeThreshold: 4,
  resetTimeoutMs: 400,
  rollingCountTimeoutMs: 10_000,
  rollingCountBuckets: 10,
};
const retry = {
  maxAttempts: 2,
  backoff: 'fixed',
  baseDelayMs: 10,
  maxDelayMs: 10,
  jitter: 'none',
};

/** A configuration file with one service per path under test, so their breakers are separate. */
export function writeStubConfig(): string {
  const file = join(
    tmpdir(),
    `resilience-e2e-${process.pid}-${Date.now()}.json`,
  );
  const service = { circuitBreaker: breaker, retry };
  writeFileSync(
    file,
    JSON.stringify({
      services: {
        'provider-downstream': service,
        'route-downstream': service,
        'rpc-downstream': service,
      },
    }),
  );
  return file;
}

@Injectable()
export class DownstreamClient {
  @CircuitBreaker('provider-downstream')
  @Retry('provider-downstream')
  async fetch(
    path: string,
    @AttemptSignal() signal?: AbortSignal,
  ): Promise<unknown> {
    const response = await axios.get(`${downstream.url}${path}`, { signal });
    return response.data;
  }

  @Fallback({ lastGood: true }, { value: { cached: false } })
  @Retry('provider-downstream')
  @CircuitBreaker('provider-downstream')
  async fetchOrFallback(path: string): Promise<unknown> {
    const response = await axios.get(`${downstream.url}${path}`);
    return response.data;
  }
}

@Controller('guarded')
export class GuardedController {
  @Get()
  @Retry('route-downstream')
  @CircuitBreaker('route-downstream')
  async get(): Promise<unknown> {
    const response = await axios.get(`${downstream.url}/route`);
    return response.data;
  }

  @MessagePattern('guarded')
  @CircuitBreaker('rpc-downstream')
  @Retry('rpc-downstream')
  async handle(): Promise<unknown> {
    const response = await axios.get(`${downstream.url}/rpc`);
    return response.data;
  }
}

/** A small application whose three kinds of guarded methods call one stub downstream. */
export function guardedModule(configFile: string) {
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({ file: configFile }),
        admin: {
          token: 'admin-token-0123456789',
          readonlyToken: 'reader-token-0123456789',
        },
      }),
      ProblemDetailsModule.forRoot({ global: true }),
    ],
    controllers: [GuardedController, CircuitBreakerAdminController],
    providers: [DownstreamClient],
  })
  class GuardedModule {}
  return GuardedModule;
}
