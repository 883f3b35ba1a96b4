import request from 'supertest';
import {
  as,
  createTestDatabase,
  startAdminApp,
  type AdminTestApp,
  type TestDatabase,
} from '../admin/admin-test.app.js';

describe('Feature toggles in the application as main.ts starts it', () => {
  let database: TestDatabase;
  let t: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startAdminApp(database, {
      FEATURE__PRODUCT_AVAILABILITY_CHECK: 'false',
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('lists the shipped toggle, switched by its FEATURE__ variable, to readers too', async () => {
    const res = await request(t.server)
      .get('/admin/features')
      .set(as('readonly'))
      .expect(200);
    expect(res.body.features).toEqual([
      {
        name: 'product-availability-check',
        enabled: false,
        source: 'config',
        description: expect.stringContaining('product service'),
        configuredEnabled: false,
        changedBy: null,
        changedAt: null,
      },
    ]);
  });

  it('lets admins switch it, in the audit log under their name, and refuses readers', async () => {
    const res = await request(t.server)
      .put('/admin/features/product-availability-check')
      .set(as('alice'))
      .send({ enabled: true })
      .expect(200);
    expect(res.body).toMatchObject({
      enabled: true,
      source: 'runtime',
      configuredEnabled: false,
      changedBy: 'alice',
    });
    await request(t.server)
      .put('/admin/features/product-availability-check')
      .set(as('bob'))
      .send({ enabled: false })
      .expect(403);
    await request(t.server)
      .put('/admin/features/product-availability-check')
      .send({ enabled: false })
      .expect(401);

    const audit = await request(t.server)
      .get('/admin/audit?action=feature.set')
      .set(as('admin'))
      .expect(200);
    expect(
      audit.body.items.map(
        (e: { actor: string; outcome: string; target: string }) => [
          e.actor,
          e.outcome,
          e.target,
        ],
      ),
    ).toEqual([
      ['bob', 'REFUSED', 'product-availability-check'],
      ['alice', 'SUCCEEDED', 'product-availability-check'],
    ]);
  });
});
