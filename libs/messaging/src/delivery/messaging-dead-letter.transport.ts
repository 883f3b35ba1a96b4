import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import {
  type DeadLetterDelivery,
  DeadLetterTransport,
  DeadLetterTransportRegistry,
} from '@nest-resilience/dead-letters';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import { MessagePublisher } from '../outbox/message.publisher.js';

/**
 * Replays dead letters of the configured broker to where they came from (`amqp:<queue>`,
 * `nats:<subject>`, `local:<queue>`), through the outbox's publisher: with the original message
 * id and headers (less the dead letter's `x-attempt-history`) plus `x-replay-of`, which lets the
 * consumer's inbox take a message it had dead-lettered. Registers itself with the dead letter queue's transport registry.
 */
@Injectable()
export class MessagingDeadLetterTransport
  extends DeadLetterTransport
  implements OnModuleInit
{
  readonly schemes: readonly string[];
  /** The broker takes the replay; its consumer confirms it once handled. */
  override readonly handOverOnly = true;

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
    // The attempt history describes the dead letter, not the message: a replay starts afresh.
    const { [MESSAGE_HEADERS.attemptHistory]: _history, ...headers } =
      delivery.headers;
    return this.publisher.replay({ ...delivery, headers });
  }
}
