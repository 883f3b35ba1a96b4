import { Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import {
  InboxService,
  MessageDelivery,
  ResilientConsumer,
} from '@nest-resilience/messaging';
import { Retry } from '@nest-resilience/resilience';
import { logApplied } from './applied-log.js';

/** A transient failure the classifier knows: a connection reset. */
export class SimulatedOutageError extends Error {
  readonly code = 'ECONNRESET';

  constructor() {
    super('simulated outage');
    this.name = 'SimulatedOutageError';
  }
}

/** Payload of the test event `FLAKY`. */
export class FlakyEventDto {
  @IsString()
  key: string;

  /** Fail the first attempts up to this number (counted across deliveries). */
  @IsOptional()
  @IsInt()
  @Min(0)
  failUntilAttempt?: number;
}

/** Failures a spec switches on and off by key, whatever the attempt. */
@Injectable()
export class FaultSwitch {
  readonly failing = new Set<string>();
}

/** Redelivery of the test consumer: the library's, shortened so a spec sees it to the end. */
export const FLAKY_REDELIVERY = {
  maxDeliveries: 2,
  initialDelayMs: 50,
  maxDelayMs: 200,
} as const;

/**
 * A test consumer: `FLAKY` fails transiently until its attempt passes `failUntilAttempt` (or
 * while its key is switched on), then appends to the applied log through the inbox. Each
 * delivery gets the `postgres` retry's 3 attempts, and a message gets
 * {@link FLAKY_REDELIVERY}'s 2 deliveries.
 */
@ResilientConsumer({ redelivery: FLAKY_REDELIVERY })
export class FlakyConsumer {
  constructor(
    private readonly inbox: InboxService,
    private readonly faults: FaultSwitch,
  ) {}

  @EventPattern('FLAKY')
  @Retry('postgres')
  async flaky(
    @Payload() event: FlakyEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    const delivery = MessageDelivery.of(context)!;
    if (
      delivery.attempt <= (event.failUntilAttempt ?? 0) ||
      this.faults.failing.has(event.key)
    ) {
      throw new SimulatedOutageError();
    }
    await this.inbox.consume(context, (manager) =>
      logApplied(manager, {
        messageId: delivery.messageId ?? event.key,
        groupKey: delivery.groupKey,
        sequence: delivery.sequence,
        pattern: 'FLAKY',
        attempt: delivery.attempt,
      }),
    );
  }
}
