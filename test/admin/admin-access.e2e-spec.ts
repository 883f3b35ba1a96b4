import request from 'supertest';
import {
  as,
  createTestDatabase,
  startAdminApp,
  type AdminTestApp,
  type TestDatabase,
} from './admin-test.app.js';

const ROUTES: [method: 'get' | 'post', path: string][] = [
  ['get', '/admin/resilience/breakers'],
  ['post', '/admin/resilience/breakers/product-service/open'],
  ['get', '/admin/dlq/messages'],
  ['post', '/admin/dlq/replay'],
  ['get', '/admin/audit'],
];

describe('admin authentication', () => {
  let database: TestDatabase;
  let t: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startAdminApp(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it.each(ROUTES)(
    '%s %s: 401 carries WWW-Authenticate: Bearer realm="admin"',
    async (method, path) => {
      const none = await request(t.server)[method](path);
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      expect(none.headers['www-authenticate']).toBe('Bearer realm="admin"');
      const wrong = await request(t.server)
        [method](path)
        .set('Authorization', 'Bearer not-a-token-0123456789');
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe(
        'Bearer realm="admin", error="invalid_token"',
      );
      const basic = await request(t.server)
        [method](path)
        .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`);
      expect(basic.status).toBe(401);
      expect(basic.headers['www-authenticate']).toBe('Bearer realm="admin"');
    },
  );

  it('lets a named reader read and refuses its actions with 403, without a challenge', async () => {
    await request(t.server)
      .get('/admin/resilience/breakers')
      .set(as('bob'))
      .expect(200);
    const refused = await request(t.server)
      .post('/admin/resilience/breakers/product-service/open')
      .set(as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(refused.headers['www-authenticate']).toBeUndefined();
  });

  it('lets every named full admin act, the single tokens still work', async () => {
    for (const who of ['alice', 'carol', 'admin'] as const) {
      await request(t.server)
        .post('/admin/resilience/breakers/product-service/reset')
        .set(as(who))
        .expect(200);
    }
    await request(t.server).get('/admin/audit').set(as('readonly')).expect(200);
  });
});
