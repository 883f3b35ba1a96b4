import { NotFoundException } from '@nestjs/common';
import {
  AxiosError,
  AxiosHeaders,
  type InternalAxiosRequestConfig,
} from 'axios';
import fc from 'fast-check';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ApplicationError } from '../errors/application.error.js';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import type { ClassificationRule } from './error-classification.interface.js';
import {
  createErrorClassifier,
  UNCLASSIFIED_RULE,
} from './rule-based-error.classifier.js';

const classifier = createErrorClassifier();

const UNCLASSIFIED = {
  code: 'INTERNAL',
  status: 500,
  category: ErrorCategory.PERMANENT,
  severity: ErrorSeverity.HIGH,
  retryable: false,
  recoverable: false,
  countsAsFailure: true,
  rule: UNCLASSIFIED_RULE,
};

function upstreamError(
  status: number,
  headers: Record<string, string> = {},
): AxiosError {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
  return new AxiosError(
    `Request failed with status code ${status}`,
    'ERR_BAD_RESPONSE',
    config,
    {},
    {
      status,
      statusText: '',
      headers: new AxiosHeaders(headers),
      config,
      data: {},
    },
  );
}

function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

const throwing = (): never => {
  throw new Error('getter exploded');
};

const hostileProxy: object = new Proxy(
  {},
  {
    get: throwing,
    has: throwing,
    getPrototypeOf: throwing,
    getOwnPropertyDescriptor: throwing,
    ownKeys: throwing,
  },
);

describe('classify never throws', () => {
  // prettier-ignore
  const junk: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a string', 'ECONNRESET'],
    ['a boolean', false],
    ['a bigint', 10n],
    ['a symbol', Symbol('boom')],
    ['a function', () => undefined],
    ['an empty object', {}],
    ['an object without prototype', Object.create(null)],
    ['an array holding an error', [networkError('ECONNRESET', 'x')]],
    ['an object whose getters throw', Object.defineProperties({}, { code: { get: throwing }, cause: { get: throwing }, name: { get: throwing }, errors: { get: throwing } })],
    ['an axios look-alike whose response throws', Object.defineProperty({ isAxiosError: true }, 'response', { get: throwing })],
    ['a proxy refusing every trap', hostileProxy],
    ['an error caused by that proxy', new Error('x', { cause: hostileProxy })],
    ['an AggregateError holding that proxy', new AggregateError([hostileProxy], '')],
    ['a frozen object with mistyped members', Object.freeze({ code: 42, status: 'bad', response: { status: 'bad' } })],
  ];

  it.each(junk)('%s is INTERNAL', (_name, value) => {
    expect(classifier.classify(value)).toEqual(UNCLASSIFIED);
  });

  it('keeps the code of an unknown error for the logs', () => {
    expect(classifier.classify(networkError('ERR_SOMETHING_NEW', 'x'))).toEqual(
      {
        ...UNCLASSIFIED,
        sourceCode: 'ERR_SOMETHING_NEW',
      },
    );
  });

  it('skips a rule that throws or answers junk', () => {
    const broken: ClassificationRule[] = [
      {
        name: 'throws',
        match: () => {
          throw new Error('rule bug');
        },
      },
      { name: 'unknown code', match: () => ({ code: 'TEAPOT' }) as never },
      { name: 'not an object', match: () => 'NOT_FOUND' as never },
      {
        name: 'throwing code',
        match: () =>
          Object.defineProperty({}, 'code', { get: throwing }) as never,
      },
    ];
    expect(
      createErrorClassifier(broken).classify(networkError('ECONNRESET', 'x')),
    ).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      rule: 'network',
    });
  });

  it('replaces members of the wrong type from a rule written in plain JavaScript', () => {
    const sloppy = {
      name: 'sloppy',
      match: () => ({
        code: 'UPSTREAM_ERROR',
        retryable: 'yes',
        category: 'WHATEVER',
        retryAfterMs: -5,
        upstreamStatus: 9000,
        ignoredByBreaker: 'yes',
      }),
    } as unknown as ClassificationRule;
    expect(createErrorClassifier([sloppy]).classify(new Error('x'))).toEqual({
      code: 'UPSTREAM_ERROR',
      status: 502,
      category: ErrorCategory.TRANSIENT,
      severity: ErrorSeverity.MEDIUM,
      retryable: true,
      recoverable: true,
      countsAsFailure: true,
      rule: 'sloppy',
    });
  });

  it('lets ignoredByBreaker win over a countsAsFailure the same rule gave', () => {
    const both = {
      name: 'both',
      match: () => ({
        code: 'UPSTREAM_ERROR',
        countsAsFailure: true,
        ignoredByBreaker: true,
      }),
    } as ClassificationRule;
    expect(
      createErrorClassifier([both]).classify(new Error('x')),
    ).toMatchObject({ countsAsFailure: false, ignoredByBreaker: true });
  });
});

describe('message text never decides', () => {
  it.each([
    'Request timeout',
    'ETIMEDOUT',
    'Not Found',
    'connect ECONNREFUSED 127.0.0.1:5432',
    'Connection is closed.',
    'deadlock detected',
    '503 Service Unavailable',
    'OOM command not allowed',
  ])('an Error saying %j is INTERNAL', (message) => {
    expect(classifier.classify(new Error(message))).toEqual(UNCLASSIFIED);
    expect(classifier.classify(new TypeError(message))).toEqual(UNCLASSIFIED);
  });

  class OrderNotFoundError extends ApplicationError {
    readonly code = 'ORDERS.NOT_FOUND';
    readonly problem = 'NOT_FOUND';
  }

  const uniqueViolation = (message: string): Error =>
    Object.assign(new Error(message), { code: '23505', severity: 'ERROR' });

  // prettier-ignore
  const templates: [string, (message: string) => unknown][] = [
    ['plain Error', (message) => new Error(message)],
    ['network error', (message) => networkError('ECONNRESET', message)],
    ['network timeout', (message) => networkError('ETIMEDOUT', message)],
    ['upstream 503', (message) => Object.assign(upstreamError(503, { 'retry-after': '4' }), { message })],
    ['upstream 404', (message) => Object.assign(upstreamError(404), { message })],
    ['Nest NotFoundException', (message) => new NotFoundException(message)],
    ['domain error', (message) => new OrderNotFoundError(message)],
    ['unique violation', (message) => new QueryFailedError('INSERT', [], uniqueViolation(message))],
    ['retry wrapper', (message) => new RetriesExhaustedError(message, 3, networkError('ECONNREFUSED', message))],
  ];

  it.each(templates)(
    'a %s classifies the same whatever its message',
    (_name, make) => {
      const baseline = classifier.classify(make('baseline'));
      fc.assert(
        fc.property(fc.string(), (message) => {
          expect(classifier.classify(make(message))).toEqual(baseline);
        }),
        { numRuns: 200 },
      );
    },
  );
});
