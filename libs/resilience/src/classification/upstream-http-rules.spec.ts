import axios from 'axios';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const { TRANSIENT, PERMANENT, SECURITY, EXTERNAL_DEPENDENCY } = ErrorCategory;

const classifier = createErrorClassifier();

/** A local upstream: `/status/:code?retry-after=...` answers that status, `/slow` hangs. */
let server: Server;
let baseUrl: string;
let closedPortUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, kind, value] = url.pathname.split('/');
    if (kind === 'slow') {
      setTimeout(() => response.end('late'), 500).unref();
      return;
    }
    const retryAfter = url.searchParams.get('retry-after');
    if (retryAfter !== null) response.setHeader('Retry-After', retryAfter);
    response.statusCode = Number(value);
    response.end(JSON.stringify({ detail: 'upstream says no' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The error axios really throws for an upstream answer. */
async function upstreamError(
  status: number,
  retryAfter?: string,
): Promise<unknown> {
  const query =
    retryAfter === undefined
      ? ''
      : `?retry-after=${encodeURIComponent(retryAfter)}`;
  return axios.get(`${baseUrl}/status/${status}${query}`).then(
    () => expect.unreachable(`status ${status} resolved`),
    (error: unknown) => error,
  );
}

describe('upstream HTTP answers (real axios errors)', () => {
  const credentials = { severity: ErrorSeverity.HIGH };
  // prettier-ignore
  const rows: [string, number, string | undefined, Expected][] = [
    ['408', 408, undefined, outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true)],
    ['429 with Retry-After seconds: busy, not broken, so ignored by the breaker', 429, '7', outcome('UPSTREAM_RATE_LIMITED', 429, EXTERNAL_DEPENDENCY, true, false, true, { retryAfterMs: 7000, ignoredByBreaker: true })],
    ['429 without Retry-After', 429, undefined, outcome('UPSTREAM_RATE_LIMITED', 429, EXTERNAL_DEPENDENCY, true, false, true, { ignoredByBreaker: true })],
    ['401: our credentials refused', 401, undefined, outcome('UPSTREAM_ERROR', 502, SECURITY, false, false, false, credentials)],
    ['403: our credentials refused', 403, undefined, outcome('UPSTREAM_ERROR', 502, SECURITY, false, false, false, credentials)],
    ['404 does not trip a breaker', 404, undefined, outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['404 ignores Retry-After (not retryable)', 404, '5', outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['400', 400, undefined, outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['409', 409, undefined, outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['422', 422, undefined, outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['500', 500, undefined, outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true)],
    ['501', 501, undefined, outcome('UPSTREAM_ERROR', 502, PERMANENT, false, false, false)],
    ['502', 502, undefined, outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true)],
    ['503 with Retry-After: 503 passing the wait on', 503, '3', outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, true, true, { retryAfterMs: 3000, severity: ErrorSeverity.MEDIUM })],
    ['500 with Retry-After keeps its wait for the retry', 500, '3', outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true, { retryAfterMs: 3000 })],
    ['503 without Retry-After', 503, undefined, outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true)],
    ['503 with an unreadable Retry-After', 503, 'soon', outcome('UPSTREAM_ERROR', 502, TRANSIENT, true, true, true)],
    ['504', 504, undefined, outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true)],
  ];

  it.each(rows)('%s', async (_name, status, retryAfter, expected) => {
    const classification = classifier.classify(
      await upstreamError(status, retryAfter),
    );
    expect(classification).toMatchObject({
      ...expected,
      upstreamStatus: status,
      rule: 'upstream-http',
    });
    if (!('retryAfterMs' in expected))
      expect(classification.retryAfterMs).toBeUndefined();
    if (!('ignoredByBreaker' in expected))
      expect(classification).not.toHaveProperty('ignoredByBreaker');
  });

  it('reads Retry-After given as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
      const error = await upstreamError(
        429,
        new Date('2026-03-01T12:00:30Z').toUTCString(),
      );
      expect(classifier.classify(error)).toMatchObject({
        code: 'UPSTREAM_RATE_LIMITED',
        retryAfterMs: 30_000,
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('upstream calls that got no answer', () => {
  const unavailable = outcome(
    'UPSTREAM_UNAVAILABLE',
    502,
    TRANSIENT,
    true,
    true,
    true,
  );

  it('classifies a refused connection by its code', async () => {
    const error = await axios
      .get(closedPortUrl)
      .catch((caught: unknown) => caught);
    expect(classifier.classify(error)).toMatchObject({
      ...unavailable,
      sourceCode: 'ECONNREFUSED',
      rule: 'network',
    });
  });

  it('classifies an axios timeout (ECONNABORTED) as UPSTREAM_TIMEOUT', async () => {
    const error = await axios
      .get(`${baseUrl}/slow`, { timeout: 20 })
      .catch((caught: unknown) => caught);
    expect(classifier.classify(error)).toMatchObject({
      ...outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true),
      sourceCode: 'ECONNABORTED',
      rule: 'network',
    });
  });

  it('does not count a request we cancelled', async () => {
    const controller = new AbortController();
    const pending = axios
      .get(`${baseUrl}/slow`, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await sleep(5);
    controller.abort();
    expect(classifier.classify(await pending)).toMatchObject({
      ...outcome('INTERNAL', 500, PERMANENT, false, false, false),
      sourceCode: 'ERR_CANCELED',
      rule: 'abort-signal',
    });
  });

  it('finds a failed fetch through its cause', async () => {
    const error = await fetch(closedPortUrl).catch((caught: unknown) => caught);
    expect(classifier.classify(error)).toMatchObject({
      ...unavailable,
      sourceCode: 'ECONNREFUSED',
      rule: 'network',
    });
  });
});
