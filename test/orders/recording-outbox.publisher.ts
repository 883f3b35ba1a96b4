import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OutboxPublisher } from '@nest-resilience/messaging';

/** An event the double received, with whether its transaction was still open. */
export interface RecordedOutboxEvent {
  id: string;
  type: string;
  groupKey: string;
  payload: unknown;
  inTransaction: boolean;
}

/**
 * Test double of the `OutboxPublisher` port, for specs that are not about publishing: records
 * each event and whether it was added inside the caller's transaction, stores nothing.
 */
export class RecordingOutboxPublisher extends OutboxPublisher {
  readonly events: RecordedOutboxEvent[] = [];

  add(
    manager: EntityManager,
    event: { type: string; groupKey: string; payload: unknown },
  ): Promise<string> {
    const id = randomUUID();
    this.events.push({
      id,
      type: event.type,
      groupKey: event.groupKey,
      payload: event.payload,
      inTransaction: manager.queryRunner?.isTransactionActive === true,
    });
    return Promise.resolve(id);
  }
}
