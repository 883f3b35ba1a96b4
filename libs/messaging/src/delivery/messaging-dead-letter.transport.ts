import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import {
  type DeadLetterDelivery,
  DeadLetterTransport,
  DeadLetterTransportRegistry,
} from '@nest-resilience/dead-letters';
import { MessagePublisher } from '../outbox/message.publisher.js';

/**
 * Replays dead letters of the configured broker to where they came from (`amqp:<queue>`,
 * `nats:<subject>`, `local:<queue>`), through the outbox's publisher: with the original message
 * id and headers plus `x-replay-of`, which lets the consumer's inbox take a message it had
 * dead-lettered. Registers itself with the dead letter queue's transport registry.
 */
@Injectable()
export class MessagingDeadLetterTransport
  extends DeadLetterTransport
  implements OnModuleInit
{
  readonly schemes: readonly string[];

  constructor(
    private readonly publisher: MessagePublisher,
    @Optional() private readonly registry?: DeadLetterTransportRegistry,
  ) {
    super();
    this.schemes = [publisher.replayScheme];
  }

  onModuleInit(): void {
    this.registry?.register(this);
  }

  /** @throws when the broker did not confirm the message */
  deliver(delivery: DeadLetterDelivery): Promise<void> {
    return this.publisher.replay(delivery);
  }
}
