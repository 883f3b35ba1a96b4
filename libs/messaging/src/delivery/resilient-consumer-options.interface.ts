import type { RedeliveryOptions } from './redelivery-options.interface.js';

/** Metadata key of a consumer class's {@link ResilientConsumerOptions}. */
export const RESILIENT_CONSUMER_OPTIONS = Symbol(
  'RESILIENCE:RESILIENT_CONSUMER_OPTIONS',
);

/** Options of `@ResilientConsumer()`. */
export interface ResilientConsumerOptions {
  /**
   * This consumer's redelivery of messages failing for a reason that says "later", over the
   * messaging module's `redelivery` (keys left out keep the module's value).
   */
  redelivery?: RedeliveryOptions;
}
