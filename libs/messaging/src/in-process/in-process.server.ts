import { Logger } from '@nestjs/common';
import {
  BaseRpcContext,
  Server,
  type CustomTransportStrategy,
} from '@nestjs/microservices';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import { DurableDispatcher } from '../delivery/durable.dispatcher.js';
import { MessageDelivery } from '../delivery/message-delivery.js';
import type { MessageDeliveryService } from '../delivery/message-delivery.service.js';
import type { DeadLetterDelivery } from '@nest-resilience/dead-letters';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import type { OutboundMessage } from '../outbox/outbound-message.interface.js';

/** The RPC context of an in-process message: `[pattern, headers]`. */
export class InProcessContext extends BaseRpcContext<
  [string, Record<string, string>]
> {
  /** The message's pattern. */
  getPattern(): string {
    return this.args[0];
  }

  /** The message's headers. */
  getHeaders(): Record<string, string> {
    return this.args[1];
  }
}

/**
 * The embedded transport used when no broker is configured: the outbox relay hands events to
 * this server in the same process, and an event counts as published only once its handler's
 * effect (or its dead letter) committed. The outbox is the queue: events survive a crash in
 * the database (SQLite by default) and are handed over again, the inbox recognising those
 * already applied.
 *
 * Guarantee: at least once, applied once per message id, in order per group, within one
 * instance (SQLite has a single writer: run one instance).
 */
export class InProcessServer extends Server implements CustomTransportStrategy {
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  protected readonly logger = new Logger('InProcessServer');
  private readonly dispatcher: DurableDispatcher;
  private listening = false;

  constructor(
    private readonly queue: string,
    deliveries: MessageDeliveryService,
  ) {
    super();
    this.dispatcher = new DurableDispatcher(
      deliveries,
      (pattern) => this.getHandlerByPattern(pattern),
      this.logger,
    );
  }

  /** Whether it takes messages (between `listen` and `close`). */
  isListening(): boolean {
    return this.listening;
  }

  listen(callback: () => void): void {
    this.listening = true;
    callback();
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.dispatcher.close(5_000);
  }

  on(): void {
    throw new Error('InProcessServer has no events');
  }

  unwrap<T>(): T {
    return this as unknown as T;
  }

  /** Runs a replayed dead letter through its handler. @returns whether it was settled */
  replay(delivery: DeadLetterDelivery): Promise<boolean> {
    return this.run({
      messageId: delivery.messageId,
      pattern: delivery.pattern ?? '',
      data: delivery.payload,
      headers: { ...delivery.headers, [MESSAGE_HEADERS.replayOf]: delivery.id },
      replayOf: delivery.id,
    });
  }

  /**
   * Runs one outbox event through its handler.
   * @returns whether it was settled (applied, duplicate or dead-lettered); `false` means "give
   *   it to me again later"
   */
  deliver(message: OutboundMessage): Promise<boolean> {
    let data: unknown;
    try {
      data = JSON.parse(message.payload);
    } catch {
      data = message.payload;
    }
    return this.run({
      messageId: message.messageId,
      pattern: message.pattern,
      data,
      headers: message.headers,
      groupKey: message.groupKey,
      sequence: message.sequence,
    });
  }

  private run(message: {
    messageId?: string;
    pattern: string;
    data: unknown;
    headers: Record<string, string>;
    groupKey?: string;
    sequence?: number;
    replayOf?: string;
  }): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const delivery = new MessageDelivery({
        consumer: this.queue,
        transport: 'in-process',
        source: this.queue,
        destination: `local:${this.queue}`,
        pattern: message.pattern,
        messageId: message.messageId,
        ...(message.groupKey === undefined
          ? {}
          : { groupKey: message.groupKey, sequence: message.sequence }),
        headers: message.headers,
        payload: message.data,
        // The outbox may hand the same event over again after a crash: always ask the inbox.
        redelivered: true,
        replayOf: message.replayOf,
      });
      const context = new InProcessContext([message.pattern, message.headers]);
      delivery.attachTo(context);
      this.dispatcher.receive({
        delivery,
        packet: { pattern: message.pattern, data: message.data },
        context,
        isAlive: () => this.listening,
        ack: () => resolve(true),
        release: () => {
          resolve(false);
          return Promise.resolve();
        },
      });
    });
  }
}
