import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import {
  createErrorClassifier,
  TimeoutError,
} from '@nest-resilience/resilience';
import { isDeliveryRetryable } from './delivery-retry.predicate.js';

const classifier = createErrorClassifier();

function upstream(status: number): AxiosError {
  const config = { headers: new AxiosHeaders() };
  const response = {
    status,
    statusText: '',
    headers: {},
    config,
    data: {},
  } as AxiosResponse;
  return new AxiosError(
    'upstream',
    'ERR_BAD_RESPONSE',
    config,
    undefined,
    response,
  );
}

function network(code: string): AxiosError {
  return new AxiosError('network', code, { headers: new AxiosHeaders() });
}

function retried(error: unknown): boolean {
  return isDeliveryRetryable(classifier.classify(error), error);
}

describe('isDeliveryRetryable: the delivery POST is retried only when it surely created nothing', () => {
  it('retries network failures, 503 and 504', () => {
    expect(retried(network('ECONNREFUSED'))).toBe(true);
    expect(retried(network('ECONNRESET'))).toBe(true);
    expect(retried(upstream(503))).toBe(true);
    expect(retried(upstream(504))).toBe(true);
  });

  it('does not retry a 500, a 502, a 429, a 4xx, or a timeout of our own', () => {
    for (const status of [500, 502, 429, 400, 404, 409]) {
      expect(retried(upstream(status))).toBe(false);
    }
    expect(
      retried(new TimeoutError('DeliveryClient.createDelivery', 10_000)),
    ).toBe(false);
  });
});
