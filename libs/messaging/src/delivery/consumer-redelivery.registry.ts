import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';
import { RESILIENT_CONSUMER_OPTIONS } from './resilient-consumer-options.interface.js';
import type { ResilientConsumerOptions } from './resilient-consumer-options.interface.js';

/**
 * The redelivery policy of each consumer class: the module's, with the class's
 * `@ResilientConsumer({ redelivery })` over it. Every consumer's policy is built and validated
 * at start, so a bad combination (a consumer's `initialDelayMs` above the module's
 * `maxDelayMs`) stops the boot instead of surfacing on the first failed message.
 */
@Injectable()
export class ConsumerRedeliveryRegistry implements OnModuleInit {
  private readonly policies = new WeakMap<Function, MessageRedeliveryPolicy>();

  constructor(
    private readonly defaults: MessageRedeliveryPolicy,
    @Optional() private readonly discovery?: DiscoveryService,
  ) {}

  /** @throws InvalidRedeliveryOptionsError naming the consumer class and the key */
  onModuleInit(): void {
    for (const wrapper of this.discovery?.getControllers() ?? []) {
      const { metatype } = wrapper;
      if (typeof metatype === 'function') this.forConsumer(metatype);
    }
  }

  /** The policy of `consumer` (a `@ResilientConsumer()` class), built once. */
  forConsumer(consumer: Function): MessageRedeliveryPolicy {
    let policy = this.policies.get(consumer);
    if (!policy) {
      const options = Reflect.getMetadata(
        RESILIENT_CONSUMER_OPTIONS,
        consumer,
      ) as ResilientConsumerOptions | undefined;
      policy = options?.redelivery
        ? this.defaults.withOverrides(options.redelivery, consumer.name)
        : this.defaults;
      this.policies.set(consumer, policy);
    }
    return policy;
  }
}
