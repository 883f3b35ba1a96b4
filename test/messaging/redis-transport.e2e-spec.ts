import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ClientProxyFactory,
  Ctx,
  EventPattern,
  Payload,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  InboxService,
  MessagingHealthIndicator,
  ResilientConsumer,
} from '@nest-resilience/messaging';
import { Retry } from '@nest-resilience/resilience';
import {
  APPLIED_LOG_TABLE,
  CREATE_APPLIED_LOG,
  logApplied,
  type AppliedRow,
} from './support/applied-log.js';
import { eventually } from './support/eventually.js';
import { SimulatedOutageError } from './support/flaky.consumer.js';
import {
  createMessagingTestDatabase,
  type MessagingTestDatabase,
} from './support/messaging-test.database.js';
import {
  startMessagingApp,
  type MessagingTestApp,
} from './support/messaging-test.app.js';

/** Redis of the tests (start it with `docker compose up -d redis` if it is not running). */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PATTERN = `redis.probe.${randomUUID().slice(0, 8)}`;

class ProbeDto {
  @IsString()
  key: string;

  @IsInt()
  @Min(0)
  failTimes: number;
}

/** Calls per key: Redis carries no attempt count, so the probe counts its own invocations. */
@Injectable()
class ProbeCalls {
  readonly calls = new Map<string, number>();
}

@ResilientConsumer()
class RedisProbeConsumer {
  constructor(
    private readonly inbox: InboxService,
    private readonly probe: ProbeCalls,
  ) {}

  @EventPattern<{ [PATTERN]: ProbeDto }>(PATTERN, Transport.REDIS)
  @Retry('postgres')
  async handle(
    @Payload() event: ProbeDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    const call = (this.probe.calls.get(event.key) ?? 0) + 1;
    this.probe.calls.set(event.key, call);
    if (call <= event.failTimes) throw new SimulatedOutageError();
    await this.inbox.consume(context, (manager) =>
      logApplied(manager, {
        messageId: event.key,
        pattern: PATTERN,
        attempt: call,
      }),
    );
  }
}

describe('Redis transport: at most once, with the same decorators', () => {
  let database: MessagingTestDatabase;
  let env: Record<string, string>;
  let t: MessagingTestApp | undefined;
  let client: ClientProxy;

  beforeAll(async () => {
    database = await createMessagingTestDatabase('msg_redis');
    await database.query(CREATE_APPLIED_LOG);
    env = {
      ...database.env,
      REDIS_URL,
      MESSAGING_QUEUE: `msg-redis-${randomUUID().slice(0, 8)}`,
    };
    const { hostname, port } = new URL(REDIS_URL);
    client = ClientProxyFactory.create({
      transport: Transport.REDIS,
      options: { host: hostname, port: Number(port) },
    });
    await client.connect().catch((error: unknown) => {
      throw new Error(
        `Redis is not reachable at ${REDIS_URL} (start it with \`docker compose up -d redis\`): ${String(error)}`,
      );
    });
  });

  afterAll(async () => {
    await client?.close();
    await t?.close();
    await database?.drop();
  });

  const applied = () =>
    database.query<AppliedRow>(
      `SELECT * FROM ${APPLIED_LOG_TABLE} ORDER BY id`,
    );
  const emit = (data: ProbeDto) =>
    firstValueFrom(client.emit(PATTERN, data), { defaultValue: undefined });

  it('loses an event published while no consumer is subscribed: at most once, as stated', async () => {
    await emit({ key: 'nobody-listening', failTimes: 0 });
    t = await startMessagingApp({
      env,
      controllers: [RedisProbeConsumer],
      providers: [ProbeCalls],
    });
    await emit({ key: 'after-start', failTimes: 0 });
    await eventually(
      applied,
      (rows) => rows.some((r) => r.message_id === 'after-start'),
      { what: 'the later event' },
    );
    expect((await applied()).map((r) => r.message_id)).not.toContain(
      'nobody-listening',
    );
  });

  it('retries a transient failure in process with the handler @Retry', async () => {
    await emit({ key: 'transient', failTimes: 2 });
    const rows = await eventually(
      applied,
      (r) => r.some((row) => row.message_id === 'transient'),
      { what: 'the retried event' },
    );
    expect(rows.filter((row) => row.message_id === 'transient')).toMatchObject([
      { attempt: 3 },
    ]);
  });

  it('dead-letters what still fails after the retries, since Redis cannot redeliver it', async () => {
    await emit({ key: 'hopeless', failTimes: 99 });
    const entry = await eventually(
      async () =>
        (
          await t!
            .get(DeadLetterService)
            .list({ source: `redis:${PATTERN}` }, 10)
        ).items[0],
      (e) => e !== undefined,
      { what: 'the dead letter of the Redis event' },
    );
    expect(entry).toMatchObject({
      pattern: PATTERN,
      payload: { key: 'hopeless', failTimes: 99 },
      error: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(t!.get(ProbeCalls).calls.get('hopeless')).toBe(3);
  });

  it('states the Redis consumer as at-most-once in health, beside the durable one', async () => {
    const result = await t!.get(MessagingHealthIndicator).isHealthy();
    expect(result.messaging.endpoints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          transport: 'redis',
          guarantee: 'at-most-once',
          connected: true,
        }),
        expect.objectContaining({
          transport: 'in-process',
          guarantee: 'at-least-once',
        }),
      ]),
    );
  });
});
