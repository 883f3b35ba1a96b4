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
import { MESSAGING_MIGRATIONS } from '../messaging-typeorm.constants.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import type { AttemptRecord } from './attempt-record.interface.js';
import { DurableDispatcher } from './durable.dispatcher.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';

const quiet = {
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

const reset = () => Object.assign(new Error('reset'), { code: 'ECONNRESET' });

describe('DurableDispatcher (with the SQLite inbox)', () => {
  let dataSource: DataSource;
  let inbox: InboxService;
  let deliveries: MessageDeliveryService;
  let deadLetter: ReturnType<typeof vi.fn>;
  let applied: string[];
  let behaviour: (data: { id: string }) => void;
  let failures: InboxFailureStore;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: [...MESSAGING_MIGRATIONS],
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
    failures = new InboxFailureStore(db, store);
    deliveries = new MessageDeliveryService(
      store,
      failures,
      new GroupPositionCache(),
      deadLetters,
      createErrorClassifier(),
      MessageRedeliveryPolicy.create({
        maxDeliveries: 3,
        initialDelayMs: 1_000,
        jitter: 'none',
      }),
    );
    inbox = new InboxService(db, store, deliveries);
    applied = [];
    behaviour = () => undefined;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await dataSource.destroy();
  });

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
        keepAliveMs: 300,
      },
    );
  }

  /** Hands a message over; resolves when it is acknowledged. */
  function send(
    target: DurableDispatcher,
    id: string,
    sequence: number,
    pattern = 'E',
    extra: { redelivered?: boolean; keepAlive?: () => void } = {},
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
        redelivered: extra.redelivered ?? false,
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
        ...(extra.keepAlive ? { keepAlive: extra.keepAlive } : {}),
      });
    });
  }

  /** Makes `id` fail with a connection reset `times` times. */
  function failing(id: string, times: number): void {
    let left = times;
    behaviour = (data) => {
      if (data.id === id && left-- > 0) throw reset();
    };
  }

  const historyOf = (call: number): AttemptRecord[] =>
    JSON.parse(
      (deadLetter.mock.calls[call][0] as { headers: Record<string, string> })
        .headers[MESSAGE_HEADERS.attemptHistory],
    ) as AttemptRecord[];

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

  it('delivers a failure that says "later" again after the backoff, its group waiting behind it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    failing('a', 2);
    const d = dispatcher();
    const both = Promise.all([send(d, 'a', 1), send(d, 'b', 2)]);
    await vi.advanceTimersByTimeAsync(990);
    expect(applied).toEqual([]);
    // Second delivery at 1 s fails too: the next waits 2 s.
    await vi.advanceTimersByTimeAsync(1_990);
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    await both;
    expect(applied).toEqual(['a', 'b']);
    expect(deadLetter).not.toHaveBeenCalled();
    expect(await failures.find('q', 'a')).toMatchObject({ deliveries: 2 });
  });

  it('tells the transport a held message is still in work', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    failing('a', 1);
    const keepAlive = vi.fn();
    const done = send(dispatcher(), 'a', 1, 'E', { keepAlive });
    await vi.advanceTimersByTimeAsync(1_010);
    await done;
    expect(keepAlive).toHaveBeenCalledTimes(3);
  });

  it("dead-letters at the consumer's last delivery, with every attempt in its history", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    failing('a', 99);
    const done = send(dispatcher(), 'a', 1);
    await vi.advanceTimersByTimeAsync(3_010);
    await done;
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0][0]).toMatchObject({
      retryCount: 3,
      error: { code: 'ECONNRESET' },
    });
    expect(
      historyOf(0).map((r) => [r.delivery, r.attempt, r.code, r.message]),
    ).toEqual([
      [1, 1, 'UPSTREAM_UNAVAILABLE', 'reset'],
      [2, 2, 'UPSTREAM_UNAVAILABLE', 'reset'],
      [3, 3, 'UPSTREAM_UNAVAILABLE', 'reset'],
    ]);
  });

  it('keeps the count and the history across a crash: the redelivery goes on from them', async () => {
    deliveries = new MessageDeliveryService(
      new InboxStore(new MessagingTransactionRunner(dataSource)),
      failures,
      new GroupPositionCache(),
      { deadLetter } as unknown as DeadLetterService,
      createErrorClassifier(),
      MessageRedeliveryPolicy.create({
        maxDeliveries: 3,
        initialDelayMs: 200,
        jitter: 'none',
      }),
    );
    failing('a', 99);
    const first = dispatcher();
    void send(first, 'a', 1);
    // First delivery failed and counted; the process dies while it is held.
    await vi.waitFor(
      async () =>
        expect(await failures.find('q', 'a')).toMatchObject({
          deliveries: 1,
        }),
      { interval: 10 },
    );
    await first.close(1_000);

    await send(dispatcher(), 'a', 1, 'E', { redelivered: true });
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0][0]).toMatchObject({ retryCount: 3 });
    expect(historyOf(0).map((r) => r.delivery)).toEqual([1, 2, 3]);
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
