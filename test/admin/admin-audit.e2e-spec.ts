import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  as,
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  startAdminApp,
  type AdminTestApp,
  type TestDatabase,
} from './admin-test.app.js';

interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  requestId: string | null;
  details?: Record<string, unknown>;
}

describe.each(DRIVERS)('admin audit log on %s', (driver) => {
  let database: TestDatabase;
  let t: AdminTestApp;
  let stub: StubHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    t = await startAdminApp(database);
    stub = await StubHttpServer.start();
    stub.on('POST', '/hook').reply({ status: 204 });
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
    await database?.drop();
  });

  async function deadLetter(): Promise<string> {
    const created = await request(t.server)
      .post('/admin/dlq/messages')
      .set(as('admin'))
      .send(deadLetterBody({ destination: `${stub.url}/hook` }))
      .expect(201);
    return created.body.id as string;
  }

  async function audit(query = ''): Promise<{
    items: AuditEntry[];
    nextCursor: string | null;
  }> {
    const response = await request(t.server)
      .get(`/admin/audit${query}`)
      .set(as('readonly'))
      .expect(200);
    return response.body;
  }

  it('records the named token as the actor of open, close and reset, and logs it', async () => {
    for (const [who, verb] of [
      ['alice', 'open'],
      ['carol', 'close'],
      ['alice', 'reset'],
    ] as const) {
      await request(t.server)
        .post(`/admin/resilience/breakers/product-service/${verb}`)
        .set(as(who))
        .set('X-Request-Id', `req-${verb}`)
        .expect(200);
    }
    const { items } = await audit('?limit=3');
    expect(items.map((e) => [e.actor, e.action, e.target, e.outcome])).toEqual([
      ['alice', 'breaker.reset', 'product-service', 'SUCCEEDED'],
      ['carol', 'breaker.close', 'product-service', 'SUCCEEDED'],
      ['alice', 'breaker.open', 'product-service', 'SUCCEEDED'],
    ]);
    expect(items[2]).toMatchObject({
      requestId: 'req-open',
      details: { state: 'OPEN' },
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      at: expect.any(String),
    });
    expect(t.logger.find('product-service opened by alice')).toHaveLength(1);
    expect(t.logger.find('product-service closed by carol')).toHaveLength(1);
  });

  it('records the named token as the actor of replay, resolve and bulk replay', async () => {
    const replayed = await deadLetter();
    const resolved = await deadLetter();
    await request(t.server)
      .post(`/admin/dlq/messages/${replayed}/replay`)
      .set(as('carol'))
      .expect(200);
    const resolution = await request(t.server)
      .post(`/admin/dlq/messages/${resolved}/resolve`)
      .set(as('alice'))
      .send({ reason: 'Re-created by hand' })
      .expect(200);
    expect(resolution.body.resolution).toMatchObject({ by: 'alice' });
    const bulk = await request(t.server)
      .post('/admin/dlq/replay')
      .set(as('carol'))
      .send({ source: 'nothing-matches-this', limit: 5 })
      .expect(202);

    const { items } = await audit('?limit=3');
    expect(items.map((e) => [e.actor, e.action, e.target, e.outcome])).toEqual([
      ['carol', 'dlq.bulk-replay', bulk.body.id, 'SUCCEEDED'],
      ['alice', 'dlq.resolve', resolved, 'SUCCEEDED'],
      ['carol', 'dlq.replay', replayed, 'SUCCEEDED'],
    ]);
    expect(items[0].details).toMatchObject({
      filter: { source: 'nothing-matches-this' },
      limit: 5,
    });
    expect(items[1].details).toEqual({ reason: 'Re-created by hand' });
    expect(items[2].details).toEqual({ outcome: 'DELIVERED' });
    expect(t.logger.find('Replayed by carol', replayed)).toHaveLength(1);
    expect(t.logger.find('Resolved by alice', resolved)).toHaveLength(1);
    expect(
      t.logger.find(`Bulk replay ${bulk.body.id} started by carol`),
    ).toHaveLength(1);
  });

  it('never takes the actor from the body: resolvedBy is refused and recorded as a failure of the token', async () => {
    const id = await deadLetter();
    const refused = await request(t.server)
      .post(`/admin/dlq/messages/${id}/resolve`)
      .set(as('carol'))
      .send({ reason: 'done', resolvedBy: 'somebody-else' })
      .expect(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ pointer: '/resolvedBy' })],
    });
    const entry = await request(t.server)
      .get(`/admin/dlq/messages/${id}`)
      .set(as('readonly'))
      .expect(200);
    expect(entry.body.status).toBe('PENDING');
    const { items } = await audit('?limit=1');
    expect(items[0]).toMatchObject({
      actor: 'carol',
      action: 'dlq.resolve',
      target: id,
      outcome: 'FAILED',
      details: { code: 'VALIDATION_FAILED' },
    });
    expect(JSON.stringify(await audit())).not.toContain('somebody-else');
  });

  it("records a read-only token's refused action, and a failed one with its code", async () => {
    await request(t.server)
      .post('/admin/resilience/breakers/delivery-service/open')
      .set(as('bob'))
      .expect(403);
    await request(t.server)
      .post('/admin/resilience/breakers/no-such-breaker/open')
      .set(as('alice'))
      .expect(404);
    const { items } = await audit('?limit=2');
    expect(items.map((e) => [e.actor, e.action, e.target, e.outcome])).toEqual([
      ['alice', 'breaker.open', 'no-such-breaker', 'FAILED'],
      ['bob', 'breaker.open', 'delivery-service', 'REFUSED'],
    ]);
    expect(items[0].details).toEqual({ code: 'NOT_FOUND' });
    const breaker = await request(t.server)
      .get('/admin/resilience/breakers/delivery-service')
      .set(as('bob'))
      .expect(200);
    expect(breaker.body.state).toBe('CLOSED');
  });

  it('lists with filters and pages with limit and cursor, newest first', async () => {
    const byAlice = await audit('?actor=alice&limit=500');
    expect(byAlice.items.length).toBeGreaterThanOrEqual(4);
    expect(byAlice.items.every((e) => e.actor === 'alice')).toBe(true);
    const opens = await audit('?action=breaker.open');
    expect(opens.items.map((e) => e.actor)).toEqual(['alice', 'bob', 'alice']);
    const refusals = await audit('?outcome=REFUSED&actor=bob');
    expect(refusals.items).toHaveLength(1);

    const all = (await audit('?limit=500')).items;
    const pages: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEntry[]; nextCursor: string | null } =
        await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it.each([
    ['limit=0', '/limit'],
    ['limit=501', '/limit'],
    ['outcome=MAYBE', '/outcome'],
    ['cursor=bm90LWEtY3Vyc29y', '/cursor'],
    ['resolvedBy=x', '/resolvedBy'],
  ])(
    'refuses the query %s with 400 VALIDATION_FAILED',
    async (query, pointer) => {
      const response = await request(t.server)
        .get(`/admin/audit?${query}`)
        .set(as('admin'))
        .expect(400);
      expect(response.headers['content-type']).toMatch(
        /application\/problem\+json/,
      );
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ pointer })],
      });
    },
  );

  it('keeps the log across a restart', async () => {
    const before = (await audit('?limit=500')).items;
    await t.close();
    t = await startAdminApp(database);
    const after = (await audit('?limit=500')).items;
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after[0]).toEqual(before[0]);
  });
});
