import { NotFoundException } from '@nestjs/common';
import {
  AxiosError,
  AxiosHeaders,
  isAxiosError,
  type InternalAxiosRequestConfig,
} from 'axios';
import { describe, expect, it } from 'vitest';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { MAX_CAUSE_DEPTH } from './error-chain.util.js';
import type { ClassificationRule } from './error-classification.interface.js';
import { ErrorClassifier } from './error-classifier.js';
import {
  createErrorClassifier,
  RuleBasedErrorClassifier,
  UNCLASSIFIED_RULE,
} from './rule-based-error.classifier.js';
import { DEFAULT_CLASSIFICATION_RULES } from './rules/default-classification-rules.constants.js';

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

/** The error axios throws for an upstream answer with this status. */
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
      data: { detail: 'nope' },
    },
  );
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.7:443`), {
    code,
    syscall: 'connect',
  });
}

/** `depth` plain wrappers around a network error. */
function wrapped(depth: number): unknown {
  let error: unknown = networkError('ECONNRESET');
  for (let index = 0; index < depth; index++) {
    error = new Error(`wrapper ${index}`, { cause: error });
  }
  return error;
}

describe('RuleBasedErrorClassifier', () => {
  it('is the ErrorClassifier port, with the built-in rules by default', () => {
    expect(classifier).toBeInstanceOf(ErrorClassifier);
    expect(
      new RuleBasedErrorClassifier().classify(networkError('ECONNRESET')).code,
    ).toBe('UPSTREAM_UNAVAILABLE');
    expect(
      new RuleBasedErrorClassifier([]).classify(networkError('ECONNRESET')),
    ).toEqual({
      ...UNCLASSIFIED,
      sourceCode: 'ECONNRESET',
    });
  });

  describe('cause chain', () => {
    it('looks through RetriesExhaustedError to the last attempt', () => {
      const lastAttempt = upstreamError(503, { 'retry-after': '2' });
      const error = new RetriesExhaustedError(
        'product-service',
        3,
        lastAttempt,
      );
      expect(classifier.classify(error)).toEqual({
        code: 'DEPENDENCY_UNAVAILABLE',
        status: 503,
        category: ErrorCategory.TRANSIENT,
        severity: ErrorSeverity.MEDIUM,
        retryable: true,
        recoverable: true,
        countsAsFailure: true,
        retryAfterMs: 2000,
        sourceCode: 'ERR_BAD_RESPONSE',
        upstreamStatus: 503,
        rule: 'upstream-http',
      });
    });

    it('follows the causes of plain wrappers', () => {
      expect(classifier.classify(wrapped(3))).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        sourceCode: 'ECONNRESET',
      });
    });

    it('lets a rule on the outer error win over every rule on its cause', () => {
      const error = new NotFoundException('Order not found', {
        cause: networkError('ECONNRESET'),
      });
      expect(classifier.classify(error)).toMatchObject({
        code: 'NOT_FOUND',
        rule: 'nest-http-exception',
      });
    });

    it("reads an AggregateError's errors in order, after its own cause", () => {
      const errors = [
        new Error('first'),
        networkError('ECONNREFUSED'),
        networkError('ETIMEDOUT'),
      ];
      expect(classifier.classify(new AggregateError(errors, ''))).toMatchObject(
        {
          code: 'UPSTREAM_UNAVAILABLE',
          sourceCode: 'ECONNREFUSED',
        },
      );
      const withCause = new AggregateError([networkError('ECONNREFUSED')], '', {
        cause: networkError('ETIMEDOUT'),
      });
      expect(classifier.classify(withCause)).toMatchObject({
        code: 'UPSTREAM_TIMEOUT',
        sourceCode: 'ETIMEDOUT',
      });
    });

    it('ends on cyclic causes, still finding what is on the cycle', () => {
      const first = new Error('first');
      (first as { cause?: unknown }).cause = new Error('second', {
        cause: first,
      });
      expect(classifier.classify(first)).toEqual(UNCLASSIFIED);

      const self = new Error('self');
      (self as { cause?: unknown }).cause = self;
      expect(classifier.classify(self)).toEqual(UNCLASSIFIED);

      const reset = networkError('ECONNRESET');
      const outer = new Error('outer', {
        cause: new Error('middle', { cause: reset }),
      });
      (reset as { cause?: unknown }).cause = outer;
      expect(classifier.classify(outer).code).toBe('UPSTREAM_UNAVAILABLE');

      const members: unknown[] = [];
      const aggregate = new AggregateError(members, '');
      members.push(aggregate, aggregate);
      expect(classifier.classify(aggregate)).toEqual(UNCLASSIFIED);
    });

    it(`stops after ${MAX_CAUSE_DEPTH} links`, () => {
      expect(classifier.classify(wrapped(MAX_CAUSE_DEPTH)).code).toBe(
        'UPSTREAM_UNAVAILABLE',
      );
      expect(classifier.classify(wrapped(MAX_CAUSE_DEPTH + 1))).toEqual(
        UNCLASSIFIED,
      );
      expect(classifier.classify(wrapped(10_000))).toEqual(UNCLASSIFIED);
    });
  });

  describe('application rules', () => {
    const upstreamNotFound: ClassificationRule = {
      name: 'product-not-found',
      match: (error) =>
        isAxiosError(error) && error.response?.status === 404
          ? { code: 'NOT_FOUND', upstreamStatus: 404 }
          : undefined,
    };

    it('win over the built-in rules', () => {
      expect(classifier.classify(upstreamError(404))).toMatchObject({
        code: 'UPSTREAM_ERROR',
        rule: 'upstream-http',
      });
      expect(
        createErrorClassifier([upstreamNotFound]).classify(upstreamError(404)),
      ).toEqual({
        code: 'NOT_FOUND',
        status: 404,
        category: ErrorCategory.PERMANENT,
        severity: ErrorSeverity.LOW,
        retryable: false,
        recoverable: false,
        countsAsFailure: false,
        sourceCode: 'ERR_BAD_RESPONSE',
        upstreamStatus: 404,
        rule: 'product-not-found',
      });
    });

    it('leave the built-in list untouched', () => {
      const before = [...DEFAULT_CLASSIFICATION_RULES];
      createErrorClassifier([upstreamNotFound]);
      expect(DEFAULT_CLASSIFICATION_RULES).toEqual(before);
      expect(Object.isFrozen(DEFAULT_CLASSIFICATION_RULES)).toBe(true);
    });

    it('get the defaults of their code for what they leave out', () => {
      const answering = (
        match: ReturnType<ClassificationRule['match']>,
      ): ClassificationRule => ({
        name: 'answering',
        match: () => match,
      });
      const classify = (match: ReturnType<ClassificationRule['match']>) =>
        createErrorClassifier([answering(match)]).classify(new Error('x'));

      expect(classify({ code: 'CONFLICT' })).toMatchObject({
        retryable: false,
        recoverable: false,
        countsAsFailure: false,
      });
      expect(classify({ code: 'UPSTREAM_UNAVAILABLE' })).toMatchObject({
        retryable: true,
        recoverable: true,
        countsAsFailure: true,
      });
      expect(
        classify({ code: 'INTERNAL', category: ErrorCategory.DATA_CORRUPTION }),
      ).toMatchObject({ countsAsFailure: true, recoverable: false });
      expect(
        classify({ code: 'INTERNAL', category: ErrorCategory.CONFIGURATION }),
      ).toMatchObject({ countsAsFailure: false, recoverable: false });
    });
  });
});
