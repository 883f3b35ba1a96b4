import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ErrorLogStore } from '@nest-resilience/problem-details';
import { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import {
  as,
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  startAdminApp,
  type AdminTestApp,
  type TestDatabase,
} from './admin-test.app.js';

interface ErrorView {
  id: string;
  timestamp: string;
  code: string;
  status: number;
  category: string;
  severity: string;
  requestId: string;
  context: { transport: string; method?: string; path?: string };
  error: { name: string; message: string; causes: string[] };
  resolution?: { by: string; at: string; reason: string };
}

interface Page {
  items: ErrorView[];
  nextCursor: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CARD = '4111 1111 1111 1111';

describe.each(DRIVERS)('error log admin API on %s', (driver) => {
  let database: TestDatabase;
  let t: AdminTestApp;
  const oldId = randomUUID();
  const upstreamId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    // A queue of two entries: the third and later dead letters are refused with 503.
    t = await startAdminApp(database, { DLQ_MAX_SIZE: '2' });
    const store = t.app.get(ErrorLogStore);
    await store.record({
      id: oldId,
      timestamp: new Date(Date.now() - 3 * DAY_MS),
      code: 'INTERNAL',
      status: 500,
      category: ErrorCategory.PERMANENT,
      severity: ErrorSeverity.HIGH,
      rule: 'unclassified',
      requestId: 'req-old',
      context: { transport: 'http', method: 'POST', path: '/orders' },
      error: {
        name: 'TypeError',
        message: `charging card ${CARD} failed`,
        stack: 'TypeError: at /srv/app/src/orders/orders.service.ts:42',
        causes: [],
      },
    });
    await store.record({
      id: upstreamId,
      timestamp: new Date(Date.now() - 60_000),
      code: 'UPSTREAM_UNAVAILABLE',
      status: 502,
      category: ErrorCategory.TRANSIENT,
      severity: ErrorSeverity.HIGH,
      rule: 'network',
      requestId: 'req-upstream',
      context: { transport: 'rpc', pattern: 'order.created' },
      error: { name: 'Error', message: 'connect ECONNREFUSED', causes: [] },
    });
    for (let i = 0; i < 2; i++) {
      await request(t.server)
        .post('/admin/dlq/messages')
        .set(as('admin'))
        .send(deadLetterBody())
        .expect(201);
    }
    for (let i = 0; i < 3; i++) {
      await request(t.server)
        .post('/admin/dlq/messages')
        .set(as('admin'))
        .send(deadLetterBody())
        .expect(503);
    }
    // The filter records asynchronously: wait until the three refusals are in.
    const deadline = Date.now() + 10_000;
    while ((await list('?code=DEPENDENCY_UNAVAILABLE')).items.length < 3) {
      if (Date.now() > deadline) throw new Error('the 503s were not logged');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  async function list(query = ''): Promise<Page> {
    const response = await request(t.server)
      .get(`/admin/errors${query}`)
      .set(as('readonly'))
      .expect(200);
    return response.body as Page;
  }

  it('lists what the error filter recorded, newest first, masked and without stacks', async () => {
    const page = await list();
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(5);
    const times = page.items.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.items[4].id).toBe(oldId);
    const refused = page.items.filter(
      (e) => e.code === 'DEPENDENCY_UNAVAILABLE',
    );
    expect(refused).toHaveLength(3);
    for (const entry of refused) {
      expect(entry).toMatchObject({
        status: 503,
        severity: 'CRITICAL',
        category: 'EXTERNAL_DEPENDENCY',
        context: {
          transport: 'http',
          method: 'POST',
          path: '/admin/dlq/messages',
        },
      });
      expect(entry.requestId).toEqual(expect.any(String));
    }
    const text = JSON.stringify(page);
    expect(text).not.toContain('stack');
    expect(text).not.toContain('/srv/app');
    expect(text).not.toContain(CARD);
    expect(page.items[4].error.message).toMatch(/^charging card .+ failed$/);
  });

  it('filters by code, category, severity, resolution and time', async () => {
    const ids = async (query: string) =>
      (await list(query)).items.map((e) => e.id);
    expect(await ids('?code=INTERNAL')).toEqual([oldId]);
    expect(await ids('?category=TRANSIENT')).toEqual([upstreamId]);
    expect(await ids('?severity=CRITICAL')).toHaveLength(3);
    expect(await ids('?severity=HIGH&category=PERMANENT')).toEqual([oldId]);
    const since = new Date(Date.now() - DAY_MS).toISOString();
    const recent = await ids(`?since=${encodeURIComponent(since)}`);
    expect(recent).toHaveLength(4);
    expect(recent).not.toContain(oldId);
    expect(await ids('?resolved=true')).toEqual([]);
  });

  it('pages with an opaque cursor, every entry once', async () => {
    const all = (await list()).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all);
  });

  it.each([
    '?limit=0',
    '?limit=501',
    '?resolved=maybe',
    '?severity=SEVERE',
    '?code=NOPE',
    '?since=yesterday',
    '?cursor=not-a-cursor',
  ])('refuses %s with 400 in the standard envelope', async (query) => {
    const response = await request(t.server)
      .get(`/admin/errors${query}`)
      .set(as('readonly'))
      .expect(400);
    expect(response.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('counts by code, category, severity, open and resolved, and the last 24 hours', async () => {
    const response = await request(t.server)
      .get('/admin/errors/stats')
      .set(as('readonly'))
      .expect(200);
    expect(response.body).toEqual({
      total: 5,
      open: 5,
      resolved: 0,
      last24h: 4,
      byCode: {
        DEPENDENCY_UNAVAILABLE: 3,
        INTERNAL: 1,
        UPSTREAM_UNAVAILABLE: 1,
      },
      byCategory: { EXTERNAL_DEPENDENCY: 3, PERMANENT: 1, TRANSIENT: 1 },
      bySeverity: { CRITICAL: 3, HIGH: 2 },
    });
  });

  it('lets only an acting token resolve, with a reason, and audits it', async () => {
    const path = `/admin/errors/${oldId}/resolve`;
    const body = { reason: 'card data scrubbed from the message' };
    await request(t.server).post(path).send(body).expect(401);
    const refused = await request(t.server)
      .post(path)
      .set(as('readonly'))
      .send(body)
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await request(t.server).post(path).set(as('bob')).send(body).expect(403);
    const forged = await request(t.server)
      .post(path)
      .set(as('alice'))
      .send({ ...body, resolvedBy: 'mallory' })
      .expect(400);
    expect(forged.body.code).toBe('VALIDATION_FAILED');
    await request(t.server).post(path).set(as('alice')).send({}).expect(400);

    const resolved = await request(t.server)
      .post(path)
      .set(as('alice'))
      .send(body)
      .expect(200);
    expect(resolved.body).toMatchObject({
      id: oldId,
      code: 'INTERNAL',
      resolution: { by: 'alice', reason: body.reason },
    });
    expect(Date.parse(resolved.body.resolution.at)).toBeGreaterThan(
      Date.now() - 60_000,
    );

    const again = await request(t.server)
      .post(path)
      .set(as('carol'))
      .send(body)
      .expect(409);
    expect(again.body).toMatchObject({ status: 409, code: 'CONFLICT' });
    const unknown = await request(t.server)
      .post(`/admin/errors/${randomUUID()}/resolve`)
      .set(as('alice'))
      .send(body)
      .expect(404);
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    expect((await list('?resolved=true')).items).toEqual([
      expect.objectContaining({
        id: oldId,
        resolution: expect.objectContaining({ by: 'alice' }),
      }),
    ]);
    expect((await list('?resolved=false')).items).toHaveLength(4);
    const stats = await request(t.server)
      .get('/admin/errors/stats')
      .set(as('admin'))
      .expect(200);
    expect(stats.body).toMatchObject({ total: 5, open: 4, resolved: 1 });

    const audit = await request(t.server)
      .get('/admin/audit?action=error.resolve')
      .set(as('readonly'))
      .expect(200);
    const entries = audit.body.items as {
      actor: string;
      target: string | null;
      outcome: string;
    }[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'alice',
        target: oldId,
        outcome: 'SUCCEEDED',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'carol',
        target: oldId,
        outcome: 'FAILED',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ actor: 'readonly', outcome: 'REFUSED' }),
    );
  });
});
