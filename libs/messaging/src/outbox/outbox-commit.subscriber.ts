import type {
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';
import type { OutboxSignal } from './outbox.signal.js';

/** Marker on a query runner whose open transaction added outbox events. */
const ADDED = 'resilience:outboxAdded';

/**
 * Wakes the relay when a transaction that added outbox events commits: the events are visible
 * from that moment, so the relay publishes them without waiting for its poll.
 */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly signal: OutboxSignal) {}

  /** Notes that `queryRunner`'s transaction added events; without a transaction, wakes at once. */
  static added(
    queryRunner: QueryRunner | undefined,
    signal: OutboxSignal,
  ): void {
    if (queryRunner?.isTransactionActive) {
      (queryRunner.data as Record<string, unknown>)[ADDED] = true;
    } else {
      setImmediate(() => signal.notify());
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (data[ADDED]) {
      delete data[ADDED];
      this.signal.notify();
    }
  }

  afterTransactionRollback(event: TransactionCommitEvent): void {
    delete (event.queryRunner.data as Record<string, unknown>)[ADDED];
  }
}
