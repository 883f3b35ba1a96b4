import { RpcException } from '@nestjs/microservices';
import { describe, expect, it } from 'vitest';
import { ApplicationError } from '../errors/application.error.js';
import { BulkheadFullError } from '../errors/bulkhead-full.error.js';
import { CircuitOpenError } from '../errors/circuit-open.error.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { TimeoutError } from '../errors/timeout.error.js';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const {
  TRANSIENT,
  PERMANENT,
  BUSINESS_LOGIC,
  EXTERNAL_DEPENDENCY,
  RESOURCE_EXHAUSTION,
  CONFIGURATION,
} = ErrorCategory;

class OrderNotFoundError extends ApplicationError {
  readonly code = 'ORDERS.NOT_FOUND';
  readonly problem = 'NOT_FOUND';
}

class InvalidOrderTransitionError extends ApplicationError {
  readonly code = 'ORDERS.INVALID_TRANSITION';
  readonly problem = 'CONFLICT';
}

class InventoryOfflineError extends ApplicationError {
  readonly code = 'INVENTORY.OFFLINE';
  readonly problem = 'DEPENDENCY_UNAVAILABLE';
}

const classifier = createErrorClassifier();

describe('library errors', () => {
  // prettier-ignore
  const rows: [string, () => unknown, Expected][] = [
    ['CircuitOpenError carries the wait until the next probe', () => new CircuitOpenError('product-service', 1500), outcome('CIRCUIT_OPEN', 503, EXTERNAL_DEPENDENCY, false, false, true, { retryAfterMs: 1500, sourceCode: 'RESILIENCE.CIRCUIT_OPEN' })],
    ['CircuitOpenError after a JSON round trip between processes', () => JSON.parse(JSON.stringify(new CircuitOpenError('delivery-service', 250))), outcome('CIRCUIT_OPEN', 503, EXTERNAL_DEPENDENCY, false, false, true, { retryAfterMs: 250 })],
    ['BulkheadFullError', () => new BulkheadFullError('product-service', 10, 20), outcome('BULKHEAD_FULL', 503, RESOURCE_EXHAUSTION, false, false, true, { sourceCode: 'RESILIENCE.BULKHEAD_FULL' })],
    ['TimeoutError', () => new TimeoutError('product-service', 2000), outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true, { sourceCode: 'RESILIENCE.TIMEOUT' })],
    ['ResilienceConfigurationError', () => new ResilienceConfigurationError(['product-service.retry.maxAttempts: must be >= 1']), outcome('INTERNAL', 500, CONFIGURATION, false, false, false, { severity: ErrorSeverity.CRITICAL })],
  ];

  it.each(rows)('%s', (_name, make, expected) => {
    expect(classifier.classify(make())).toMatchObject({
      ...expected,
      rule: 'library-error',
    });
  });
});

describe('application errors', () => {
  // prettier-ignore
  const rows: [string, () => ApplicationError, Expected][] = [
    ['NOT_FOUND', () => new OrderNotFoundError('Order o-1 does not exist'), outcome('NOT_FOUND', 404, PERMANENT, false, false, false, { sourceCode: 'ORDERS.NOT_FOUND' })],
    ['CONFLICT', () => new InvalidOrderTransitionError('Cannot ship a cancelled order'), outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false)],
    ['retryable when the table says so, still never counted', () => new InventoryOfflineError('Inventory is offline'), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, false, true)],
  ];

  it.each(rows)('%s', (_name, make, expected) => {
    expect(classifier.classify(make())).toMatchObject({
      ...expected,
      rule: 'application-error',
    });
  });

  it('ignores an unknown problem code and inherited names', () => {
    for (const problem of ['TEAPOT', 'toString', '__proto__']) {
      const error = Object.assign(new Error('x'), {
        applicationError: true,
        problem,
      });
      expect(classifier.classify(error).rule).toBe('unclassified');
    }
  });
});

describe('microservice RpcException', () => {
  it('uses a public code in its payload', () => {
    const conflict = new RpcException({
      code: 'CONFLICT',
      message: 'Order already shipped',
    });
    expect(classifier.classify(conflict)).toMatchObject({
      ...outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false),
      rule: 'rpc-exception',
    });
    const unavailable = new RpcException({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(classifier.classify(unavailable)).toMatchObject(
      outcome(
        'DEPENDENCY_UNAVAILABLE',
        503,
        EXTERNAL_DEPENDENCY,
        true,
        true,
        true,
      ),
    );
  });

  it('leaves an RpcException without a public code unclassified', () => {
    for (const error of [
      new RpcException('NOT_FOUND'),
      new RpcException({ code: 'ORDERS.NOT_FOUND' }),
    ]) {
      expect(classifier.classify(error)).toMatchObject({
        ...outcome('INTERNAL', 500, PERMANENT, false, true, false),
        rule: 'unclassified',
      });
    }
  });
});
