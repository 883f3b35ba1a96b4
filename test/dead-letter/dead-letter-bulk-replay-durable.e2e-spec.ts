import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterStatus,
  type BulkReplayProgress,
  type DeadLetterModuleOptions,
} from '@nest-resilience/dead-letters';
import { startAppProcess, type AppProcess } from '../support/child.process.js';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const ENTRY = fileURLToPath(
  new URL('./dead-letter-instance.main.ts', import.meta.url),
);

// Short, so that a takeover happens within a test; the lease still spans several heartbeats.
const OPTIONS: DeadLetterModuleOptions = {
  bulkReplay: {
    maxRatePerSecond: 100,
    heartbeatIntervalMs: 200,
    leaseMs: 1_000,
    takeoverIntervalMs: 300,
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Instance B runs in the spec's process; instance A is a child process it can kill. */
describe('durable bulk replay across instances on postgres', () => {
  let database: TestDatabase;
  let b: DeadLetterTestApp;
  let a: AppProcess<{ port: number }> | undefined;
  let stub: StubHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    b = await startDeadLetterApp(database, OPTIONS);
    stub = await StubHttpServer.start();
    stub.on('POST', '/r').reply({ status: 200 });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.close();
    await stub?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await b.truncate();
    stub.reset();
    stub.on('POST', '/r').reply({ status: 200 });
    a = await startAppProcess(ENTRY, {
      ...(database.env as Record<string, string>),
      DLQ_INSTANCE_OPTIONS: JSON.stringify(OPTIONS),
    });
  }, 90_000);
  afterEach(async () => {
    await a?.stop();
    a = undefined;
  }, 30_000);

  const onA = () => request(`http://127.0.0.1:${a!.ready.port}`);

  async function createMany(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await request(b.server)
        .post('/admin/dlq/messages')
        .set(admin)
        .send(deadLetterBody({ destination: `${stub.url}/r`, payload: { i } }))
        .expect(201);
      ids.push(response.body.id);
    }
    return ids;
  }

  async function progressOnB(jobId: string): Promise<BulkReplayProgress> {
    const response = await request(b.server)
      .get(`/admin/dlq/replay/${jobId}`)
      .set(admin)
      .expect(200);
    return response.body;
  }

  async function until(
    jobId: string,
    done: (progress: BulkReplayProgress) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<BulkReplayProgress> {
    const started = Date.now();
    for (;;) {
      const progress = await progressOnB(jobId);
      if (done(progress)) return progress;
      if (Date.now() - started > timeoutMs)
        throw new Error(`${what}: not after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  function deliveredIds(): string[] {
    return stub
      .requests('POST', '/r')
      .map((r) => String(r.headers['x-dead-letter-id']));
  }

  async function statuses(): Promise<string[]> {
    const response = await request(b.server)
      .get('/admin/dlq/messages?limit=500')
      .set(admin)
      .expect(200);
    return response.body.items.map((item: { status: string }) => item.status);
  }

  async function startOnA(body: object): Promise<BulkReplayProgress> {
    const response = await onA()
      .post('/admin/dlq/replay')
      .set(admin)
      .send(body)
      .expect(202);
    return response.body;
  }

  it('shows a job started on A from B; after A crashes, B takes it over and delivers every entry once', async () => {
    const ids = await createMany(6);
    // One a second: the crash below falls between two deliveries, never during one.
    const started = await startOnA({ ratePerSecond: 1 });
    const seen = await progressOnB(started.id);
    expect(seen).toMatchObject({
      id: started.id,
      state: 'RUNNING',
      ratePerSecond: 1,
      takeovers: 0,
    });
    expect(seen.owner).toEqual(started.owner);
    expect(seen.owner).not.toBeNull();
    const listed = await request(b.server)
      .get('/admin/dlq/replay')
      .set(admin)
      .expect(200);
    expect(listed.body.map((job: BulkReplayProgress) => job.id)).toContain(
      started.id,
    );

    // Two delivered, settled and stored: then A dies, no shutdown hook.
    await until(
      started.id,
      (p) => p.delivered >= 2 && stub.count('POST', '/r') === p.delivered,
      'A delivers two entries',
    );
    await a!.kill();
    a = undefined;
    const beforeCrash = stub.count('POST', '/r');
    expect(beforeCrash).toBeGreaterThanOrEqual(2);
    expect(beforeCrash).toBeLessThan(6);

    const resumed = await until(
      started.id,
      (p) => p.takeovers === 1 && p.owner !== null,
      'B takes the job over once A’s lease lapsed',
    );
    expect(resumed.owner).not.toBe(started.owner);
    const finished = await until(
      started.id,
      (p) => p.state !== 'RUNNING',
      'B finishes the job',
    );
    expect(finished).toMatchObject({
      state: 'COMPLETED',
      claimed: 6,
      delivered: 6,
      failed: 0,
      released: 0,
      takeovers: 1,
      owner: null,
    });
    const delivered = deliveredIds();
    expect(delivered.sort()).toEqual([...ids].sort());
    expect(await statuses()).toEqual(Array(6).fill(DeadLetterStatus.RESOLVED));
  }, 90_000);

  it('resumes on B a job A handed back when it shut down gracefully, nothing twice', async () => {
    const ids = await createMany(5);
    const started = await startOnA({ ratePerSecond: 2 });
    await until(started.id, (p) => p.delivered >= 1, 'A delivers one entry');
    await a!.stop();
    a = undefined;
    const finished = await until(
      started.id,
      (p) => p.state !== 'RUNNING',
      'B finishes the job',
    );
    expect(finished).toMatchObject({
      state: 'COMPLETED',
      claimed: 5,
      delivered: 5,
      takeovers: 1,
    });
    const delivered = deliveredIds();
    expect(delivered.sort()).toEqual([...ids].sort());
  }, 90_000);

  it('cancels from B a job running on A: A stops, and what it did not send stays PENDING', async () => {
    const ids = await createMany(20);
    const started = await startOnA({ ratePerSecond: 2 });
    await until(started.id, (p) => p.delivered >= 1, 'A delivers one entry');
    const cancelled = await request(b.server)
      .post(`/admin/dlq/replay/${started.id}/cancel`)
      .set(admin)
      .expect(200);
    expect(cancelled.body.cancelRequestedAt).not.toBeNull();
    const stopped = await until(
      started.id,
      (p) => p.state !== 'RUNNING',
      'A stops the job',
    );
    expect(stopped.state).toBe('CANCELLED');
    expect(stopped.takeovers).toBe(0);
    const sent = stub.count('POST', '/r');
    await sleep(1_500);
    expect(stub.count('POST', '/r')).toBe(sent);
    expect(sent).toBeLessThan(ids.length);
    expect(stopped.delivered).toBe(sent);
    const all = await statuses();
    expect(all.filter((s) => s === DeadLetterStatus.RESOLVED)).toHaveLength(
      sent,
    );
    expect(all.filter((s) => s === DeadLetterStatus.PENDING)).toHaveLength(
      ids.length - sent,
    );
  }, 90_000);
});
