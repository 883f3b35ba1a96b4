import { StubHttpServer } from '@nest-resilience/resilience/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { ErrorSeverity } from '@nest-resilience/resilience';
import {
  BODY_LIMIT_BYTES,
  closedLoopbackUrl,
  startEnvelopeApp,
  type EnvelopeTestApp,
} from './envelope-test.app.js';
import { expectProblem } from './envelope.assertions.js';

const validOrder = {
  customerId: 'c-1',
  products: [{ productId: 'p-1', quantity: 2 }],
  shippingAddress: {
    street: '1 Main St',
    city: 'Springfield',
    state: 'IL',
    zipCode: '62701',
    country: 'US',
  },
};

describe('error envelope over HTTP: one test per code', () => {
  let stub: StubHttpServer;
  let t: EnvelopeTestApp;
  let server: App;

  beforeAll(async () => {
    stub = await StubHttpServer.start();
    stub
      .on('GET', '/rate-limited')
      .reply({ status: 429, headers: { 'Retry-After': '7' } });
    stub
      .on('GET', '/boom')
      .reply({ status: 500, body: { error: 'secret db.internal 10.0.0.5' } });
    stub.on('GET', '/slow').reply({ status: 200, delayMs: 5_000 });
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

  it('accepts a valid order (the pipe and parser let good input through)', async () => {
    const res = await request(server)
      .post('/orders')
      .send(validOrder)
      .expect(201);
    expect(res.body).toEqual({ id: 'order-of-c-1', status: 'PENDING' });
  });

  it('VALIDATION_FAILED 400 with JSON Pointers into nested objects and arrays', async () => {
    const res = await request(server)
      .post('/orders')
      .send({
        ...validOrder,
        products: [{ productId: 'p-1', quantity: 0 }],
        shippingAddress: { ...validOrder.shippingAddress, zipCode: 'abc' },
        unexpected: true,
      });
    const body = expectProblem(res, 'VALIDATION_FAILED', t.logger);
    expect(body.retryable).toBe(false);
    expect(body.instance).toBe('/orders');
    const pointers = body.errors?.map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/products/0/quantity',
        '/shippingAddress/zipCode',
        '/unexpected',
      ]),
    );
    expect(
      body.errors?.find((e) => e.pointer === '/products/0/quantity')?.message,
    ).toMatch(/quantity must not be less than 1/);
  });

  it('MALFORMED_JSON 400 for a body that does not parse, without quoting it back', async () => {
    const res = await request(server)
      .post('/orders')
      .set('Content-Type', 'application/json')
      .send('{"customerId": "c-1", secret');
    const body = expectProblem(res, 'MALFORMED_JSON', t.logger);
    expect(body.errors).toBeUndefined();
    expect(body.detail).toBe('The request body is not valid JSON.');
  });

  it('UNAUTHENTICATED 401', async () => {
    const body = expectProblem(
      await request(server).get('/errors/unauthenticated'),
      'UNAUTHENTICATED',
      t.logger,
    );
    expect(body.detail).toBe('A bearer token is required.');
  });

  it('FORBIDDEN 403', async () => {
    const body = expectProblem(
      await request(server).get('/errors/forbidden'),
      'FORBIDDEN',
      t.logger,
    );
    expect(body.detail).toBe('Read-only tokens cannot act.');
  });

  it('NOT_FOUND 404 from a domain error, with its safe message', async () => {
    const body = expectProblem(
      await request(server).get('/errors/not-found'),
      'NOT_FOUND',
      t.logger,
    );
    expect(body.detail).toBe('Order 42 was not found.');
    expect(body.instance).toBe('/errors/not-found');
  });

  it('NOT_FOUND 404 for an unknown route', async () => {
    const res = await request(server).get('/no/such/route?token=abc');
    const body = expectProblem(res, 'NOT_FOUND', t.logger);
    expect(body.instance).toBe('/no/such/route');
  });

  it('CONFLICT 409', async () => {
    const body = expectProblem(
      await request(server).get('/errors/conflict'),
      'CONFLICT',
      t.logger,
    );
    expect(body.detail).toBe('A delivered order cannot be cancelled.');
    expect(body.category).toBe('BUSINESS_LOGIC');
  });

  it('PAYLOAD_TOO_LARGE 413 for a body over the parser limit', async () => {
    const res = await request(server)
      .post('/orders')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ customerId: 'x'.repeat(BODY_LIMIT_BYTES * 2) }));
    expectProblem(res, 'PAYLOAD_TOO_LARGE', t.logger);
  });

  it('UNSUPPORTED_MEDIA_TYPE 415 for a non-JSON body', async () => {
    const res = await request(server)
      .post('/orders')
      .set('Content-Type', 'text/plain')
      .send('customerId=c-1');
    expectProblem(res, 'UNSUPPORTED_MEDIA_TYPE', t.logger);
  });

  it('UNSUPPORTED_MEDIA_TYPE 415 for a JSON body in a charset the parser refuses', async () => {
    const res = await request(server)
      .post('/orders')
      .set('Content-Type', 'application/json; charset=latin-9000')
      .send('{}');
    expectProblem(res, 'UNSUPPORTED_MEDIA_TYPE', t.logger);
  });

  it('a POST without a body passes the media-type check', async () => {
    const res = await request(server).post('/echo');
    expect(res.status).toBe(200);
  });

  it('IDEMPOTENCY_KEY_REUSED 422', async () => {
    const body = expectProblem(
      await request(server).get('/errors/idempotency'),
      'IDEMPOTENCY_KEY_REUSED',
      t.logger,
    );
    expect(body.detail).toBe(
      'This Idempotency-Key was used with a different body.',
    );
  });

  it('RATE_LIMITED 429 keeps the Retry-After the limiter set', async () => {
    const res = await request(server).get('/errors/rate-limited');
    const body = expectProblem(res, 'RATE_LIMITED', t.logger);
    expect(res.headers['retry-after']).toBe('42');
    expect(body.retryable).toBe(true);
  });

  it('UPSTREAM_RATE_LIMITED 429 passes on the upstream Retry-After', async () => {
    const res = await request(server).get('/errors/upstream-rate-limited');
    const body = expectProblem(res, 'UPSTREAM_RATE_LIMITED', t.logger);
    expect(res.headers['retry-after']).toBe('7');
    expect(body.retryable).toBe(true);
  });

  it('INTERNAL 500 leaks nothing of the error, and logs and records it in full', async () => {
    const res = await request(server).get('/errors/internal');
    const body = expectProblem(res, 'INTERNAL', t.logger);
    expect(body.detail).toBe(
      'An unexpected error occurred. Quote the request id when reporting it.',
    );
    expect(res.headers['retry-after']).toBeUndefined();
    const [line] = t.logger.find(`requestId=${body.requestId}`);
    expect(line.level).toBe('error');
    expect(line.stack).toContain('secret /etc/passwd');
    const [entry] = t.errorLog.query({ requestId: body.requestId });
    expect(entry).toMatchObject({
      code: 'INTERNAL',
      severity: ErrorSeverity.HIGH,
      context: { transport: 'http', method: 'GET', path: '/errors/internal' },
      error: { name: 'Error', message: expect.stringContaining('secret') },
    });
  });

  it('UPSTREAM_UNAVAILABLE 502 when the upstream port is closed', async () => {
    const res = await request(server).get('/errors/upstream-unavailable');
    const body = expectProblem(res, 'UPSTREAM_UNAVAILABLE', t.logger);
    expect(body.retryable).toBe(true);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.text).not.toContain('127.0.0.1');
  });

  it('UPSTREAM_ERROR 502 when the upstream answers 500', async () => {
    const res = await request(server).get('/errors/upstream-error');
    expectProblem(res, 'UPSTREAM_ERROR', t.logger);
    expect(res.text).not.toContain('127.0.0.1');
  });

  it('CIRCUIT_OPEN 503 with Retry-After rounded up from the time to the next probe', async () => {
    const res = await request(server).get('/errors/circuit-open');
    const body = expectProblem(res, 'CIRCUIT_OPEN', t.logger);
    expect(res.headers['retry-after']).toBe('3');
    expect(body.retryable).toBe(true);
    expect(body.detail).not.toContain('product-service');
    // A refusal of the library's own: logged without a stack, so an outage does not flood the log.
    const [line] = t.logger.find(`requestId=${body.requestId}`);
    expect(line.level).toBe('warn');
    expect(line.stack).toBeUndefined();
  });

  it('BULKHEAD_FULL 503 with the default Retry-After', async () => {
    const res = await request(server).get('/errors/bulkhead-full');
    const body = expectProblem(res, 'BULKHEAD_FULL', t.logger);
    expect(res.headers['retry-after']).toBe('1');
    expect(body.retryable).toBe(true);
  });

  it('DEPENDENCY_UNAVAILABLE 503 for a lost database, with Retry-After and no host', async () => {
    const res = await request(server).get('/errors/dependency-unavailable');
    const body = expectProblem(res, 'DEPENDENCY_UNAVAILABLE', t.logger);
    expect(res.headers['retry-after']).toBe('1');
    expect(t.errorLog.query({ requestId: body.requestId })[0]?.severity).toBe(
      ErrorSeverity.CRITICAL,
    );
  });

  it('UPSTREAM_TIMEOUT 504 when the upstream is slower than the call timeout', async () => {
    const res = await request(server).get('/errors/upstream-timeout');
    expectProblem(res, 'UPSTREAM_TIMEOUT', t.logger);
  });

  it('4xx are logged without a stack, below error level, and not recorded', async () => {
    const res = await request(server).get('/errors/conflict');
    const [line] = t.logger.find(`requestId=${res.body.requestId}`);
    expect(['debug', 'warn']).toContain(line.level);
    expect(line.stack).toBeUndefined();
    expect(t.errorLog.query({ requestId: res.body.requestId })).toEqual([]);
  });
});

describe('error envelope over HTTP: request timeout', () => {
  let t: EnvelopeTestApp;

  beforeAll(async () => {
    const closed = await closedLoopbackUrl();
    t = await startEnvelopeApp(
      { stub: closed, closed },
      { requestTimeoutMs: 100 },
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('REQUEST_TIMEOUT 408 once the configured budget is spent', async () => {
    const res = await request(t.app.getHttpServer() as App).get('/slow');
    const body = expectProblem(res, 'REQUEST_TIMEOUT', t.logger);
    expect(body.detail).toBe('The request was not completed within 100 ms.');
    expect(body.retryable).toBe(true);
  });
});
