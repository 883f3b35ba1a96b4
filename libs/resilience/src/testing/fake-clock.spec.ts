import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CircuitBreaker } from '../decorators/circuit-breaker.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { Timeout } from '../decorators/timeout.decorator.js';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import { CircuitState } from '../breakers/circuit-state.enum.js';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { isCircuitOpenError } from '../errors/circuit-open.error.js';
import { isTimeoutError } from '../errors/timeout.error.js';
import { ResilienceModule } from '../resilience.module.js';
import { FakeClock } from './fake-clock.js';

/** A refused connection: retryable, and counted by the breaker. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED'), {
    code: 'ECONNREFUSED',
  });
}

@Injectable()
class InventoryClient {
  calls = 0;
  failing = true;

  @Retry('inventory')
  @CircuitBreaker('inventory')
  async reserve(): Promise<string> {
    this.calls++;
    if (this.failing) throw refused();
    return 'reserved';
  }

  @Timeout(2_000)
  hang(): Promise<never> {
    return new Promise(() => undefined);
  }
}

describe('FakeClock', () => {
  let clock: FakeClock;
  let moduleRef: TestingModule;
  let client: InventoryClient;
  let breakers: CircuitBreakerRegistry;
  const file = join(tmpdir(), `fake-clock-${process.pid}.json`);

  beforeEach(async () => {
    writeFileSync(
      file,
      JSON.stringify({
        services: {
          inventory: {
            circuitBreaker: {
              timeoutMs: 0,
              volumeThreshold: 4,
              errorThresholdPercentage: 50,
              resetTimeoutMs: 30_000,
            },
            retry: {
              maxAttempts: 2,
              backoff: 'fixed',
              baseDelayMs: 5_000,
              maxDelayMs: 5_000,
              jitter: 'none',
            },
          },
        },
      }),
    );
    // Installed first, so the breakers' timers are fake from their creation.
    clock = FakeClock.install();
    @Module({
      imports: [
        ResilienceModule.forRoot({
          settings: loadResilienceSettings({ file }),
        }),
      ],
      providers: [InventoryClient],
    })
    class HostModule {}
    moduleRef = await Test.createTestingModule({
      imports: [HostModule],
    }).compile();
    await moduleRef.init();
    client = moduleRef.get(InventoryClient);
    breakers = moduleRef.get(CircuitBreakerRegistry);
  });

  afterEach(async () => {
    clock.uninstall();
    await moduleRef.close();
    rmSync(file, { force: true });
  });

  it('drives the retry backoff: the second attempt waits exactly the configured delay', async () => {
    const call = client.reserve().catch((error: unknown) => error);
    await clock.advance(0);
    expect(client.calls).toBe(1);

    await clock.advance(4_999);
    expect(client.calls).toBe(1);
    await clock.advance(1);
    expect(client.calls).toBe(2);
    expect((await call) as Error).toBeInstanceOf(Error);
  });

  it("drives the breaker's reset timeout: open, then one probe after 30 s that closes it", async () => {
    for (let i = 0; i < 2; i++) {
      const call = client.reserve().catch(() => undefined);
      await clock.advance(5_000);
      await call;
    }
    expect(breakers.get('inventory')?.currentState).toBe(CircuitState.OPEN);
    expect(
      isCircuitOpenError(await client.reserve().catch((e: unknown) => e)),
    ).toBe(true);

    client.failing = false;
    await clock.advance(30_000);

    await expect(client.reserve()).resolves.toBe('reserved');
    expect(breakers.get('inventory')?.currentState).toBe(CircuitState.CLOSED);
  });

  it('drives attempt timeouts', async () => {
    const call = client.hang().catch((error: unknown) => error);

    await clock.advance(1_999);
    let settled = false;
    void call.then(() => (settled = true));
    await clock.advance(0);
    expect(settled).toBe(false);

    await clock.advance(1);
    expect(isTimeoutError(await call)).toBe(true);
  });
});
