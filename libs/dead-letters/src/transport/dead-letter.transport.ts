import type { DeadLetterDelivery } from './dead-letter-delivery.interface.js';

/**
 * Port of a replay transport: delivers a dead letter again to where it was going. A transport
 * handles the destinations whose scheme (the text before the first `:`) it lists, and registers
 * itself with the `DeadLetterTransportRegistry`, typically in `onModuleInit`.
 *
 * What a successful `deliver` proves decides the entry's status: a transport whose answer comes
 * from the destination's handler (HTTP: a 2xx) resolves the entry at once; a transport that only
 * hands the message over (a broker accepting it) declares {@link handOverOnly}, and the entry
 * then waits in `REPLAYED` until the consumer calls `DeadLetterService.confirmReplay` with the
 * dead letter's id (carried by the delivery as {@link DeadLetterDelivery.id}).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class AmqpDeadLetterTransport extends DeadLetterTransport implements OnModuleInit {
 *   readonly schemes = ['amqp'];
 *   override readonly handOverOnly = true;
 *   constructor(private readonly registry: DeadLetterTransportRegistry, private readonly client: ClientProxy) { super(); }
 *   onModuleInit() { this.registry.register(this); }
 *   async deliver(d: DeadLetterDelivery) { await lastValueFrom(this.client.emit(d.pattern!, { ...d.payload })); }
 * }
 * ```
 */
export abstract class DeadLetterTransport {
  /** Destination schemes handled, lower case, without the colon (`http`, `amqp`, `nats`). */
  abstract readonly schemes: readonly string[];

  /**
   * Whether `deliver` resolving only means the message was handed over (a broker accepted it),
   * not that the destination's handler succeeded. Declare it `true` only together with a
   * consumer that calls `DeadLetterService.confirmReplay` once its handler succeeded: the
   * entry stays `REPLAYED` until then, and goes back to `PENDING` (to be replayed again) when
   * no confirmation comes within `replayConfirmTimeoutMs`. Left `false`, a delivery that
   * resolved resolves the entry, as for HTTP, whose answer is the handler's.
   * @default false
   */
  readonly handOverOnly: boolean = false;

  /**
   * Delivers the message; resolves only once the destination accepted it (see
   * {@link handOverOnly} for what that proves).
   * @throws anything: the error is classified and recorded on the entry, which stays `PENDING`
   *   (or is released untouched for `CIRCUIT_OPEN` / `BULKHEAD_FULL` refusals)
   */
  abstract deliver(delivery: DeadLetterDelivery): Promise<void>;
}
