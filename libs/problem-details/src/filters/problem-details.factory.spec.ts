import { BadRequestException, HttpException } from '@nestjs/common';
import {
  ErrorCategory,
  ErrorSeverity,
  type ErrorClassification,
  PROBLEM_CODES,
  type ProblemCode,
} from '@nest-resilience/resilience';
import { ProblemDetailsFactory } from './problem-details.factory.js';
import { RequestTimeoutError } from './request-timeout.error.js';

function classified(
  code: ProblemCode,
  extra: Partial<ErrorClassification> = {},
): ErrorClassification {
  const row = PROBLEM_CODES[code];
  return {
    code,
    status: row.status,
    category: row.category,
    severity: row.severity,
    retryable: row.retryable,
    recoverable: false,
    countsAsFailure: false,
    rule: 'test',
    ...extra,
  };
}

const occurrence = { requestId: 'r-1', instance: '/x', language: 'en' };
const internalError = new Error('secret /etc/passwd', {
  cause: new Error('SELECT 1'),
});

describe('ProblemDetailsFactory', () => {
  it('adds debug only when asked and not in production', () => {
    const dev = new ProblemDetailsFactory({ exposeDebug: true });
    const prod = new ProblemDetailsFactory({
      exposeDebug: true,
      production: true,
    });
    const quiet = new ProblemDetailsFactory();
    expect(
      dev.create(internalError, classified('INTERNAL'), occurrence).debug,
    ).toMatchObject({
      name: 'Error',
      message: 'secret /etc/passwd',
      stack: expect.stringContaining('secret'),
      causes: ['Error: SELECT 1'],
    });
    expect(
      prod.create(internalError, classified('INTERNAL'), occurrence).debug,
    ).toBeUndefined();
    expect(
      quiet.create(internalError, classified('INTERNAL'), occurrence).debug,
    ).toBeUndefined();
  });

  it('never uses the message of a 5xx, even of an HttpException', () => {
    const problem = new ProblemDetailsFactory().create(
      new HttpException('secret upstream at 10.0.0.5', 503),
      classified('DEPENDENCY_UNAVAILABLE'),
      occurrence,
    );
    expect(problem.detail).toBe(
      'A resource this request needs is currently unavailable.',
    );
  });

  it('uses the safe message of application errors and of 4xx HttpExceptions without a cause', () => {
    const factory = new ProblemDetailsFactory();
    expect(
      factory.create(
        new RequestTimeoutError(5),
        classified('REQUEST_TIMEOUT'),
        occurrence,
      ).detail,
    ).toBe('The request was not completed within 5 ms.');
    expect(
      factory.create(
        new BadRequestException('Bad cursor'),
        classified('VALIDATION_FAILED'),
        occurrence,
      ).detail,
    ).toBe('Bad cursor');
    const wrapped = new BadRequestException('Unexpected token s in JSON', {
      cause: new SyntaxError('x'),
    });
    expect(
      factory.create(wrapped, classified('MALFORMED_JSON'), occurrence).detail,
    ).toBe('The request body is not valid JSON.');
  });

  it('turns the list of a default ValidationPipe into root-pointer field errors', () => {
    const problem = new ProblemDetailsFactory().create(
      new BadRequestException(['name must be a string']),
      classified('VALIDATION_FAILED'),
      occurrence,
    );
    expect(problem.errors).toEqual([
      { pointer: '', message: 'name must be a string' },
    ]);
  });

  it('computes Retry-After only for 429 / 503 that may be retried or are refusals', () => {
    const factory = new ProblemDetailsFactory({ defaultRetryAfterSeconds: 2 });
    expect(
      factory.retryAfterSeconds(
        classified('CIRCUIT_OPEN', { retryAfterMs: 1 }),
      ),
    ).toBe(1);
    expect(
      factory.retryAfterSeconds(
        classified('CIRCUIT_OPEN', { retryAfterMs: 4_001 }),
      ),
    ).toBe(5);
    expect(factory.retryAfterSeconds(classified('BULKHEAD_FULL'))).toBe(2);
    expect(
      factory.retryAfterSeconds(
        classified('RATE_LIMITED', { retryAfterMs: Number.NaN }),
      ),
    ).toBe(2);
    expect(
      factory.retryAfterSeconds(
        classified('DEPENDENCY_UNAVAILABLE', { retryable: false }),
      ),
    ).toBeUndefined();
    expect(
      factory.retryAfterSeconds(classified('UPSTREAM_TIMEOUT')),
    ).toBeUndefined();
  });

  it("passes an upstream's wait on in whole seconds, rounded up so never shorter than asked", () => {
    const factory = new ProblemDetailsFactory({ defaultRetryAfterSeconds: 2 });
    expect(
      factory.retryAfterSeconds(
        classified('UPSTREAM_RATE_LIMITED', { retryAfterMs: 30_000 }),
      ),
    ).toBe(30);
    expect(
      factory.retryAfterSeconds(
        classified('UPSTREAM_RATE_LIMITED', { retryAfterMs: 29_001 }),
      ),
    ).toBe(30);
    expect(
      factory.retryAfterSeconds(
        classified('DEPENDENCY_UNAVAILABLE', { retryAfterMs: 7_500 }),
      ),
    ).toBe(8);
    expect(factory.retryAfterSeconds(classified('UPSTREAM_RATE_LIMITED'))).toBe(
      2,
    );
  });

  it('keeps code, status and type across languages and takes the category from the classification', () => {
    const factory = new ProblemDetailsFactory({
      problemTypeBaseUri: 'urn:problem:',
    });
    const classification = classified('UPSTREAM_ERROR', {
      category: ErrorCategory.SECURITY,
      severity: ErrorSeverity.HIGH,
    });
    const en = factory.create(internalError, classification, occurrence);
    const fr = factory.create(internalError, classification, {
      ...occurrence,
      language: 'fr',
    });
    expect(en).toMatchObject({
      type: 'urn:problem:upstream-error',
      status: 502,
      category: 'SECURITY',
    });
    expect([fr.type, fr.status, fr.code]).toEqual([
      en.type,
      en.status,
      en.code,
    ]);
    expect(fr.title).toBe('Erreur du service amont');
  });
});
