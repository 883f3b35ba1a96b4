import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request, { type Response } from 'supertest';
import { ErrorLogStore } from '@nest-resilience/problem-details';
import { AppModule } from '../../src/app.module.js';
import { BODY_LIMIT_BYTES } from '../../src/configure-app.js';
import { startTestApp } from '../support/test-app.js';
import { createTestSchema, POSTGRES_URL } from '../support/test-schema.js';
import type { TestSchema } from '../support/test-schema.js';
import {
  edgeBody,
  nestedJson,
  type EdgeTarget,
} from './edge-bodies.arbitraries.js';

const ADMIN_TOKEN = 'edge-fuzz-admin-token-0123456789';
const ROUTES: Record<EdgeTarget, { path: string; admin: boolean }> = {
  orders: { path: '/orders', admin: false },
  integration: { path: '/integration/messages', admin: false },
  deadLetters: { path: '/admin/dlq/messages', admin: true },
};
const TARGETS = Object.keys(ROUTES) as EdgeTarget[];
// A stack frame, a path of this machine or of the code, an error's own text.
const INTERNALS = [
  /\bat (?:\S+ )?\(?(?:file:|node:|\/)[^\s"]*:\d+:\d+/,
  /\/work\/|\/home\/|\/usr\/|node_modules|\.[cm]?[jt]s:\d+/,
  /\b[A-Z]\w*Error: /,
];

/** Object.prototype and Array.prototype as they are now, to compare after the run. */
function prototypeSnapshot(): string[] {
  return [
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Array.prototype).map((k) => `[]${k}`),
  ].sort();
}

describe('the HTTP edge under arbitrary bodies (production mode)', () => {
  const saved = { ...process.env };
  const prototypeBefore = prototypeSnapshot();
  let schema: TestSchema;
  let app: NestExpressApplication;
  let startedAt: Date;

  beforeAll(async () => {
    schema = await createTestSchema('edge_fuzz');
    process.env = {
      ...saved,
      NODE_ENV: 'production',
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema.name,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ADMIN_TOKEN,
      DLQ_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '100000',
      ADMIN_RATE_LIMIT_PER_MINUTE: '100000',
      MESSAGING_RELAY: 'false',
    };
    for (const name of ['RABBITMQ_URL', 'NATS_URL', 'BODY_MAX_DEPTH']) {
      delete process.env[name];
    }
    app = await startTestApp(AppModule, { listen: true });
    startedAt = new Date();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    process.env = saved;
    await schema?.drop();
  });

  function post(target: EdgeTarget, body: string | undefined) {
    const route = ROUTES[target];
    let call = request(app.getHttpServer()).post(route.path);
    if (route.admin) call = call.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    if (body === undefined) return call;
    return call.set('Content-Type', 'application/json').send(body);
  }

  /** What every answer at the edge must be, whatever was sent. */
  function expectSafe(res: Response): void {
    expect(res.status).toBeLessThan(500);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    if (res.status < 400) return;
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: res.status });
    expect(typeof res.body.code).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.debug).toBeUndefined();
    for (const internal of INTERNALS) expect(res.text).not.toMatch(internal);
  }

  it.each(TARGETS)(
    '%s: `[` 10,000 times is 400 VALIDATION_FAILED naming the depth limit',
    async (target) => {
      for (const text of [
        '['.repeat(10_000),
        nestedJson(10_000, 'array'),
        nestedJson(10_000, 'object'),
      ]) {
        const res = await post(target, text);
        expectSafe(res);
        // Unbalanced text may be judged malformed first; never anything worse.
        expect(['VALIDATION_FAILED', 'MALFORMED_JSON']).toContain(
          res.body.code,
        );
        if (text !== '['.repeat(10_000)) {
          expect(res.status).toBe(400);
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(res.body.detail).toMatch(/nested too deeply.*32 levels/);
          expect(res.body.errors).toEqual([
            { pointer: '', message: expect.stringContaining('32 levels') },
          ]);
        }
      }
    },
  );

  it('accepts nesting up to the limit: the depth is not what is refused', async () => {
    // 31 levels: the document, then 30 objects in its payload.
    const res = await post(
      'deadLetters',
      `{"source":"edge","destination":"http://127.0.0.1:9/hook","pattern":"edge.deep",` +
        `"error":{"code":"E","message":"failed"},"payload":${nestedJson(30, 'object')}}`,
    );
    expect(res.status).toBe(201);
  });

  it('answers a body over the size limit 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(
      'orders',
      JSON.stringify({ customerId: 'x'.repeat(BODY_LIMIT_BYTES) }),
    );
    expectSafe(res);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends the security headers on successes and errors, without X-Powered-By', async () => {
    for (const res of [
      await request(app.getHttpServer()).get('/health/liveness'),
      await request(app.getHttpServer()).get('/no-such-route'),
    ]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      // Served over plain HTTP: the docs page must not have its scripts upgraded to https.
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    }
  });

  it('never answers 5xx, always a clean envelope, and never pollutes a prototype', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...TARGETS)
          .chain((target) => fc.tuple(fc.constant(target), edgeBody(target))),
        async ([target, body]) => {
          expectSafe(await post(target, body));
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(prototypeSnapshot()).toEqual(prototypeBefore);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('recorded no CRITICAL or HIGH error for anything it was sent', async () => {
    const entries = await app.get(ErrorLogStore).query({ since: startedAt });
    expect(entries.map((e) => `${e.code} ${e.error.message}`)).toEqual([]);
  });
});

describe('BODY_MAX_DEPTH', () => {
  const saved = { ...process.env };
  const dataDir = join(tmpdir(), `edge-depth-${process.pid}`);
  let app: NestExpressApplication;

  beforeAll(async () => {
    process.env = {
      ...saved,
      NODE_ENV: 'test',
      BODY_MAX_DEPTH: '4',
      DATABASE_SQLITE_PATH: join(dataDir, 'app.sqlite'),
      RATE_LIMIT_PER_MINUTE: '100000',
    };
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'RABBITMQ_URL',
      'NATS_URL',
    ]) {
      delete process.env[name];
    }
    app = await startTestApp(AppModule);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets the deepest nesting accepted', async () => {
    const post = (text: string) =>
      request(app.getHttpServer())
        .post('/orders')
        .set('Content-Type', 'application/json')
        .send(text);
    const refused = await post(`{"products":${nestedJson(4, 'array')}}`);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('at most 4 levels');
    // Four levels pass the depth check and fail only the order's own validation.
    const accepted = await post(`{"products":${nestedJson(3, 'array')}}`);
    expect(accepted.status).toBe(400);
    expect(accepted.body.detail).not.toContain('levels');
    expect(accepted.body.errors).toContainEqual(
      expect.objectContaining({ pointer: '/customerId' }),
    );
  });
});
