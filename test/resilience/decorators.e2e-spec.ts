import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { firstValueFrom, isObservable, Observable } from 'rxjs';
import {
  AttemptSignal,
  Bulkhead,
  CircuitBreaker,
  Fallback,
  isBulkheadFullError,
  isDegraded,
  isResilienceConfigurationError,
  isTimeoutError,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
  Timeout,
} from '@nest-resilience/resilience';

function settingsFile(services: Record<string, unknown>): string {
  const file = join(
    tmpdir(),
    `decorators-e2e-${process.pid}-${Math.random()}.json`,
  );
  writeFileSync(file, JSON.stringify({ services }));
  return file;
}

const SERVICES = {
  slow: { circuitBreaker: { timeoutMs: 50 } },
  narrow: { bulkhead: { maxConcurrent: 1, maxQueue: 1 } },
  flaky: {
    retry: {
      maxAttempts: 3,
      backoff: 'fixed',
      baseDelayMs: 5,
      maxDelayMs: 5,
      jitter: 'none',
    },
  },
};

async function boot(
  provider: Type,
  services: Record<string, unknown> = SERVICES,
) {
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({ file: settingsFile(services) }),
      }),
    ],
    providers: [provider],
  })
  class HostModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [HostModule],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

@Injectable()
class Guarded {
  signals: AbortSignal[] = [];
  calls = 0;

  @Timeout('slow')
  async hang(@AttemptSignal() signal?: AbortSignal): Promise<string> {
    this.signals.push(signal!);
    return new Promise((resolve) => setTimeout(() => resolve('late'), 500));
  }

  @Timeout(1000)
  @Bulkhead('narrow')
  async occupy(release: Promise<void>): Promise<string> {
    await release;
    return 'done';
  }

  @Retry('flaky')
  stream(): Observable<string> {
    return new Observable((subscriber) => {
      this.calls++;
      if (this.calls < 3)
        subscriber.error(
          Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
        );
      else {
        subscriber.next('third time');
        subscriber.complete();
      }
    });
  }

  @Retry('flaky')
  plain(): number {
    this.calls++;
    if (this.calls === 1)
      throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    return 42;
  }

  @Fallback({ method: 'standIn' })
  @CircuitBreaker('slow')
  async withMethodFallback(id: string): Promise<string> {
    throw Object.assign(new Error(`no ${id}`), { code: 'ECONNREFUSED' });
  }

  standIn(id: string, error: unknown): string {
    return `stand-in for ${id} (${(error as { code: string }).code})`;
  }
}

describe('resilience decorators on provider methods', () => {
  it('bounds each attempt with @Timeout and aborts the attempt signal', async () => {
    const moduleRef = await boot(Guarded);
    const guarded = moduleRef.get(Guarded);
    const error = await guarded.hang().catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(guarded.signals).toHaveLength(1);
    expect(guarded.signals[0].aborted).toBe(true);
    await moduleRef.close();
  });

  it('refuses calls beyond the bulkhead at once, without waiting', async () => {
    const moduleRef = await boot(Guarded);
    const guarded = moduleRef.get(Guarded);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = guarded.occupy(gate);
    const queued = guarded.occupy(gate);
    const refused = await guarded.occupy(gate).catch((e: unknown) => e);
    expect(isBulkheadFullError(refused)).toBe(true);
    release();
    await expect(Promise.all([running, queued])).resolves.toEqual([
      'done',
      'done',
    ]);
    await moduleRef.close();
  });

  it('keeps an Observable method an Observable, each subscription one guarded call', async () => {
    const moduleRef = await boot(Guarded);
    const guarded = moduleRef.get(Guarded);
    const result = guarded.stream();
    expect(isObservable(result)).toBe(true);
    expect(guarded.calls).toBe(0);
    await expect(firstValueFrom(result)).resolves.toBe('third time');
    expect(guarded.calls).toBe(3);
    await moduleRef.close();
  });

  it('turns a method returning a plain value into one returning a promise of it', async () => {
    const moduleRef = await boot(Guarded);
    const guarded = moduleRef.get(Guarded);
    const result = guarded.plain() as unknown;
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(42);
    expect(guarded.calls).toBe(2);
    await moduleRef.close();
  });

  it('falls back to a method of the same class with the arguments and the error', async () => {
    const moduleRef = await boot(Guarded);
    const result = await moduleRef.get(Guarded).withMethodFallback('p-1');
    expect(result).toBe('stand-in for p-1 (ECONNREFUSED)');
    await moduleRef.close();
  });

  it('marks an object served by a fallback as degraded', async () => {
    @Injectable()
    class WithValue {
      @Fallback({ value: { products: [] } })
      async list(): Promise<unknown> {
        throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
      }
    }
    const moduleRef = await boot(WithValue);
    const result = await moduleRef.get(WithValue).list();
    expect(result).toEqual({ products: [] });
    expect(isDegraded(result)).toBe(true);
    await moduleRef.close();
  });
});

describe('narrowing and per-method settings', () => {
  it('retries only what @Retry({ retryOn }) accepts, and the breaker still counts the rest', async () => {
    @Injectable()
    class Deliveries {
      statuses = [500, 503, 503];
      calls = 0;

      @Retry('flaky', {
        retryOn: (c) =>
          c.upstreamStatus === undefined || c.upstreamStatus >= 503,
      })
      @CircuitBreaker('slow')
      async create(): Promise<string> {
        const status = this.statuses[this.calls++];
        throw Object.assign(new Error('upstream'), {
          isAxiosError: true,
          response: { status, headers: {}, data: {} },
          config: {},
        });
      }
    }
    const moduleRef = await boot(Deliveries);
    const deliveries = moduleRef.get(Deliveries);
    await expect(deliveries.create()).rejects.toMatchObject({
      response: { status: 500 },
    });
    expect(deliveries.calls).toBe(1);
    deliveries.statuses = [503, 503, 503];
    deliveries.calls = 0;
    await expect(deliveries.create()).rejects.toThrow(/after 3 attempts/);
    expect(deliveries.calls).toBe(3);
    await moduleRef.close();
  });

  it('lets one method turn its attempt timeout off without touching the service retry budget', async () => {
    @Injectable()
    class Unbounded {
      @CircuitBreaker('budgeted', { timeoutMs: 0 })
      async call(): Promise<string> {
        return new Promise((resolve) =>
          setTimeout(() => resolve('slow but fine'), 80),
        );
      }

      // The service's other callers keep its timeout and retry (and so its budget).
      @Retry('budgeted')
      @CircuitBreaker('budgeted')
      async bounded(): Promise<string> {
        return 'bounded';
      }
    }
    const moduleRef = await boot(Unbounded, {
      budgeted: {
        circuitBreaker: { timeoutMs: 20 },
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5, budgetMs: 100 },
      },
    });
    await expect(moduleRef.get(Unbounded).call()).resolves.toBe(
      'slow but fine',
    );
    await moduleRef.close();
  });
});

describe('configuration mistakes stop the start', () => {
  it('a fallback naming a missing method', async () => {
    @Injectable()
    class MissingFallback {
      @Fallback({ method: 'nowhere' })
      async call(): Promise<number> {
        return 1;
      }
    }
    const error = await boot(MissingFallback).catch((e: unknown) => e);
    expect(isResilienceConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /MissingFallback\.call.*nowhere/,
    );
  });

  it('a decorator naming an unknown service', async () => {
    @Injectable()
    class UnknownService {
      @CircuitBreaker('no-such-service')
      async call(): Promise<number> {
        return 1;
      }
    }
    const error = await boot(UnknownService).catch((e: unknown) => e);
    expect(isResilienceConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/no-such-service/);
  });

  it('a retry whose worst case exceeds its budget', async () => {
    @Injectable()
    class OverBudget {
      @Retry('flaky', { maxAttempts: 5, budgetMs: 100 })
      @Timeout(1000)
      async call(): Promise<number> {
        return 1;
      }
    }
    const error = await boot(OverBudget).catch((e: unknown) => e);
    expect(isResilienceConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/flaky.*retry\.budgetMs/);
  });

  it('two methods shaping one shared breaker differently', async () => {
    @Injectable()
    class Conflicting {
      @CircuitBreaker('slow', { volumeThreshold: 5 })
      async a(): Promise<number> {
        return 1;
      }

      @CircuitBreaker('slow', { volumeThreshold: 50 })
      async b(): Promise<number> {
        return 2;
      }
    }
    const error = await boot(Conflicting).catch((e: unknown) => e);
    expect(isResilienceConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /Conflicting\.b.*Conflicting\.a/,
    );
  });
});
