import { Injectable, Logger } from '@nestjs/common';
import type {
  MessageOutcome,
  MessageOutcomeListener,
} from './message-outcome-event.interface.js';

/** What a delivery tells about itself: the transport and the queue (its consumer). */
interface DeliverySource {
  readonly transport: string;
  readonly consumer: string;
}

/** Settlement actions of the delivery service, and the outcome each reports. */
const OUTCOME_OF_ACTION: Readonly<Record<string, MessageOutcome>> = {
  ack: 'handled',
  redeliver: 'redelivered',
  park: 'parked',
};

/**
 * The outcomes of the messages the durable consumers take, as they are settled, for metrics
 * and anything else that watches. Nothing is built while nobody listens.
 */
@Injectable()
export class MessagingEvents {
  private readonly logger = new Logger(MessagingEvents.name);
  private listeners: readonly MessageOutcomeListener[] = [];

  /**
   * Adds a listener.
   * @returns a function that removes it
   */
  on(listener: MessageOutcomeListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter(
        (candidate) => candidate !== listener,
      );
    };
  }

  /**
   * Reports the settlement `action` of a delivery (`ack`, `redeliver`, `park`); a decision to
   * dead-letter is reported once the dead letter is stored ({@link deadLettered}).
   */
  settled(delivery: DeliverySource, action: string): void {
    const outcome = OUTCOME_OF_ACTION[action];
    if (outcome !== undefined) this.emit(delivery, outcome);
  }

  /** Reports a delivery stored in the dead letter queue. */
  deadLettered(delivery: DeliverySource): void {
    this.emit(delivery, 'dead_lettered');
  }

  private emit(delivery: DeliverySource, outcome: MessageOutcome): void {
    const listeners = this.listeners;
    if (listeners.length === 0) return;
    const event = {
      transport: delivery.transport,
      queue: delivery.consumer,
      outcome,
    };
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(
          `A listener failed on a message outcome: ${String(error)}`,
        );
      }
    }
  }
}
