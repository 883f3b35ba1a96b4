import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CircuitState } from '../breakers/circuit-state.enum.js';
import { CircuitBreaker } from '../decorators/circuit-breaker.decorator.js';
import { Fallback } from '../decorators/fallback.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { isDegraded } from '../policies/degradation.marker.js';
import { ResilienceRecorder } from './resilience.recorder.js';
import { ResilienceTestingModule } from './resilience-testing.module.js';

function unavailable(): Error {
  return Object.assign(new Error('connect ECONNREFUSED'), {
    code: 'ECONNREFUSED',
  });
}

@Injectable()
class PriceClient {
  failuresLeft = 0;

  @Fallback({ value: { price: 0 } })
  @Retry('prices')
  @CircuitBreaker('prices')
  async price(): Promise<{ price: number }> {
    if (this.failuresLeft-- > 0) throw unavailable();
    return { price: 42 };
  }
}

describe('ResilienceTestingModule', () => {
  let moduleRef: TestingModule;
  let client: PriceClient;
  let recorder: ResilienceRecorder;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceTestingModule.forRoot({
          services: {
            prices: {
              retry: { maxAttempts: 3 },
              circuitBreaker: { volumeThreshold: 3 },
            },
          },
        }),
      ],
      providers: [PriceClient],
    }).compile();
    await moduleRef.init();
    client = moduleRef.get(PriceClient);
    recorder = moduleRef.get(ResilienceRecorder);
  });

  afterEach(() => moduleRef.close());

  it('records the retries of a call that recovers, with the test defaults (1 ms, no jitter)', async () => {
    client.failuresLeft = 2;

    await expect(client.price()).resolves.toEqual({ price: 42 });

    expect(
      recorder.retries('prices').map(({ attempt, delayMs }) => ({
        attempt,
        delayMs,
      })),
    ).toEqual([
      { attempt: 2, delayMs: 1 },
      { attempt: 3, delayMs: 1 },
    ]);
    expect(recorder.fallbacks()).toEqual([]);
  });

  it('records the fallback and the breaker opening once everything failed', async () => {
    client.failuresLeft = Infinity;

    const result = await client.price();

    expect(result).toEqual({ price: 0 });
    expect(isDegraded(result)).toBe(true);
    expect(recorder.fallbacks('prices')).toHaveLength(1);
    expect(recorder.fallbacks('prices')[0]?.info.source).toBe('value');
    expect(recorder.state('prices')).toBe(CircuitState.OPEN);
    expect(recorder.transitions('prices').map((c) => c.to)).toEqual([
      CircuitState.OPEN,
    ]);
    expect(recorder.stats('prices')?.totals.fallbacks).toBe(1);
  });

  it('clears what it recorded and closes the breakers between tests', async () => {
    client.failuresLeft = Infinity;
    await client.price();

    recorder.clear();

    expect(recorder.events).toEqual([]);
    expect(recorder.state('prices')).toBe(CircuitState.CLOSED);
  });
});
