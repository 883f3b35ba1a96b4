/** How the waits between two deliveries of a message are spread. */
export type RedeliveryJitter = 'equal' | 'full' | 'none';

/**
 * How a message whose delivery failed for a reason that says "later" (a transient error, a
 * dependency unavailable, resource exhaustion, a timeout, an open circuit, a full bulkhead) is
 * delivered again before it may be dead-lettered. Given to `ResilientMessagingModule.forRoot({
 * redelivery })` for every consumer, and to `@ResilientConsumer({ redelivery })` for one class
 * (over the module's). One delivery runs the handler with its own `@Retry` (the in-process
 * retry); the next delivery comes after the wait computed here.
 */
export interface RedeliveryOptions {
  /**
   * Deliveries that may run the handler and fail for a "later" reason, the first included;
   * the failure of the last one dead-letters the message with its attempt history. A delivery
   * refused before the handler ran (open circuit, full bulkhead) does not count. 1 to 100.
   * @default 8
   */
  maxDeliveries?: number;
  /** Wait before the second delivery, in ms. 1 to 600000. @default 1000 */
  initialDelayMs?: number;
  /** Longest wait between two deliveries, in ms; at least `initialDelayMs`, at most 600000. @default 60000 */
  maxDelayMs?: number;
  /** Factor from one wait to the next. 1 to 10. @default 2 */
  multiplier?: number;
  /**
   * Spread of each wait: `equal` waits between half of it and all of it, `full` between
   * nothing and all of it, `none` exactly it. @default 'equal'
   */
  jitter?: RedeliveryJitter;
}

/** {@link RedeliveryOptions} with every default filled in. */
export type ResolvedRedeliveryOptions = Required<RedeliveryOptions>;

/** Every default of {@link RedeliveryOptions}, defined once. */
export const DEFAULT_REDELIVERY_OPTIONS: ResolvedRedeliveryOptions = {
  maxDeliveries: 8,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 'equal',
};
