import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  createTestDatabase,
  deadLetterBody,
  admin,
  reader,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

describe.each(DRIVERS)('dead letter admin API on %s', (driver) => {
  let database: TestDatabase;
  let t: DeadLetterTestApp;
  let stub: StubHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    t = await startDeadLetterApp(database);
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

  async function create(overrides: Record<string, unknown> = {}) {
    const response = await request(t.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(deadLetterBody(overrides))
      .expect(201);
    return response.body as { id: string; status: string; version: number };
  }

  it('creates an entry (201, id included), stores it, and shows it masked', async () => {
    const response = await request(t.server)
      .post('/admin/dlq/messages')
      .set(admin)
      .send(
        deadLetterBody({
          payload: {
            orderId: 'o-9',
            customer: { password: 'hunter2', cardNumber: '4111111111111111' },
          },
          headers: {
            Authorization: 'Bearer top-secret-token',
            'x-tenant': 't-1',
          },
          messageId: 'm-9',
          error: {
            code: 'INTERNAL',
            message: 'boom with token=abc123',
            category: 'DATA_CORRUPTION',
          },
        }),
      )
      .expect(201);
    const created = response.body;
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      messageId: 'm-9',
      source: 'orders-queue',
      pattern: 'order.created',
      status: 'PENDING',
      retryCount: 0,
      payload: {
        orderId: 'o-9',
        customer: { password: '***', cardNumber: '***' },
      },
      headers: { Authorization: '***', 'x-tenant': 't-1' },
      error: {
        type: 'External',
        code: 'INTERNAL',
        category: 'DATA_CORRUPTION',
        severity: 'HIGH',
        message: 'boom with token=***',
      },
      version: 1,
    });
    const text = JSON.stringify(created);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('top-secret-token');
    const fetched = await request(t.server)
      .get(`/admin/dlq/messages/${created.id}`)
      .set(reader)
      .expect(200);
    expect(fetched.body).toEqual(created);
  });

  it('lists newest first with filters and an opaque keyset cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await create({ source: 'a', payload: { i } })).id);
    await create({
      source: 'b',
      destination: 'http://127.0.0.1:9/other',
      error: { code: 'X', message: 'm', category: 'SECURITY' },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `source=a&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(t.server)
        .get(`/admin/dlq/messages?${query}`)
        .set(reader)
        .expect(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const bySecurity = await request(t.server)
      .get('/admin/dlq/messages?category=SECURITY')
      .set(reader)
      .expect(200);
    expect(
      bySecurity.body.items.map((i: { source: string }) => i.source),
    ).toEqual(['b']);
    const byDestination = await request(t.server)
      .get(
        `/admin/dlq/messages?destination=${encodeURIComponent('http://127.0.0.1:9/other')}`,
      )
      .set(reader)
      .expect(200);
    expect(byDestination.body.items).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    const inRange = await request(t.server)
      .get(`/admin/dlq/messages?from=2020-01-01T00:00:00Z&to=${future}`)
      .set(reader)
      .expect(200);
    expect(inRange.body.items).toHaveLength(6);
    const afterNow = await request(t.server)
      .get(`/admin/dlq/messages?from=${future}`)
      .set(reader)
      .expect(200);
    expect(afterNow.body).toEqual({ items: [], nextCursor: null });
    const resolved = await request(t.server)
      .get('/admin/dlq/messages?status=RESOLVED')
      .set(reader)
      .expect(200);
    expect(resolved.body.items).toEqual([]);
  });

  it('resolves with a reason once; a second resolve is 409 CONFLICT', async () => {
    const { id } = await create();
    const named = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(admin)
      .send({ reason: 'Re-created by hand', resolvedBy: 'ops@example.test' })
      .expect(400);
    expect(named.body.code).toBe('VALIDATION_FAILED');
    expect(named.body.errors).toEqual([
      expect.objectContaining({ pointer: '/resolvedBy' }),
    ]);
    const response = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(admin)
      .send({ reason: 'Re-created by hand' })
      .expect(200);
    expect(response.body).toMatchObject({
      status: 'RESOLVED',
      resolution: {
        // The admin token's name: the resolver is who authenticated, never a body member.
        by: 'admin',
        reason: 'Re-created by hand',
        at: expect.any(String),
      },
      version: 2,
    });
    const again = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(admin)
      .send({ reason: 'again' })
      .expect(409);
    expect(again.body.code).toBe('CONFLICT');
    const noReason = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(admin)
      .send({})
      .expect(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
  });

  it('replays one entry: delivers the original, unmasked, and resolves it', async () => {
    stub.on('POST', '/hook').reply({ status: 204 });
    const { id } = await create({
      destination: `${stub.url}/hook`,
      payload: {
        orderId: 'o-1',
        card: { cardNumber: '4111111111111111', cvv: '123' },
      },
      headers: { authorization: 'Bearer real-token', 'x-tenant': 't-1' },
    });
    const response = await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(200);
    expect(response.body.outcome).toBe('DELIVERED');
    expect(response.body.message).toMatchObject({
      status: 'RESOLVED',
      resolution: { by: 'replay' },
    });
    expect(JSON.stringify(response.body)).not.toContain('4111111111111111');
    const [delivered] = stub.requests('POST', '/hook');
    expect(delivered.body).toEqual({
      orderId: 'o-1',
      card: { cardNumber: '4111111111111111', cvv: '123' },
    });
    expect(delivered.headers.authorization).toBe('Bearer real-token');
    expect(delivered.headers['x-tenant']).toBe('t-1');
    expect(delivered.headers['x-dead-letter-id']).toBe(id);
    const again = await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(stub.count('POST', '/hook')).toBe(1);
  });

  it('keeps an entry PENDING with the new error and one more retry when the replay fails', async () => {
    stub.on('POST', '/down').reply({ status: 500, body: { message: 'nope' } });
    const { id } = await create({ destination: `${stub.url}/down` });
    const response = await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(200);
    expect(response.body.outcome).toBe('FAILED');
    expect(response.body.message).toMatchObject({
      status: 'PENDING',
      retryCount: 1,
      error: {
        type: 'AxiosError',
        code: 'UPSTREAM_ERROR',
        category: 'TRANSIENT',
      },
      version: 3,
    });
  });

  it('refuses to replay a destination no transport handles, leaving the entry untouched', async () => {
    const { id, version } = await create({ destination: 'amqp:orders' });
    const response = await request(t.server)
      .post(`/admin/dlq/messages/${id}/replay`)
      .set(admin)
      .expect(409);
    expect(response.body.code).toBe('CONFLICT');
    const entry = await request(t.server)
      .get(`/admin/dlq/messages/${id}`)
      .set(admin)
      .expect(200);
    expect(entry.body).toMatchObject({
      status: 'PENDING',
      retryCount: 0,
      version,
    });
  });

  it('counts by status, category, severity and code, with the oldest pending age and recovery rate', async () => {
    stub.on('POST', '/ok').reply({ status: 200 });
    const first = await create({ destination: `${stub.url}/ok` });
    await create({ error: { code: 'UPSTREAM_TIMEOUT', message: 'slow' } });
    await create({ error: { code: 'UPSTREAM_TIMEOUT', message: 'slow' } });
    const manual = await create();
    await request(t.server)
      .post(`/admin/dlq/messages/${first.id}/replay`)
      .set(admin)
      .expect(200);
    await request(t.server)
      .post(`/admin/dlq/messages/${manual.id}/resolve`)
      .set(admin)
      .send({ reason: 'x' })
      .expect(200);
    const stats = await request(t.server)
      .get('/admin/dlq/stats')
      .set(reader)
      .expect(200);
    expect(stats.body).toMatchObject({
      total: 4,
      open: 2,
      byStatus: { PENDING: 2, RESOLVED: 2 },
      byCategory: { TRANSIENT: 4 },
      bySeverity: { HIGH: 2, MEDIUM: 2 },
      topErrorCodes: [
        { code: 'UPSTREAM_TIMEOUT', count: 2 },
        { code: 'UPSTREAM_UNAVAILABLE', count: 2 },
      ],
      recovered: 1,
      resolvedManually: 1,
      recoveryRate: 0.25,
    });
    expect(stats.body.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(stats.body.oldestPendingAt)).not.toBeNaN();
  });
});
