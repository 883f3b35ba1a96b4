import { StubHttpServer } from '@nest-resilience/resilience/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import {
  closedLoopbackUrl,
  startEnvelopeApp,
  type EnvelopeTestApp,
} from './envelope-test.app.js';
import { expectProblem } from './envelope.assertions.js';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id and language', () => {
  let stub: StubHttpServer;
  let t: EnvelopeTestApp;
  let server: App;

  beforeAll(async () => {
    stub = await StubHttpServer.start();
    stub.on('GET', '/echo').reply({ status: 200, body: { ok: true } });
    t = await startEnvelopeApp({
      stub: stub.url,
      closed: await closedLoopbackUrl(),
    });
    server = t.app.getHttpServer() as App;
  });

  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  it('echoes a sane incoming X-Request-Id in header, body and log line', async () => {
    const res = await request(server)
      .get('/errors/not-found')
      .set('X-Request-Id', 'abc-123:x.y_z');
    const body = expectProblem(res, 'NOT_FOUND', t.logger);
    expect(body.requestId).toBe('abc-123:x.y_z');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['spaces', 'abc 123'],
    ['quotes and brackets', '"><script>'],
    ['a log-forging newline-free but comma-joined pair', 'a,b'],
  ])(
    'replaces an insane X-Request-Id (%s) with a fresh UUID',
    async (_case, id) => {
      const res = await request(server)
        .get('/errors/not-found')
        .set('X-Request-Id', id);
      const body = expectProblem(res, 'NOT_FOUND', t.logger);
      expect(body.requestId).toMatch(UUID);
      expect(res.text).not.toContain(id);
    },
  );

  it('generates an id when none is sent, and a new one per request', async () => {
    const first = await request(server).get('/errors/not-found');
    const second = await request(server).get('/errors/not-found');
    expect(first.body.requestId).toMatch(UUID);
    expect(second.body.requestId).toMatch(UUID);
    expect(first.body.requestId).not.toBe(second.body.requestId);
  });

  it('sets X-Request-Id on successful responses, prefixes log lines and forwards it to upstreams', async () => {
    const res = await request(server)
      .get('/context')
      .set('X-Request-Id', 'trace-77')
      .expect(200);
    expect(res.headers['x-request-id']).toBe('trace-77');
    expect(res.body).toEqual({ requestId: 'trace-77' });
    expect(
      t.logger.find('[requestId=trace-77]', 'handling /context'),
    ).toHaveLength(1);
    const [outbound] = stub.requests('GET', '/echo');
    expect(outbound.headers['x-request-id']).toBe('trace-77');
  });

  it('answers in German for Accept-Language de, with the same code, status and type', async () => {
    const german = await request(server)
      .get('/errors/internal')
      .set('Accept-Language', 'fr;q=0.5, de-CH;q=0.9, en;q=0.1');
    const english = await request(server).get('/errors/internal');
    const de = expectProblem(german, 'INTERNAL', t.logger);
    const en = expectProblem(english, 'INTERNAL', t.logger);
    expect(de.title).toBe('Interner Fehler');
    expect(en.title).toBe('Internal error');
    expect(de.detail).not.toBe(en.detail);
    expect([de.code, de.status, de.type]).toEqual([
      en.code,
      en.status,
      en.type,
    ]);
  });

  it('falls back to English for an unsupported or malformed Accept-Language', async () => {
    for (const header of ['ja-JP', ';;;q=abc,,', 'de;q=0, *']) {
      const res = await request(server)
        .get('/errors/conflict')
        .set('Accept-Language', header);
      expect(expectProblem(res, 'CONFLICT').title).toBe('Conflict');
    }
  });
});
