import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterService,
  DeadLetterStatus,
  DeadLetterTransport,
  DeadLetterTransportRegistry,
  REPLAY_UNCONFIRMED_CODE,
  type BulkReplayProgress,
  type DeadLetterDelivery,
} from '@nest-resilience/dead-letters';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

/** A broker-like transport: takes the message, cannot tell whether its handler succeeded. */
class HandOverTestTransport extends DeadLetterTransport {
  readonly schemes = ['handover'];
  override readonly handOverOnly = true;
  readonly delivered: DeadLetterDelivery[] = [];
  /** Runs during a delivery, as a consumer that answers before the replay settled. */
  onDeliver?: (delivery: DeadLetterDelivery) => Promise<void>;

  async deliver(delivery: DeadLetterDelivery): Promise<void> {
    this.delivered.push(delivery);
    await this.onDeliver?.(delivery);
  }
}

interface View {
  id: string;
  status: DeadLetterStatus;
  retryCount: number;
  replayedAt?: string;
  error: { code: string; category: string; message: string };
  resolution?: { by: string; reason: string };
}

const CONFIRM_TIMEOUT_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DRIVERS)('replay confirmation on %s', (driver) => {
  let database: TestDatabase;
  let t: DeadLetterTestApp;
  let stub: StubHttpServer;
  let transport: HandOverTestTransport;
  let deadLetters: DeadLetterService;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    t = await startDeadLetterApp(database, {
      // The real maintenance timer returns unconfirmed hand-overs.
      maintenanceIntervalMs: 250,
      replayConfirmTimeoutMs: CONFIRM_TIMEOUT_MS,
      bulkReplay: { maxRatePerSecond: 1_000 },
    });
    transport = new HandOverTestTransport();
    t.get(DeadLetterTransportRegistry).register(transport);
    deadLetters = t.get(DeadLetterService);
    stub = await StubHttpServer.start();
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await t.truncate();
    stub.reset();
    transport.delivered.length = 0;
    transport.onDeliver = undefined;
  });

  async function create(overrides: Record<string, unknown>): Promise<string> {
    const response = await request(t.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(deadLetterBody(overrides))
      .expect(201);
    return response.body.id;
  }

  async function view(id: string): Promise<View> {
    const response = await request(t.server)
      .get(`/admin/dlq/messages/${id}`)
      .set(admin)
      .expect(200);
    return response.body;
  }

  async function replay(id: string) {
    const response = await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(200);
    return response.body as { outcome: string; message: View };
  }

  it('resolves an HTTP replay the destination answered 2xx: its handler took it', async () => {
    stub.on('POST', '/ok').reply({ status: 200 });
    const id = await create({ destination: `${stub.url}/ok` });
    const result = await replay(id);
    expect(result.outcome).toBe('DELIVERED');
    expect(result.message).toMatchObject({
      status: DeadLetterStatus.RESOLVED,
      resolution: { by: 'replay' },
    });
    expect(result.message.replayedAt).toBeUndefined();
  });

  it('sends an HTTP replay answered 500 back to PENDING with the retry count raised', async () => {
    stub.on('POST', '/broken').reply({ status: 500 });
    const id = await create({ destination: `${stub.url}/broken` });
    const result = await replay(id);
    expect(result.outcome).toBe('FAILED');
    expect(result.message).toMatchObject({
      status: DeadLetterStatus.PENDING,
      retryCount: 1,
    });
    expect(result.message.resolution).toBeUndefined();
  });

  it('keeps a hand-over REPLAYED until its consumer confirms it, then RESOLVED, once', async () => {
    const id = await create({ destination: 'handover:orders' });
    const result = await replay(id);
    expect(result.outcome).toBe('DELIVERED');
    expect(result.message.status).toBe(DeadLetterStatus.REPLAYED);
    expect(Date.parse(result.message.replayedAt!)).not.toBeNaN();
    expect(transport.delivered.map((d) => d.id)).toEqual([id]);

    const listed = await request(t.server)
      .get('/admin/dlq/messages?status=REPLAYED')
      .set(admin)
      .expect(200);
    expect(listed.body.items.map((item: View) => item.id)).toEqual([id]);
    const before = await request(t.server)
      .get('/admin/dlq/stats')
      .set(admin)
      .expect(200);
    expect(before.body).toMatchObject({
      open: 1,
      recovered: 0,
      byStatus: { REPLAYED: 1 },
    });
    // Awaiting its consumer: not replayable again, and not lost.
    await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(409);

    expect(await deadLetters.confirmReplay(id)).toBe('CONFIRMED');
    expect(await deadLetters.confirmReplay(id)).toBe('ALREADY_RESOLVED');
    expect(await view(id)).toMatchObject({
      status: DeadLetterStatus.RESOLVED,
      resolution: { by: 'replay' },
    });
    const after = await request(t.server)
      .get('/admin/dlq/stats')
      .set(admin)
      .expect(200);
    expect(after.body).toMatchObject({ open: 0, recovered: 1 });
    expect(transport.delivered).toHaveLength(1);
  });

  it('confirms by source and message id, and when the consumer answers before the replay settled', async () => {
    const messageId = randomUUID();
    const byMessage = await create({
      destination: 'handover:orders',
      messageId,
    });
    await replay(byMessage);
    expect(
      await deadLetters.confirmReplay({ source: 'orders-queue', messageId }),
    ).toBe('CONFIRMED');
    expect((await view(byMessage)).status).toBe(DeadLetterStatus.RESOLVED);

    // A fast consumer: its handler succeeded while the replay still holds its claim.
    transport.onDeliver = async (delivery) => {
      expect(await deadLetters.confirmReplay(delivery.id)).toBe('CONFIRMED');
    };
    const fast = await create({ destination: 'handover:orders' });
    const result = await replay(fast);
    expect(result.message.status).toBe(DeadLetterStatus.RESOLVED);
    expect(await deadLetters.confirmReplay(randomUUID())).toBe('NOT_FOUND');
  });

  it('returns a hand-over its consumer never confirmed to PENDING after the timeout, with a note', async () => {
    const id = await create({
      destination: 'handover:orders',
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'broker refused',
        category: 'EXTERNAL_DEPENDENCY',
      },
    });
    expect((await replay(id)).message.status).toBe(DeadLetterStatus.REPLAYED);
    const replayedAt = Date.now();
    let entry = await view(id);
    while (entry.status === DeadLetterStatus.REPLAYED) {
      if (Date.now() - replayedAt > CONFIRM_TIMEOUT_MS + 15_000)
        throw new Error('the unconfirmed hand-over was never returned');
      await sleep(100);
      entry = await view(id);
    }
    // Not before the timeout (the maintenance timer runs every 250 ms).
    expect(Date.now() - replayedAt).toBeGreaterThanOrEqual(
      CONFIRM_TIMEOUT_MS - 500,
    );
    expect(entry).toMatchObject({
      status: DeadLetterStatus.PENDING,
      retryCount: 1,
      error: {
        code: REPLAY_UNCONFIRMED_CODE,
        category: 'EXTERNAL_DEPENDENCY',
      },
    });
    expect(entry.error.message).toContain('did not confirm');
    // A confirmation arriving late still counts: the handler did succeed.
    expect(await deadLetters.confirmReplay(id)).toBe('CONFIRMED');
    expect((await view(id)).status).toBe(DeadLetterStatus.RESOLVED);
  });

  it('reopens a REPLAYED entry whose handler failed again; a confirmation then changes nothing', async () => {
    const messageId = randomUUID();
    const body = { destination: 'handover:orders', messageId };
    const id = await create(body);
    await replay(id);
    // The consumer's handler failed and dead-lettered the message again: same entry.
    expect(
      await create({
        ...body,
        error: { code: 'VALIDATION_FAILED', message: 'bad again' },
      }),
    ).toBe(id);
    const reopened = await view(id);
    expect(reopened).toMatchObject({
      status: DeadLetterStatus.PENDING,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(reopened.replayedAt).toBeUndefined();
    expect(await deadLetters.confirmReplay(id)).toBe('NOT_AWAITING');
    expect((await view(id)).status).toBe(DeadLetterStatus.PENDING);
  });

  it('lets an operator resolve a REPLAYED entry by hand', async () => {
    const id = await create({ destination: 'handover:orders' });
    await replay(id);
    const resolved = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(admin)
      .send({ reason: 'the consumer log shows it applied' })
      .expect(200);
    expect(resolved.body.status).toBe(DeadLetterStatus.RESOLVED);
    expect(await deadLetters.confirmReplay(id)).toBe('ALREADY_RESOLVED');
  });

  it('counts the hand-overs of a bulk replay, which leaves them REPLAYED', async () => {
    stub.on('POST', '/ok').reply({ status: 200 });
    for (let i = 0; i < 3; i++) await create({ destination: 'handover:a' });
    await create({ destination: `${stub.url}/ok` });
    const started = await request(t.server)
      .post('/admin/dlq/replay')
      .set(admin)
      .send({ ratePerSecond: 200 })
      .expect(202);
    let progress: BulkReplayProgress = started.body;
    while (progress.state === 'RUNNING') {
      await sleep(50);
      progress = (
        await request(t.server)
          .get(`/admin/dlq/replay/${progress.id}`)
          .set(admin)
          .expect(200)
      ).body;
    }
    expect(progress).toMatchObject({
      state: 'COMPLETED',
      claimed: 4,
      delivered: 4,
      handedOver: 3,
      failed: 0,
    });
    const stats = await request(t.server)
      .get('/admin/dlq/stats')
      .set(admin)
      .expect(200);
    expect(stats.body.byStatus).toEqual({ REPLAYED: 3, RESOLVED: 1 });
  });
});
