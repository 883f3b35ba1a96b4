import request from 'supertest';
import {
  as,
  createTestDatabase,
  startAdminApp,
  type AdminTestApp,
  type TestDatabase,
} from './admin-test.app.js';

const LIMIT = 5;

describe('the admin rate limit', () => {
  let database: TestDatabase;
  let t: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startAdminApp(database, {
      ADMIN_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('answers a principal over its limit 429 RATE_LIMITED with Retry-After, across admin routes', async () => {
    const paths = [
      '/admin/resilience/breakers',
      '/admin/dlq/stats',
      '/admin/audit',
    ];
    for (let n = 0; n < LIMIT; n++) {
      await request(t.server)
        .get(paths[n % paths.length])
        .set(as('alice'))
        .expect(200);
    }
    const limited = await request(t.server)
      .get('/admin/dlq/messages')
      .set(as('alice'));
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(
      /application\/problem\+json/,
    );
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts each principal apart: another token still gets through', async () => {
    await request(t.server)
      .get('/admin/resilience/breakers')
      .set(as('carol'))
      .expect(200);
  });

  it('leaves public routes to the public limit', async () => {
    for (let n = 0; n < LIMIT * 3; n++) {
      await request(t.server).get('/health/liveness').expect(200);
    }
  });

  it('limits requests without a valid token per client, so tokens cannot be guessed freely', async () => {
    const statuses: number[] = [];
    for (let n = 0; n <= LIMIT; n++) {
      const response = await request(t.server)
        .get('/admin/audit')
        .set('Authorization', `Bearer guess-${n}-0123456789abcdef`);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses[LIMIT]).toBe(429);
  });
});
