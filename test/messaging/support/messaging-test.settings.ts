import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The application's configuration file, whose services the app's modules name. */
const APP_CONFIG_FILE = join(
  import.meta.dirname,
  '../../../config/resilience.yaml',
);

// Fast backoffs so retries happen within a test; breakers that only open on real outages.
const TEST_SERVICES = {
  postgres: {
    circuitBreaker: {
      timeoutMs: 5_000,
      errorThresholdPercentage: 90,
      volumeThreshold: 1_000,
      resetTimeoutMs: 500,
      rollingCountTimeoutMs: 10_000,
      rollingCountBuckets: 10,
    },
    retry: {
      maxAttempts: 3,
      backoff: 'exponential',
      baseDelayMs: 5,
      maxDelayMs: 20,
      jitter: 'none',
      respectRetryAfter: false,
    },
  },
  // The relay's breaker bounds no single publish (the confirm timeout does): no timeoutMs.
  rabbitmq: {
    circuitBreaker: {
      errorThresholdPercentage: 50,
      volumeThreshold: 2,
      resetTimeoutMs: 500,
      rollingCountTimeoutMs: 10_000,
      rollingCountBuckets: 10,
    },
    retry: {
      maxAttempts: 3,
      backoff: 'exponential',
      baseDelayMs: 50,
      maxDelayMs: 500,
      jitter: 'full',
      respectRetryAfter: false,
    },
  },
  nats: {
    circuitBreaker: {
      volumeThreshold: 2,
      resetTimeoutMs: 500,
    },
    retry: {
      maxAttempts: 3,
      backoff: 'exponential',
      baseDelayMs: 50,
      maxDelayMs: 500,
      jitter: 'full',
      respectRetryAfter: false,
    },
  },
  'dlq-replay': {
    circuitBreaker: {
      timeoutMs: 5_000,
      errorThresholdPercentage: 90,
      volumeThreshold: 1_000,
      resetTimeoutMs: 1_000,
    },
  },
};

/**
 * Writes the specs' resilience configuration: the application's file, with the services the
 * messaging specs exercise made fast. @returns its path
 */
export function writeMessagingTestSettings(): string {
  const app = parse(readFileSync(APP_CONFIG_FILE, 'utf8')) as {
    defaults?: unknown;
    services?: Record<string, unknown>;
  };
  const file = join(
    tmpdir(),
    `messaging-e2e-${process.pid}-${randomUUID()}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({ ...app, services: { ...app.services, ...TEST_SERVICES } }),
  );
  return file;
}
