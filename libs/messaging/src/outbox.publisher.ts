import type { EntityManager } from 'typeorm';
import type { OutboxEvent } from './outbox-event.interface.js';

/**
 * Port of the transactional outbox: stores an event in the same database transaction as the
 * state change that causes it; a relay publishes it after the commit, in order per group, and
 * keeps it while the broker is down. Inject it by this class.
 */
export abstract class OutboxPublisher {
  /**
   * Stores `event` through `manager`, the entity manager of the caller's open transaction, so
   * the event exists exactly when the state change does.
   * @returns the stored event's id
   */
  abstract add(manager: EntityManager, event: OutboxEvent): Promise<string>;
}
