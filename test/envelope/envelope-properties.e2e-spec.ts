import { HttpException } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { PROBLEM_CODES, type ProblemCode } from '@nest-resilience/resilience';
import {
  type ProblemDetails,
  PROBLEM_CATALOG_EN,
} from '@nest-resilience/problem-details';
import {
  BODY_LIMIT_BYTES,
  closedLoopbackUrl,
  startEnvelopeApp,
  type EnvelopeTestApp,
} from './envelope-test.app.js';
import { expectNoSecrets } from './envelope.assertions.js';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const GENERIC_DETAILS = new Set(
  Object.values(PROBLEM_CATALOG_EN).map((m) => m.detail),
);

/** Printable ASCII: what an HTTP client can put in a header value. */
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 200,
});

// Mostly JSON, so that most requests get past the media-type check and exercise the parser,
// the size limit and the validation pipe.
const contentType = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
    ),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=latin-9000',
      'application/merge-patch+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
    ),
    weight: 2,
  },
  { arbitrary: printable, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const body = fc.option(
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    printable,
    fc.constantFrom(
      '{',
      '{"a":',
      '[1,2',
      '{"customerId": }',
      '\u0000\u0001',
      'nul',
      '{"__proto__": {"x": 1}}',
    ),
    fc.constant('x'.repeat(BODY_LIMIT_BYTES * 2)),
    fc.constant(JSON.stringify({ customerId: 'y'.repeat(BODY_LIMIT_BYTES) })),
    fc
      .record({
        customerId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        products: fc.oneof(
          fc.array(
            fc.record({
              productId: fc.string(),
              quantity: fc.oneof(fc.integer(), fc.string()),
            }),
          ),
          fc.jsonValue(),
        ),
        shippingAddress: fc.oneof(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.jsonValue(),
        ),
      })
      .map((v) => JSON.stringify(v)),
  ),
  { nil: undefined },
);

const path = fc.oneof(
  { arbitrary: fc.constant('/orders'), weight: 4 },
  { arbitrary: fc.constant('/echo'), weight: 2 },
  { arbitrary: fc.constantFrom('/errors/%E0%A4%A', '/orders/%zz'), weight: 1 },
  {
    arbitrary: fc
      .array(fc.webSegment(), { minLength: 1, maxLength: 4 })
      .map((s) => `/nothing/${s.join('/')}`),
    weight: 1,
  },
  { arbitrary: fc.webSegment().map((s) => `/errors/x-${s}`), weight: 1 },
);

const clientRequest = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constant('post' as const), weight: 3 },
    { arbitrary: fc.constantFrom('get', 'put', 'patch', 'delete'), weight: 2 },
  ),
  path,
  contentType,
  body,
  requestId: fc.option(
    fc.oneof(printable, fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/)),
    {
      nil: undefined,
    },
  ),
  acceptLanguage: fc.option(printable, { nil: undefined }),
});

/** Every member present and typed, the table's status, the header's request id. */
function expectValidProblem(res: request.Response): ProblemDetails {
  const problem = res.body as ProblemDetails;
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Object.hasOwn(PROBLEM_CODES, problem.code)).toBe(true);
  expect(problem.status).toBe(res.status);
  expect(PROBLEM_CODES[problem.code as ProblemCode].status).toBe(res.status);
  for (const member of [
    'type',
    'title',
    'detail',
    'instance',
    'category',
    'requestId',
    'timestamp',
  ]) {
    expect(typeof (problem as unknown as Record<string, unknown>)[member]).toBe(
      'string',
    );
  }
  expect(typeof problem.retryable).toBe('boolean');
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  expect(problem.debug).toBeUndefined();
  expectNoSecrets(res.text);
  expect(res.text).not.toMatch(/node_modules|\/work\/|\.ts:\d+/);
  return problem;
}

describe('error envelope properties', () => {
  let t: EnvelopeTestApp;
  let server: App;

  beforeAll(async () => {
    const closed = await closedLoopbackUrl();
    t = await startEnvelopeApp({ stub: closed, closed });
    server = t.app.getHttpServer() as App;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('any client request gets a valid problem or a success, never a 5xx, the id kept only when sane', async () => {
    await fc.assert(
      fc.asyncProperty(clientRequest, async (r) => {
        let call = request(server)[r.method](r.path);
        if (r.contentType !== undefined)
          call = call.set('Content-Type', r.contentType);
        if (r.requestId !== undefined)
          call = call.set('X-Request-Id', r.requestId);
        if (r.acceptLanguage !== undefined)
          call = call.set('Accept-Language', r.acceptLanguage);
        const res = await (r.body === undefined ? call : call.send(r.body));
        expect(res.status).toBeLessThan(500);
        const requestId = res.headers['x-request-id'];
        // HTTP drops the whitespace around a header value (RFC 9110 §5.5), so the server sees it trimmed.
        const sentId = r.requestId?.trim();
        if (sentId !== undefined && SANE_ID.test(sentId)) {
          expect(requestId).toBe(sentId);
        } else {
          expect(requestId).toMatch(UUID);
        }
        if (res.status >= 400) expectValidProblem(res);
      }),
      { numRuns: 200 },
    );
  });

  it('any thrown value is answered with a valid problem that reveals nothing of it', async () => {
    const thrown = fc.oneof(
      fc.anything({
        withBoxedValues: true,
        withNullPrototype: true,
        withObjectString: true,
        withMap: true,
        withSet: true,
        withBigInt: true,
        withDate: true,
        withTypedArray: true,
        withSparseArray: true,
      }),
      fc.string().map((m) => new Error(`secret ${m}`)),
      fc
        .string()
        .map(
          (m) => new TypeError(`secret ${m}`, { cause: new Error('SELECT 1') }),
        ),
      fc
        .string()
        .map((m) =>
          Object.assign(new Error(`secret ${m}`), { code: m, status: 418 }),
        ),
      // An HttpException not meant for clients: a 5xx, or a status no client error has.
      fc
        .tuple(
          fc.oneof(
            fc.anything(),
            fc.string().map((m) => `secret ${m}`),
          ),
          fc.oneof(
            fc.integer({ min: 500, max: 599 }),
            fc.integer({ min: 100, max: 399 }),
          ),
        )
        .map(
          ([response, status]) => new HttpException(response as string, status),
        ),
    );
    await fc.assert(
      fc.asyncProperty(thrown, async (value) => {
        t.box.next = value;
        const res = await request(server).get('/throw');
        const problem = expectValidProblem(res);
        expect(GENERIC_DETAILS.has(problem.detail)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
