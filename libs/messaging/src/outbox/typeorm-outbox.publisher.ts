import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestIdHeaders } from '@nest-resilience/problem-details';
import type { OutboxEvent } from '../outbox-event.interface.js';
import { OutboxPublisher } from '../outbox.publisher.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber.js';
import { OutboxSignal } from './outbox.signal.js';
import { OutboxStore } from './outbox.store.js';

/** Longest group key, event type and destination the outbox stores. */
const MAX_NAME_LENGTH = 255;

/**
 * {@link OutboxPublisher} on the application's TypeORM database: the event is a row written
 * through the caller's transaction, with the next sequence number of its group and the
 * current request id among its headers; the relay publishes it after the commit.
 */
@Injectable()
export class TypeOrmOutboxPublisher
  extends OutboxPublisher
  implements OnModuleInit
{
  constructor(
    private readonly store: OutboxStore,
    private readonly signal: OutboxSignal,
    private readonly db: MessagingTransactionRunner,
  ) {
    super();
  }

  onModuleInit(): void {
    // Commits are where new events become visible: the relay is woken there.
    this.db.dataSource.subscribers.push(
      new OutboxCommitSubscriber(this.signal),
    );
  }

  /**
   * @throws RangeError for an empty or over-long type, group key or destination
   * @throws the database's error, which fails the caller's transaction as it should
   */
  async add(manager: EntityManager, event: OutboxEvent): Promise<string> {
    check('type', event.type);
    check('groupKey', event.groupKey);
    if (event.destination !== undefined)
      check('destination', event.destination);
    const headers = { ...requestIdHeaders(), ...event.headers };
    const id = await this.store.add(manager, event, headers);
    OutboxCommitSubscriber.added(manager.queryRunner, this.signal);
    return id;
  }
}

function check(name: string, value: string): void {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_NAME_LENGTH
  ) {
    throw new RangeError(
      `OutboxEvent.${name} must be a string of 1 to ${MAX_NAME_LENGTH} characters`,
    );
  }
}
