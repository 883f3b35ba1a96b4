import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { buildDeadLetterOpenApi } from '@nest-resilience/dead-letters';
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

const PROBLEM_JSON = /application\/problem\+json/;
const byText = (a: string, b: string) => a.localeCompare(b);

describe.each(DRIVERS)(
  'dead letter admin API access and input on %s',
  (driver) => {
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

    describe('authentication', () => {
      const routes: [
        label: string,
        method: 'get' | 'post',
        path: (id: string) => string,
        body?: object,
      ][] = [
        ['GET /messages', 'get', () => '/admin/dlq/messages'],
        ['GET /messages/:id', 'get', (id) => `/admin/dlq/messages/${id}`],
        ['GET /stats', 'get', () => '/admin/dlq/stats'],
        ['GET /replay', 'get', () => '/admin/dlq/replay'],
        [
          'POST /messages',
          'post',
          () => '/admin/dlq/messages',
          deadLetterBody(),
        ],
        [
          'POST /messages/:id/replay',
          'post',
          (id) => `/admin/dlq/messages/${id}/replay`,
        ],
        [
          'POST /messages/:id/resolve',
          'post',
          (id) => `/admin/dlq/messages/${id}/resolve`,
          { reason: 'done' },
        ],
        ['POST /replay', 'post', () => '/admin/dlq/replay', {}],
      ];

      it.each(routes)(
        '%s: 401 without a token or with a wrong one',
        async (_label, method, path, body) => {
          const { id } = await create();
          for (const headers of [
            {},
            { Authorization: 'Bearer wrong-token-0123456789' },
            { Authorization: 'Basic abc' },
          ]) {
            const response = await request(t.server)
              [method](path(id))
              .set(headers)
              .send(body);
            expect(response.status).toBe(401);
            expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
            expect(response.body.code).toBe('UNAUTHENTICATED');
          }
        },
      );

      it.each(routes)(
        '%s: the read-only token may read, not act',
        async (_label, method, path, body) => {
          const { id } = await create();
          const response = await request(t.server)
            [method](path(id))
            .set(reader)
            .send(body);
          if (method === 'get') {
            expect(response.status).toBe(200);
          } else {
            expect(response.status).toBe(403);
            expect(response.body.code).toBe('FORBIDDEN');
          }
        },
      );

      it.each(routes)(
        '%s: the admin token may read and act',
        async (_label, method, path, body) => {
          stub.on('POST', '/ok').reply({ status: 200 });
          const { id } = await create({ destination: `${stub.url}/ok` });
          const response = await request(t.server)
            [method](path(id))
            .set(admin)
            .send(body);
          expect([200, 201, 202]).toContain(response.status);
        },
      );
    });

    it('answers 404 NOT_FOUND for an id that matches nothing, on every route', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const responses = await Promise.all([
        request(t.server).get(`/admin/dlq/messages/${missing}`).set(admin),
        request(t.server).get('/admin/dlq/messages/not-a-uuid').set(admin),
        request(t.server)
          .post(`/admin/dlq/messages/${missing}/replay`)
          .set(admin),
        request(t.server)
          .post(`/admin/dlq/messages/${missing}/resolve`)
          .set(admin)
          .send({ reason: 'x' }),
        request(t.server).get(`/admin/dlq/replay/${missing}`).set(admin),
        request(t.server)
          .post(`/admin/dlq/replay/${missing}/cancel`)
          .set(admin),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      }
    });

    it.each([
      ['a missing source', deadLetterBody({ source: undefined }), '/source'],
      [
        'a payload left out',
        deadLetterBody({ payload: undefined }),
        '/payload',
      ],
      [
        'an unknown category',
        deadLetterBody({
          error: { code: 'X', message: 'm', category: 'NOPE' },
        }),
        '/error/category',
      ],
      [
        'headers that are not strings',
        deadLetterBody({ headers: { a: 1 } }),
        '/headers',
      ],
      ['an unknown member', deadLetterBody({ extra: true }), '/extra'],
    ])(
      'refuses %s with 400 VALIDATION_FAILED',
      async (_label, body, pointer) => {
        const response = await request(t.server)
          .post('/admin/dlq/messages')
          .set(admin)
          .send(body)
          .expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(
          response.body.errors.map((e: { pointer: string }) => e.pointer),
        ).toContain(pointer);
      },
    );

    it.each([
      ['limit=0'],
      ['limit=501'],
      ['status=LOST'],
      ['category=NOPE'],
      ['from=yesterday'],
      ['cursor=bm90LWEtY3Vyc29y'],
    ])(
      'refuses the listing query %s with 400 VALIDATION_FAILED',
      async (query) => {
        const response = await request(t.server)
          .get(`/admin/dlq/messages?${query}`)
          .set(admin)
          .expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('documents every route in OpenAPI, the error log included, behind bearer auth', () => {
      const document = buildDeadLetterOpenApi(t.app);
      expect(Object.keys(document.paths).sort(byText)).toEqual(
        [
          '/admin/dlq/messages',
          '/admin/dlq/messages/{id}',
          '/admin/dlq/messages/{id}/replay',
          '/admin/dlq/messages/{id}/resolve',
          '/admin/dlq/replay',
          '/admin/dlq/replay/{jobId}',
          '/admin/dlq/replay/{jobId}/cancel',
          '/admin/dlq/stats',
          '/admin/errors',
          '/admin/errors/stats',
          '/admin/errors/{id}/resolve',
        ].sort(byText),
      );
      expect(document.components?.securitySchemes).toHaveProperty('bearer');
      expect(document.paths['/admin/dlq/messages'].post?.security).toEqual([
        { bearer: [] },
      ]);
      expect(document.components?.schemas).toHaveProperty(
        'CreateDeadLetterDto',
      );
    });
  },
);
