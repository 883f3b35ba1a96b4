import type { Response } from 'supertest';
import { PROBLEM_CODES, type ProblemCode } from '@nest-resilience/resilience';
import type { ProblemDetails } from '@nest-resilience/problem-details';
import type { CapturingLogger } from './capturing.logger.js';
import { SECRETS } from './envelope-test.errors.js';

const MEMBERS = [
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'category',
  'retryable',
  'requestId',
  'timestamp',
] as const;

/**
 * Checks a response is a complete problem document for `code`: content type, every member
 * with the right type, `status` equal to the HTTP status and the table's, the request id in
 * header, body and a log line, no internals anywhere. Returns the body.
 */
export function expectProblem(
  res: Response,
  code: ProblemCode,
  logger?: CapturingLogger,
): ProblemDetails {
  const body = res.body as ProblemDetails;
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.status).toBe(PROBLEM_CODES[code].status);
  expect(Object.keys(body)).toEqual(expect.arrayContaining([...MEMBERS]));
  expect(body.status).toBe(res.status);
  expect(body.code).toBe(code);
  expect(body.type).toBe(
    `https://errors.resilience.dev/${code.toLowerCase().replaceAll('_', '-')}`,
  );
  expect(typeof body.title).toBe('string');
  expect(body.title.length).toBeGreaterThan(0);
  expect(typeof body.detail).toBe('string');
  expect(body.detail.length).toBeGreaterThan(0);
  expect(typeof body.instance).toBe('string');
  expect(body.category).toBe(PROBLEM_CODES[code].category);
  expect(typeof body.retryable).toBe('boolean');
  expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
  expect(body.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(res.headers['x-request-id']).toBe(body.requestId);
  expect(body.debug).toBeUndefined();
  expectNoSecrets(res.text);
  if (logger) {
    const lines = logger.find(
      `requestId=${body.requestId}`,
      code,
      String(body.status),
    );
    expect(lines).toHaveLength(1);
  }
  return body;
}

/** Asserts `text` contains none of the internals planted in failing handlers. */
export function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\bat .+:\d+:\d+\)?/);
}
