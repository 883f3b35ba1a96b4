import { Injectable, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { firstValueFrom, Observable, of } from 'rxjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadResilienceSettings,
  type LoadResilienceSettingsOptions,
} from '../config/resilience-config.loader.js';
import { CircuitBreaker } from '../decorators/circuit-breaker.decorator.js';
import { Fallback } from '../decorators/fallback.decorator.js';
import { FeatureToggle } from '../decorators/feature-toggle.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { degradationOf, isDegraded } from '../policies/degradation.marker.js';
import { ResilienceModule } from '../resilience.module.js';
import { FeatureDisabledError } from './feature-disabled.error.js';
import { FeatureToggles } from './feature.toggles.js';

const calls: string[] = [];

@Injectable()
class RecommendationService {
  @FeatureToggle('recommendations', { fallback: 'popular' })
  async forCustomer(customerId: string): Promise<{ items: string[] }> {
    calls.push(`forCustomer ${customerId}`);
    return { items: [`for-${customerId}`] };
  }

  popular(customerId: string): { items: string[] } {
    return { items: [`popular-for-${customerId}`] };
  }

  @FeatureToggle('reviews')
  async reviews(): Promise<string[]> {
    calls.push('reviews');
    return ['great'];
  }

  @FeatureToggle('reviews', { fallback: () => ({ count: 0 }) })
  reviewCount(): { count: number } {
    calls.push('reviewCount');
    return { count: 12 };
  }

  @FeatureToggle('reviews')
  reviewStream(): Observable<string> {
    calls.push('reviewStream');
    return of('great');
  }
}

/** A toggle over a guarded call: off, the dependency is not called at all. */
@Injectable()
class StockClient {
  attempts = 0;

  @Retry('stock-service')
  @CircuitBreaker('stock-service')
  @FeatureToggle('stock-check', { fallback: 'unknown' })
  @Fallback({ value: { stock: 'fallback' } })
  check(): Promise<{ stock: string }> {
    this.attempts++;
    return Promise.reject(
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    );
  }

  unknown(): { stock: string } {
    return { stock: 'unknown' };
  }
}

const FEATURES = {
  recommendations: {},
  reviews: {},
  'stock-check': { description: 'Live stock check' },
};
const SERVICES = {
  'stock-service': { retry: { maxAttempts: 2, baseDelayMs: 1 } },
};

async function boot(
  providers: Type[],
  options: LoadResilienceSettingsOptions = { config: { features: FEATURES } },
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ResilienceModule.forRoot({ settings: loadResilienceSettings(options) }),
    ],
    providers,
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('@FeatureToggle on provider methods', () => {
  let moduleRef: TestingModule;
  let service: RecommendationService;
  let stock: StockClient;
  let toggles: FeatureToggles;

  beforeAll(async () => {
    moduleRef = await boot([RecommendationService, StockClient], {
      config: { services: SERVICES, features: FEATURES },
    });
    service = moduleRef.get(RecommendationService);
    stock = moduleRef.get(StockClient);
    toggles = moduleRef.get(FeatureToggles);
  });
  afterAll(() => moduleRef.close());
  beforeEach(() => (calls.length = 0));

  it('calls the method while the feature is on, unmarked', async () => {
    await toggles.set('recommendations', true, 'test');
    const result = await service.forCustomer('c-1');
    expect(result).toEqual({ items: ['for-c-1'] });
    expect(isDegraded(result)).toBe(false);
    expect(calls).toEqual(['forCustomer c-1']);
  });

  it('answers from the fallback method, with the same arguments, marked degraded, while off', async () => {
    await toggles.set('recommendations', false, 'test');
    const result = await service.forCustomer('c-2');
    expect(result).toEqual({ items: ['popular-for-c-2'] });
    expect(degradationOf(result)).toMatchObject({
      name: 'recommendations',
      source: 'function',
      error: expect.any(FeatureDisabledError),
    });
    expect(calls).toEqual([]);
  });

  it('fails with FeatureDisabledError in the shape of the method when there is no fallback', async () => {
    await toggles.set('reviews', false, 'test');
    await expect(service.reviews()).rejects.toMatchObject({
      code: 'RESILIENCE.FEATURE_DISABLED',
      problem: 'FEATURE_DISABLED',
      feature: 'reviews',
    });
    await expect(firstValueFrom(service.reviewStream())).rejects.toBeInstanceOf(
      FeatureDisabledError,
    );
    // A synchronous method answers synchronously, from its fallback function.
    const count = service.reviewCount();
    expect(count).toEqual({ count: 0 });
    expect(isDegraded(count)).toBe(true);
    expect(calls).toEqual([]);

    await toggles.set('reviews', true, 'test');
    expect(service.reviewCount()).toEqual({ count: 12 });
    expect(await firstValueFrom(service.reviewStream())).toBe('great');
  });

  it('comes before the other policies: off, the guarded call is not attempted at all', async () => {
    await toggles.set('stock-check', true, 'test');
    // On: retried, then the resilience fallback stands in.
    expect(await stock.check()).toEqual({ stock: 'fallback' });
    expect(stock.attempts).toBe(2);

    await toggles.set('stock-check', false, 'test');
    const result = await stock.check();
    expect(result).toEqual({ stock: 'unknown' });
    expect(degradationOf(result)?.name).toBe('stock-check');
    expect(stock.attempts).toBe(2);
  });
});

describe('@FeatureToggle boot checks', () => {
  @Injectable()
  class Misnamed {
    @FeatureToggle('recomendations')
    run(): string {
      return 'x';
    }
  }

  @Injectable()
  class MissingFallback {
    @FeatureToggle('reviews', { fallback: 'noSuchMethod' })
    run(): string {
      return 'x';
    }
  }

  @Injectable()
  class UsesReviewsInCode {
    constructor(toggles: FeatureToggles) {
      toggles.use('reviews', UsesReviewsInCode.name);
    }
  }

  it('stops the start naming a toggle no configuration declares and a fallback that is no method', async () => {
    await expect(
      boot([Misnamed, MissingFallback], {
        config: { features: { reviews: {} } },
      }),
    ).rejects.toThrow(
      [
        '  - @FeatureToggle(\'reviews\') on MissingFallback.run: fallback "noSuchMethod" is ' +
          'not a method of MissingFallback',
        '  - @FeatureToggle(\'recomendations\') on Misnamed.run: no feature "recomendations" ' +
          'under features in the configuration (declared: reviews); declare it or correct the name',
      ].join('\n'),
    );
  });

  it('stops the start on a toggle only the user declared, or set, that nothing uses', async () => {
    const baseFile = join(mkdtempSync(join(tmpdir(), 'toggles-')), 'app.yaml');
    writeFileSync(baseFile, 'features:\n  reviews: {}\n  chat: {}\n');
    const options: LoadResilienceSettingsOptions = {
      baseFile,
      config: { features: { 'gift-wrap': { enabled: false } } },
      env: { FEATURE__REVIEWS: 'false' },
    };
    await expect(boot([], options)).rejects.toThrow(
      [
        "  - features.gift-wrap (in config): unknown feature: nothing in this application uses it (no @FeatureToggle('gift-wrap') nor FeatureToggles.use); remove it or correct the name",
        '  - features.reviews.enabled is set (from FEATURE__REVIEWS) but nothing in this application uses the feature as it is wired now; remove the setting',
      ].join('\n'),
    );
    // A use declared in code counts; the shipped file's unused "chat" is never refused.
    await expect(
      boot([UsesReviewsInCode], { ...options, config: {} }),
    ).resolves.toBeDefined();
  });
});
