import type { DiscoveryService } from '@nestjs/core';
import { isInvalidRedeliveryOptionsError } from '../errors/invalid-redelivery-options.error.js';
import { ConsumerRedeliveryRegistry } from './consumer-redelivery.registry.js';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';
import { ResilientConsumer } from './resilient-consumer.decorator.js';

@ResilientConsumer({ redelivery: { maxDeliveries: 3, initialDelayMs: 200 } })
class ShortConsumer {}

@ResilientConsumer()
class PlainConsumer {}

@ResilientConsumer({ redelivery: { initialDelayMs: 5_000 } })
class SlowStartConsumer {}

const discovering = (...types: Function[]) =>
  ({
    getControllers: () => types.map((metatype) => ({ metatype })),
  }) as unknown as DiscoveryService;

describe('ConsumerRedeliveryRegistry and @ResilientConsumer({ redelivery })', () => {
  const module = MessageRedeliveryPolicy.create({ maxDelayMs: 2_000 });

  it("puts a consumer's options over the module's, and leaves a plain consumer the module's", () => {
    const registry = new ConsumerRedeliveryRegistry(module);
    expect(registry.forConsumer(ShortConsumer).options).toEqual({
      maxDeliveries: 3,
      initialDelayMs: 200,
      maxDelayMs: 2_000,
      multiplier: 2,
      jitter: 'equal',
    });
    expect(registry.forConsumer(PlainConsumer)).toBe(module);
  });

  it("stops the start when a consumer's options do not fit the module's, naming the consumer", () => {
    const registry = new ConsumerRedeliveryRegistry(
      module,
      discovering(ShortConsumer, SlowStartConsumer),
    );
    let error: unknown;
    try {
      registry.onModuleInit();
    } catch (thrown) {
      error = thrown;
    }
    expect(isInvalidRedeliveryOptionsError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('SlowStartConsumer');
    expect((error as { problems: string[] }).problems).toEqual([
      'initialDelayMs (5000) must not exceed maxDelayMs (2000)',
    ]);
  });

  it('refuses an unknown or out-of-range key where the decorator is applied', () => {
    const decorate = (options: object) => () =>
      ResilientConsumer(options as Parameters<typeof ResilientConsumer>[0]);
    expect(decorate({ redelivery: { maxDeliverys: 3 } })).toThrow(
      /redelivery\.maxDeliverys: unknown key/,
    );
    expect(decorate({ redelivery: { jitter: 'random' } })).toThrow(
      /redelivery\.jitter: must be one of equal, full, none/,
    );
    expect(decorate({ retries: 3 })).toThrow(/retries: unknown key/);
  });
});
