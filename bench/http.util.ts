import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

/** What autocannon sends. */
export interface LoadOptions {
  durationS?: number;
  connections?: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Error answers are what is measured (else any non-2xx answer fails the run). */
  errorsExpected?: boolean;
}

/** Requests per second autocannon reaches against a listening app, on loopback. */
export async function requestsPerSecond(
  app: INestApplication,
  path: string,
  options: LoadOptions = {},
): Promise<number> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return urlRequestsPerSecond(`http://127.0.0.1:${port}${path}`, options);
}

/**
 * Requests per second autocannon reaches against `url`.
 * @throws when a request failed, timed out or (unless `errorsExpected`) was answered with
 * anything but 2xx: the figure would measure errors, not the work
 */
export async function urlRequestsPerSecond(
  url: string,
  options: LoadOptions = {},
): Promise<number> {
  return (await loadUrl(url, options)).perSecond;
}

/** What one load run served. */
export interface LoadResult {
  /** Requests answered. */
  requests: number;
  perSecond: number;
}

/**
 * Loads `url` with autocannon for `durationS`.
 * @throws as {@link urlRequestsPerSecond}
 */
export async function loadUrl(
  url: string,
  {
    durationS = 5,
    connections = 32,
    method = 'GET',
    body,
    headers,
    errorsExpected = false,
  }: LoadOptions = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    method,
    body,
    headers,
  });
  const failed = result.errors + result.timeouts;
  if (failed > 0 || (!errorsExpected && result.non2xx > 0)) {
    throw new Error(
      `${method} ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ` +
        `${result.timeouts} timeouts in ${result.requests.total} requests`,
    );
  }
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || durationS),
  };
}
