import { QueryFailedError } from 'typeorm';
import {
  createErrorClassifier,
  RetriesExhaustedError,
} from '@nest-resilience/resilience';
import { retryUnlessDatabaseTimedOut } from './database-retry.predicate.js';
import { DatabaseTimeoutError } from './database-timeout.error.js';
import { databaseTimeoutRule } from './database-timeout.rule.js';

describe('databaseTimeoutRule', () => {
  const classifier = createErrorClassifier([databaseTimeoutRule]);

  it.each(['acquire', 'connect', 'query'] as const)(
    'answers a database that did not answer (%s) 503 DEPENDENCY_UNAVAILABLE, counted by the breaker',
    (wait) => {
      expect(
        classifier.classify(new DatabaseTimeoutError(wait, 1_000)),
      ).toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        status: 503,
        retryable: true,
        recoverable: true,
        countsAsFailure: true,
        sourceCode: 'DATABASE.TIMEOUT',
      });
    },
  );

  it('sees the timeout through TypeORM and through a retry that gave up', () => {
    const failed = new QueryFailedError(
      'SELECT 1',
      [],
      new DatabaseTimeoutError('query', 2_000),
    );
    expect(classifier.classify(failed).code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(
      classifier.classify(new RetriesExhaustedError('postgres', 3, failed))
        .code,
    ).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('calls a full pool resource exhaustion', () => {
    expect(
      classifier.classify(new DatabaseTimeoutError('acquire', 1_000)).category,
    ).toBe('RESOURCE_EXHAUSTION');
  });
});

describe('retryUnlessDatabaseTimedOut', () => {
  const classifier = createErrorClassifier([databaseTimeoutRule]);
  const decide = (error: unknown) =>
    retryUnlessDatabaseTimedOut(classifier.classify(error), error);

  it('does not wait for a database that did not answer a second time', () => {
    const failed = new QueryFailedError(
      'BEGIN',
      [],
      new DatabaseTimeoutError('query', 2_000),
    );
    expect(decide(failed)).toBe(false);
    expect(decide(new DatabaseTimeoutError('acquire', 1_000))).toBe(false);
  });

  it('retries a failure that came fast, such as a refused connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    expect(decide(refused)).toBe(true);
  });
});
