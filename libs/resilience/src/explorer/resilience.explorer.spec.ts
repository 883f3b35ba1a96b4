import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { CircuitBreaker } from '../decorators/circuit-breaker.decorator.js';
import { Retry } from '../decorators/retry.decorator.js';
import { Timeout } from '../decorators/timeout.decorator.js';
import { ResilienceModule } from '../resilience.module.js';
import { GuardedLayerRegistry } from './guarded-layer.registry.js';

@Injectable()
class ProductClient {
  @Retry('product-service')
  @CircuitBreaker('product-service')
  check(): Promise<string> {
    return Promise.resolve('ok');
  }
}

@Injectable()
class TimedClient {
  @Timeout('product-service')
  check(): Promise<string> {
    return Promise.resolve('ok');
  }
}

/** Guards its calls itself, as a relay or a store policy does. */
@Injectable()
class BrokerRelay {
  constructor(layers: GuardedLayerRegistry) {
    layers.declare('broker', ['circuitBreaker', 'retry'], 'BrokerRelay');
  }
}

async function boot(
  services: Record<string, unknown>,
  providers: Function[],
): Promise<GuardedLayerRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({ config: { services } }),
      }),
    ],
    providers: providers as never[],
  }).compile();
  try {
    await moduleRef.init();
    return moduleRef.get(GuardedLayerRegistry);
  } finally {
    await moduleRef.close();
  }
}

describe('ResilienceExplorer: configured layers', () => {
  it('records the layers of every decorated method and boots when each configured one is used', async () => {
    const layers = await boot(
      {
        'product-service': {
          circuitBreaker: { timeoutMs: 2000 },
          retry: { maxAttempts: 2 },
        },
      },
      [ProductClient],
    );
    expect(layers.sites('product-service', 'retry')).toEqual([
      'ProductClient.check',
    ]);
    expect(layers.sites('product-service', 'timeout')).toEqual([
      'ProductClient.check',
    ]);
    expect(layers.sites('product-service', 'bulkhead')).toEqual([]);
  });

  it('stops the start naming a bulkhead set for a service no @Bulkhead guards', async () => {
    await expect(
      boot({ 'product-service': { bulkhead: { maxConcurrent: 5 } } }, [
        ProductClient,
      ]),
    ).rejects.toThrow(
      'services.product-service.bulkhead is set (maxConcurrent in config) but no @Bulkhead ' +
        'guards product-service calls',
    );
  });

  it('takes @Timeout as the user of circuitBreaker.timeoutMs, but not of the breaker', async () => {
    await expect(
      boot({ 'product-service': { circuitBreaker: { timeoutMs: 500 } } }, [
        TimedClient,
      ]),
    ).resolves.toBeDefined();
    await expect(
      boot({ 'product-service': { circuitBreaker: { volumeThreshold: 3 } } }, [
        TimedClient,
      ]),
    ).rejects.toThrow(
      'services.product-service.circuitBreaker is set (volumeThreshold in config) but no ' +
        '@CircuitBreaker guards product-service calls',
    );
  });

  it('counts the layers code declares for the calls it guards itself', async () => {
    await expect(
      boot(
        {
          broker: {
            circuitBreaker: { resetTimeoutMs: 5000 },
            retry: { baseDelayMs: 100 },
          },
        },
        [BrokerRelay],
      ),
    ).resolves.toBeDefined();
    await expect(
      boot({ broker: { bulkhead: { maxConcurrent: 2 } } }, [BrokerRelay]),
    ).rejects.toThrow(
      'services.broker.bulkhead is set (maxConcurrent in config) but no @Bulkhead guards broker calls',
    );
  });
});
