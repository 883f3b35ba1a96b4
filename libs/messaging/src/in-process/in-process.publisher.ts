import type { DeadLetterDelivery } from '@nest-resilience/dead-letters';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import {
  MessagePublisher,
  type PublishOutcome,
} from '../outbox/message.publisher.js';
import type { OutboundMessage } from '../outbox/outbound-message.interface.js';
import type { InProcessServer } from './in-process.server.js';

/** How long one event may take through its handler before the relay gives it back. */
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * The outbox relay's publisher when no broker is configured: hands events to the
 * {@link InProcessServer} and confirms each once its handler settled it. Until the server
 * listens, it is "disconnected" and events wait in the outbox.
 */
export class InProcessPublisher extends MessagePublisher {
  readonly transport = 'in-process';
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  readonly replayScheme = 'local';
  private server?: InProcessServer;

  /** Connects the server events are handed to. */
  attach(server: InProcessServer): void {
    this.server = server;
  }

  isConnected(): boolean {
    return this.server?.isListening() ?? false;
  }

  /** @throws when no consumer listens or it did not settle the message */
  async replay(delivery: DeadLetterDelivery): Promise<void> {
    if (!this.server?.isListening()) throw new Error('No in-process consumer');
    const settled = await this.server.replay(delivery);
    if (!settled)
      throw new Error('The in-process consumer gave the replay back');
  }

  async publish(
    messages: readonly OutboundMessage[],
  ): Promise<PublishOutcome[]> {
    const server = this.server;
    if (!server)
      return messages.map(() => ({
        ok: false,
        error: new Error('No in-process consumer'),
      }));
    // Handed over together: the server keeps each group in order and runs groups side by side.
    return Promise.all(
      messages.map(async (message): Promise<PublishOutcome> => {
        const settled = await withTimeout(
          server.deliver(message),
          SETTLE_TIMEOUT_MS,
        );
        return settled
          ? { ok: true }
          : { ok: false, error: new Error('Given back by the consumer') };
      }),
    );
  }
}

function withTimeout(
  settled: Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    void settled.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
