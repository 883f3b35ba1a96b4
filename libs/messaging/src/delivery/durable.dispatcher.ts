import type { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { UnknownPatternError } from '../errors/unknown-pattern.error.js';
import { GroupLaneScheduler } from './group-lane.scheduler.js';
import type { InboundMessage } from './inbound-message.interface.js';
import type { MessageDeliveryService } from './message-delivery.service.js';
import { ParkingLot } from './parking.lot.js';
import { RedeliveryHoldScheduler } from './redelivery-hold.scheduler.js';

/** Timing of the dispatcher. */
export interface DurableDispatcherOptions {
  /** First wait before a parked message is looked at again; doubles up to 1 s. @default 50 */
  parkRecheckMs?: number;
  /** A message parked this long is given back to the broker (behind its predecessor). @default 10000 */
  parkTimeoutMs?: number;
  /** Wait before dead-lettering is tried again when the dead letter queue refused. @default 1000 */
  deadLetterRetryMs?: number;
  /**
   * While a message is held for its next delivery (or waits for the inbox or the dead letter
   * queue), the transport is told it is still in work this often (JetStream: `working()`, so
   * `ack_wait` does not expire). @default 10000
   */
  keepAliveMs?: number;
}

type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs messages of a durable transport through their handlers: one group at a time in order
 * (other groups side by side), duplicates acknowledged untouched, out-of-order messages parked,
 * failures settled by their classification, and the acknowledgement only after the effect or
 * the dead letter committed. A failure that says "later" is delivered again after the
 * redelivery policy's delay: the message stays unacknowledged at the broker (kept alive there)
 * and its group waits behind it, so nothing of its group overtakes it; the delivery is counted
 * in the inbox first, so a crash meanwhile redelivers it at once with its count. A message
 * whose channel closed meanwhile is left alone: the broker redelivers it and the inbox
 * recognises it.
 */
export class DurableDispatcher {
  private readonly lanes = new GroupLaneScheduler();
  private readonly parking = new ParkingLot();
  private readonly options: Required<DurableDispatcherOptions>;
  // Nest resolves a pattern by trying to parse it as JSON first, which throws for plain names:
  // too dear per message, and handlers are bound once, before the first message.
  private readonly handlers = new Map<string, MessageHandler | null>();
  private readonly holds: RedeliveryHoldScheduler;
  private closed = false;

  constructor(
    private readonly deliveries: MessageDeliveryService,
    private readonly handlerOf: (pattern: string) => MessageHandler | null,
    private readonly logger: Logger,
    options: DurableDispatcherOptions = {},
  ) {
    this.options = {
      parkRecheckMs: 50,
      parkTimeoutMs: 10_000,
      deadLetterRetryMs: 1_000,
      keepAliveMs: 10_000,
      ...options,
    };
    this.holds = new RedeliveryHoldScheduler(this.options.keepAliveMs);
  }

  /** Messages being processed or queued behind their group. */
  get inFlight(): number {
    return this.lanes.inFlight;
  }

  /** Messages parked for order. */
  get parked(): number {
    return this.parking.size;
  }

  /** Takes a message; it is settled asynchronously. */
  receive(message: InboundMessage, parkedSince?: number, parkings = 0): void {
    const { delivery } = message;
    this.lanes
      .run(delivery.groupKey, () =>
        this.process(message, parkedSince, parkings),
      )
      .catch((error: unknown) =>
        this.logger.error(
          `Message ${delivery.messageId ?? '(no id)'} was left unsettled`,
          error,
        ),
      );
  }

  /** Stops taking work and waits up to `timeoutMs` for the messages in flight. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.parking.clear();
    // Held messages are left unacknowledged: the broker delivers them again, the inbox counts.
    this.holds.wakeAll();
    const deadline = Date.now() + timeoutMs;
    while (this.lanes.inFlight > 0 && Date.now() < deadline) await sleep(20);
  }

  private async process(
    message: InboundMessage,
    parkedSince?: number,
    parkings = 0,
  ): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        return await this.attempt(message, parkedSince, parkings);
      } catch (error) {
        // The inbox or the dead letter queue could not be reached: the message stays unsettled
        // and its group waits, until they answer again or the channel closes (redelivery).
        if (failures === 0) {
          this.logger.warn(
            `Message ${message.delivery.messageId ?? '(no id)'} waits: ${String(error)}`,
          );
        }
        if (this.closed || !message.isAlive()) return;
        await this.holds.hold(
          message,
          Math.min(5_000, this.options.deadLetterRetryMs * 2 ** failures),
        );
      }
    }
  }

  private async attempt(
    message: InboundMessage,
    parkedSince?: number,
    parkings = 0,
  ): Promise<void> {
    const { delivery, packet } = message;
    if (this.closed || !message.isAlive()) return;
    const admitted = this.deliveries.admit(delivery);
    const admission = typeof admitted === 'string' ? admitted : await admitted;
    if (admission === 'duplicate') return this.handled(message);
    if (
      admission === 'dead-lettered' &&
      (await this.deliveries.admitDeadLettered(delivery)) !== 'dispatch'
    )
      return this.done(message);
    if (admission === 'resume-dead-letter') {
      await this.withDeadLetterRetry(message, () =>
        this.deliveries.resumeDeadLetter(delivery),
      );
      return this.done(message);
    }
    if (admission === 'park') return this.park(message, parkedSince, parkings);
    if ('error' in packet) return this.deadLetter(message, packet.error);
    const handler = this.handler(packet.pattern);
    if (!handler)
      return this.deadLetter(message, new UnknownPatternError(packet.pattern));
    if (packet.id !== undefined && message.reply)
      return this.request(message, handler, packet);
    // Rounds, each one delivery of the message, until it is settled. Admitted once: while it
    // is held, nothing else of its group or with its id can be settled.
    for (;;) {
      if (this.closed || !message.isAlive()) return;
      delivery.beginRound();
      await this.invoke(handler, packet.data, message);
      const settlement = this.deliveries.settle(delivery);
      switch (settlement.action) {
        case 'ack':
          // A copy of a dead-lettered message the claim recognised: look at its entry.
          if (delivery.deadLetteredCopy && !delivery.reopened) {
            delivery.deadLetteredCopy = false;
            delivery.duplicate = false;
            if (
              (await this.deliveries.admitDeadLettered(delivery)) === 'dispatch'
            )
              continue;
            return this.done(message);
          }
          return this.handled(message);
        case 'park':
          delivery.clearFailure();
          return this.park(message, parkedSince, parkings);
        case 'dead-letter':
          return this.deadLetter(message, settlement.error);
        case 'redeliver':
          await this.deliveries.recordRedelivery(delivery, settlement);
          // The group waits with it: what follows in the group must not overtake it.
          await this.holds.hold(message, settlement.delayMs);
      }
    }
  }

  private handler(pattern: string): MessageHandler | null {
    let handler = this.handlers.get(pattern);
    if (handler === undefined) {
      handler = this.handlerOf(pattern);
      if (this.handlers.size < 10_000) this.handlers.set(pattern, handler);
    }
    return handler;
  }

  private async invoke(
    handler: MessageHandler,
    data: unknown,
    message: InboundMessage,
  ): Promise<unknown> {
    try {
      const result: unknown = await handler(data, message.context);
      return isObservable(result)
        ? await lastValueFrom(result, { defaultValue: undefined })
        : result;
    } catch (error) {
      // The exception filter hands event failures to the delivery; this is for handlers bound
      // without it, and for replies (messages answer with their error).
      message.delivery.fail(error);
      return undefined;
    }
  }

  private async request(
    message: InboundMessage,
    handler: MessageHandler,
    packet: { data: unknown },
  ): Promise<void> {
    const response = await this.invoke(handler, packet.data, message);
    const failure = message.delivery.failure;
    await message.reply!(failure ? { err: failure.error } : { response });
    // A request's caller owns its retry: answered is settled, success or not.
    return this.done(message);
  }

  private async deadLetter(
    message: InboundMessage,
    error: unknown,
  ): Promise<void> {
    await this.withDeadLetterRetry(message, () =>
      this.deliveries.deadLetter(message.delivery, error),
    );
    return this.done(message);
  }

  private async withDeadLetterRetry(
    message: InboundMessage,
    store: () => Promise<void>,
  ): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        return await store();
      } catch (error) {
        if (failures === 0) {
          this.logger.warn(
            `Dead letter queue refused ${message.delivery.messageId ?? 'a message'}; keeping it: ${String(error)}`,
          );
        }
        if (this.closed || !message.isAlive()) throw error;
        await this.holds.hold(
          message,
          Math.min(
            5_000,
            this.options.deadLetterRetryMs * 2 ** Math.min(failures, 10),
          ),
        );
      }
    }
  }

  /** Settles a message its handler took; a replay is confirmed to the dead letter queue first. */
  private handled(message: InboundMessage): Promise<void> {
    const confirming = this.deliveries.confirmReplay(message.delivery);
    return confirming
      ? confirming.then(() => this.done(message))
      : this.done(message);
  }

  private async done(message: InboundMessage): Promise<void> {
    const acked = message.ack();
    if (acked) await acked;
    const { groupKey } = message.delivery;
    if (groupKey !== undefined) this.parking.wake(groupKey);
  }

  private park(
    message: InboundMessage,
    parkedSince = Date.now(),
    parkings = 0,
  ): void {
    const groupKey = message.delivery.groupKey!;
    if (Date.now() - parkedSince >= this.options.parkTimeoutMs) {
      this.logger.warn(
        `Message ${message.delivery.sequence} of group ${groupKey} waited ${this.options.parkTimeoutMs} ms ` +
          'for its predecessor; giving it back to the broker',
      );
      message
        .release()
        .catch((error: unknown) =>
          this.logger.error('Could not give a parked message back', error),
        );
      return;
    }
    const delayMs = Math.min(1_000, this.options.parkRecheckMs * 2 ** parkings);
    this.parking.park(groupKey, delayMs, () =>
      this.receive(message, parkedSince, parkings + 1),
    );
  }
}
