import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import {
  InboxService,
  MessageDelivery,
  ResilientConsumer,
} from '@nest-resilience/messaging';
import { CircuitBreaker, Retry } from '@nest-resilience/resilience';
import { logApplied } from './applied-log.js';

/** Pattern of the burst's messages. */
export const BURST_PATTERN = 'burst.APPLY';

/** Payload of a burst message; a poison one breaks it (`key` not a string). */
export class BurstEventDto {
  @IsString()
  key: string;

  @IsInt()
  @Min(0)
  n: number;
}

/**
 * The burst specs' consumer, with the library's defaults (no redelivery options of its own):
 * each message is written to the applied log through the inbox, in PostgreSQL, guarded by the
 * `postgres` retry and breaker as the application's own consumer is.
 */
@ResilientConsumer()
export class BurstConsumer {
  constructor(private readonly inbox: InboxService) {}

  @EventPattern(BURST_PATTERN)
  @Retry('postgres')
  @CircuitBreaker('postgres')
  async apply(
    @Payload() event: BurstEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    const delivery = MessageDelivery.of(context)!;
    await this.inbox.consume(context, (manager) =>
      logApplied(manager, {
        messageId: delivery.messageId!,
        groupKey: delivery.groupKey,
        sequence: delivery.sequence,
        pattern: BURST_PATTERN,
        attempt: delivery.attempt,
      }),
    );
  }
}
