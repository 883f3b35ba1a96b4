import type { DeadLetterDelivery } from './dead-letter-delivery.interface.js';

/**
 * Port of a replay transport: delivers a dead letter again to where it was going. A transport
 * handles the destinations whose scheme (the text before the first `:`) it lists, and registers
 * itself with the `DeadLetterTransportRegistry`, typically in `onModuleInit`:
 *
 * @example
 * ```ts
 * @Injectable()
 * export class AmqpDeadLetterTransport extends DeadLetterTransport implements OnModuleInit {
 *   readonly schemes = ['amqp'];
 *   constructor(private readonly registry: DeadLetterTransportRegistry, private readonly client: ClientProxy) { super(); }
 *   onModuleInit() { this.registry.register(this); }
 *   async deliver(d: DeadLetterDelivery) { await lastValueFrom(this.client.emit(d.pattern!, d.payload)); }
 * }
 * ```
 */
export abstract class DeadLetterTransport {
  /** Destination schemes handled, lower case, without the colon (`http`, `amqp`, `nats`). */
  abstract readonly schemes: readonly string[];

  /**
   * Delivers the message; resolves only once the destination accepted it.
   * @throws anything: the error is classified and recorded on the entry, which stays `PENDING`
   *   (or is released untouched for `CIRCUIT_OPEN` / `BULKHEAD_FULL` refusals)
   */
  abstract deliver(delivery: DeadLetterDelivery): Promise<void>;
}
