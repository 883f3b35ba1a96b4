import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterMaintenanceService,
  DeadLetterStatus,
  DeadLetterStore,
  type BulkReplayProgress,
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

interface Row {
  id: string;
  status: string;
  retryCount: number;
  error: { code: string };
}

describe.each(DRIVERS)('dead letter replay on %s', (driver) => {
  let database: TestDatabase;
  let t: DeadLetterTestApp;
  let stub: StubHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    t = await startDeadLetterApp(database, {
      bulkReplay: { maxRatePerSecond: 5_000, concurrency: 8 },
    });
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
  });

  async function createMany(
    count: number,
    path: string,
    base = stub.url,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await request(t.server)
        .post('/admin/dlq/messages')
        .set(admin)
        .send(
          deadLetterBody({
            destination: `${base}${path}`,
            payload: { n: i },
          }),
        )
        .expect(201);
      ids.push(response.body.id);
    }
    return ids;
  }

  async function all(): Promise<Row[]> {
    const response = await request(t.server)
      .get('/admin/dlq/messages?limit=500')
      .set(admin)
      .expect(200);
    return response.body.items;
  }

  async function startBulk(body: object): Promise<BulkReplayProgress> {
    const response = await request(t.server)
      .post('/admin/dlq/replay')
      .set(admin)
      .send(body)
      .expect(202);
    expect(response.headers.location).toBe(
      `/admin/dlq/replay/${response.body.id}`,
    );
    return response.body;
  }

  async function finished(jobId: string): Promise<BulkReplayProgress> {
    for (let i = 0; i < 400; i++) {
      const response = await request(t.server)
        .get(`/admin/dlq/replay/${jobId}`)
        .set(admin)
        .expect(200);
      if (response.body.state !== 'RUNNING') return response.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`bulk replay ${jobId} did not finish`);
  }

  function deliveredIds(path: string): string[] {
    return stub
      .requests('POST', path)
      .map((r) => String(r.headers['x-dead-letter-id']));
  }

  it('delivers once when two replays of one entry race: the other gets 409 CONFLICT', async () => {
    stub.on('POST', '/slow').reply({ status: 200, delayMs: 300 });
    const [id] = await createMany(1, '/slow');
    const responses = await Promise.all([
      request(t.server).post(`/admin/dlq/messages/${id}/replay`).set(admin),
      request(t.server).post(`/admin/dlq/messages/${id}/replay`).set(admin),
    ]);
    expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([
      200, 409,
    ]);
    const conflict = responses.find((r) => r.status === 409)!;
    expect(conflict.body.code).toBe('CONFLICT');
    expect(stub.count('POST', '/slow')).toBe(1);
    const [row] = await all();
    expect(row.status).toBe(DeadLetterStatus.RESOLVED);
  });

  it('bulk-replays through a destination that fails half-way: nothing lost, nothing twice', async () => {
    const route = stub.on('POST', '/flaky');
    for (let i = 0; i < 8; i++) route.replyOnce({ status: 200 });
    route.reply({ status: 503 });
    const ids = await createMany(20, '/flaky');
    const started = await startBulk({ ratePerSecond: 1_000 });
    expect(started.state).toBe('RUNNING');
    const progress = await finished(started.id);
    expect(progress).toMatchObject({
      state: 'COMPLETED',
      claimed: 20,
      delivered: 8,
      failed: 12,
      released: 0,
    });
    const delivered = deliveredIds('/flaky');
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered).size).toBe(20);
    const rows = await all();
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const resolved = rows.filter((r) => r.status === 'RESOLVED');
    const pending = rows.filter((r) => r.status === 'PENDING');
    expect(resolved).toHaveLength(8);
    expect(pending).toHaveLength(12);
    for (const row of resolved) expect(row.retryCount).toBe(0);
    for (const row of pending) {
      expect(row.retryCount).toBe(1);
      expect(row.error.code).toBe('UPSTREAM_ERROR');
    }
    // The 200s went to exactly the entries now resolved.
    expect(delivered.slice(0, 8).sort()).toEqual(
      resolved.map((r) => r.id).sort(),
    );
  });

  it('cancels a bulk replay: in-flight deliveries settle, the rest is given back untouched', async () => {
    stub.on('POST', '/slow').reply({ status: 200, delayMs: 150 });
    await createMany(30, '/slow');
    const started = await startBulk({ ratePerSecond: 4 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const running = await request(t.server)
      .get(`/admin/dlq/replay/${started.id}`)
      .set(admin)
      .expect(200);
    expect(running.body.state).toBe('RUNNING');
    const cancelled = await request(t.server)
      .post(`/admin/dlq/replay/${started.id}/cancel`)
      .set(admin)
      .expect(200);
    expect(cancelled.body.state).toBe('CANCELLED');
    const delivered = deliveredIds('/slow');
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(cancelled.body.delivered).toBe(delivered.length);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThan(30);
    const rows = await all();
    expect(rows).toHaveLength(30);
    expect(
      rows
        .filter((r) => r.status === 'RESOLVED')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...delivered].sort());
    for (const row of rows.filter((r) => r.status !== 'RESOLVED')) {
      expect(row).toMatchObject({ status: 'PENDING', retryCount: 0 });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.count('POST', '/slow')).toBe(delivered.length);
  });

  it('paces a bulk replay at the requested rate, in every second including the first', async () => {
    // Arrival times where the rate is felt: at the destination.
    const arrivals: number[] = [];
    const target = createServer((req, res) => {
      arrivals.push(Date.now());
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    try {
      const { port } = target.address() as AddressInfo;
      await createMany(25, '/fast', `http://127.0.0.1:${port}`);
      const startedAt = Date.now();
      const progress = await finished(
        (await startBulk({ ratePerSecond: 10 })).id,
      );
      const elapsed = Date.now() - startedAt;
      expect(progress.delivered).toBe(25);
      expect(arrivals).toHaveLength(25);
      // The first second of the replay, counted from the request that started it.
      const firstSecond = arrivals.filter((at) => at < startedAt + 1_000);
      expect(firstSecond.length).toBeLessThanOrEqual(10);
      // Sends are paced exactly; the first one also opens the connection and can arrive some
      // tens of milliseconds late, so a second counted from its arrival may hold one more.
      for (const from of arrivals) {
        const inSecond = arrivals.filter(
          (at) => at >= from && at < from + 1_000,
        );
        expect(inSecond.length).toBeLessThanOrEqual(11);
      }
      // No second holds more than 10, so the 21st goes out at least 2 s after the 1st.
      expect(elapsed).toBeGreaterThanOrEqual(2_000);
    } finally {
      target.closeAllConnections();
      target.close();
    }
  });

  it('refuses a rate above the configured maximum with 400 VALIDATION_FAILED', async () => {
    const response = await request(t.server)
      .post('/admin/dlq/replay')
      .set(admin)
      .send({ ratePerSecond: 10_000 })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const badStatus = await request(t.server)
      .post('/admin/dlq/replay')
      .set(admin)
      .send({ status: 'RESOLVED' })
      .expect(400);
    expect(badStatus.body.code).toBe('VALIDATION_FAILED');
  });

  it('replays only what the filter selects and skips destinations without a transport', async () => {
    stub.on('POST', '/a').reply({ status: 200 });
    await createMany(3, '/a');
    await request(t.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(deadLetterBody({ source: 'other', destination: `${stub.url}/a` }))
      .expect(201);
    await request(t.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(deadLetterBody({ destination: 'amqp:orders' }))
      .expect(201);
    const progress = await finished(
      (await startBulk({ source: 'orders-queue', ratePerSecond: 100 })).id,
    );
    expect(progress).toMatchObject({
      state: 'COMPLETED',
      claimed: 4,
      delivered: 3,
      skipped: 1,
    });
    const rows = await all();
    expect(
      rows.find((r) => (r as unknown as { source: string }).source === 'other')
        ?.status,
    ).toBe('PENDING');
    const amqp = rows.find(
      (r) =>
        (r as unknown as { destination: string }).destination === 'amqp:orders',
    );
    expect(amqp).toMatchObject({ status: 'PENDING', retryCount: 0 });
  });

  it('recovers the claims of a crashed replay, which a later bulk replay then delivers once', async () => {
    stub.on('POST', '/r').reply({ status: 200 });
    await createMany(3, '/r');
    // A replay that claimed three entries and died before delivering them.
    const store = t.get(DeadLetterStore);
    const claimed = await store.claimBatch({}, 3, {
      token: crypto.randomUUID(),
      at: new Date(),
    });
    expect(claimed.map((c) => c.status)).toEqual([
      'RETRYING',
      'RETRYING',
      'RETRYING',
    ]);
    const nothing = await finished(
      (await startBulk({ ratePerSecond: 100 })).id,
    );
    expect(nothing.claimed).toBe(0);
    const maintenance = t.get(DeadLetterMaintenanceService);
    expect(await maintenance.recoverClaims(new Date())).toBe(0);
    const report = await maintenance.run(new Date(Date.now() + 301_000));
    expect(report.recovered).toBe(3);
    const progress = await finished(
      (await startBulk({ ratePerSecond: 100 })).id,
    );
    expect(progress.delivered).toBe(3);
    expect(new Set(deliveredIds('/r')).size).toBe(3);
    expect(stub.count('POST', '/r')).toBe(3);
  });

  it('lists the stored jobs, newest first', async () => {
    const first = await startBulk({ ratePerSecond: 100 });
    await finished(first.id);
    const second = await startBulk({ ratePerSecond: 100 });
    await finished(second.id);
    const response = await request(t.server)
      .get('/admin/dlq/replay')
      .set(admin)
      .expect(200);
    expect(
      response.body.slice(0, 2).map((j: BulkReplayProgress) => j.id),
    ).toEqual([second.id, first.id]);
  });
});
