import { QueryFailedError } from 'typeorm';
import { createErrorClassifier } from '@nest-resilience/resilience';
import { GuardedPgClient } from './guarded-pg.client.js';
import { postgresConnectionLostRule } from './postgres-connection-lost.rule.js';

describe('postgresConnectionLostRule', () => {
  const classifier = createErrorClassifier([postgresConnectionLostRule]);

  function lostOn(client: GuardedPgClient): Error {
    // What pg does when the server ends the connection under the client.
    const error = new Error('Connection terminated unexpectedly');
    client.emit('error', error);
    return error;
  }

  it('answers a statement whose connection was ended under it 503, retryable', () => {
    const error = lostOn(new GuardedPgClient());

    expect(classifier.classify(error)).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      status: 503,
      retryable: true,
      countsAsFailure: true,
    });
  });

  it('sees the same failure through TypeORM', () => {
    const error = lostOn(new GuardedPgClient());

    expect(
      classifier.classify(new QueryFailedError('SELECT 1', [], error)).code,
    ).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('leaves errors no connection reported to the other rules', () => {
    const error = new Error('Connection terminated unexpectedly');

    expect(classifier.classify(error).code).toBe('INTERNAL');
  });
});
