import type { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  createErrorClassifier,
  CircuitOpenError,
} from '@nest-resilience/resilience';
import type { DeadLetterService } from '@nest-resilience/dead-letters';
import { isUnknownPatternError } from '../errors/unknown-pattern.error.js';
import { GroupPositionCache } from '../inbox/group-position.cache.js';
import { InboxService } from '../inbox/inbox.service.js';
import { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import { InboxStore } from '../inbox/inbox.store.js';
import { CreateMessagingTables1764000000000 } from '../migrations/create-messaging-tables.migration.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { DurableDispatcher } from './durable.dispatcher.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';

const quiet = {
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

describe('DurableDispatcher (with the SQLite inbox)', () => {
  let dataSource: DataSource;
  let inbox: InboxService;
  let deliveries: MessageDeliveryService;
  let deadLetter: ReturnType<typeof vi.fn>;
  let applied: string[];
  let behaviour: (data: { id: string }) => void;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: [CreateMessagingTables1764000000000],
      migrationsRun: true,
    });
    await dataSource.initialize();
    const db = new MessagingTransactionRunner(dataSource);
    const store = new InboxStore(db);
    let n = 0;
    deadLetter = vi.fn(async () => ({ id: `dl-${++n}` }));
    const deadLetters = {
      deadLetter,
      findByMessageId: async () => undefined,
    } as unknown as DeadLetterService;
    deliveries = new MessageDeliveryService(
      store,
      new InboxFailureStore(db, store),
      new GroupPositionCache(),
      deadLetters,
      createErrorClassifier(),
    );
    inbox = new InboxService(db, store, deliveries);
    applied = [];
    behaviour = () => undefined;
  });
  afterEach(() => dataSource.destroy());

  const handler: MessageHandler = (async (
    data: { id: string },
    context: object,
  ) => {
    behaviour(data);
    await inbox.consume(context, async () => {
      applied.push(data.id);
    });
  }) as MessageHandler;

  function dispatcher() {
    return new DurableDispatcher(
      deliveries,
      (pattern) => (pattern === 'E' ? handler : null),
      quiet,
      {
        parkRecheckMs: 5,
        parkTimeoutMs: 5_000,
        deadLetterRetryMs: 5,
      },
    );
  }

  /** Hands a message over; resolves when it is acknowledged. */
  function send(
    target: DurableDispatcher,
    id: string,
    sequence: number,
    pattern = 'E',
  ): Promise<void> {
    return new Promise((resolve) => {
      const delivery = new MessageDelivery({
        consumer: 'q',
        transport: 'test',
        source: 'q',
        destination: 'amqp:q',
        messageId: id,
        groupKey: 'g',
        sequence,
        headers: {},
        payload: { id },
        redelivered: false,
      });
      const context = {};
      delivery.attachTo(context);
      target.receive({
        delivery,
        packet: { pattern, data: { id } },
        context,
        isAlive: () => true,
        ack: () => resolve(),
        release: async () => undefined,
      });
    });
  }

  it('applies a group in sequence order whatever the arrival order, parking what came early', async () => {
    const d = dispatcher();
    await Promise.all([send(d, 'c', 3), send(d, 'a', 1), send(d, 'b', 2)]);
    expect(applied).toEqual(['a', 'b', 'c']);
  });

  it('acknowledges a duplicate without applying it again', async () => {
    const d = dispatcher();
    await send(d, 'a', 1);
    await send(d, 'a', 1);
    expect(applied).toEqual(['a']);
  });

  it('dead-letters an unknown pattern and lets the group move past it', async () => {
    const d = dispatcher();
    await Promise.all([send(d, 'x', 1, 'NOPE'), send(d, 'b', 2)]);
    expect(isUnknownPatternError(deadLetter.mock.calls[0][0].error)).toBe(true);
    expect(applied).toEqual(['b']);
  });

  it('keeps a message unacknowledged until the dead letter queue takes it', async () => {
    let refusals = 2;
    deadLetter.mockImplementation(async () => {
      if (refusals-- > 0) throw new Error('store unavailable');
      return { id: 'dl-ok' };
    });
    behaviour = () => {
      throw new SyntaxError('poison');
    };
    await send(dispatcher(), 'p', 1);
    expect(deadLetter).toHaveBeenCalledTimes(3);
  });

  it('holds the group while a circuit is open, then applies in order without dead-lettering', async () => {
    let open = true;
    behaviour = ({ id }) => {
      if (id === 'a' && open) {
        open = false;
        throw new CircuitOpenError('db', 20);
      }
    };
    const d = dispatcher();
    await Promise.all([send(d, 'a', 1), send(d, 'b', 2)]);
    expect(applied).toEqual(['a', 'b']);
    expect(deadLetter).not.toHaveBeenCalled();
  });
});
