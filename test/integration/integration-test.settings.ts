import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type {
  IntegrationConfig,
  TargetSystem,
} from '../../src/integration/config/integration.config.js';

const fast = (
  timeoutMs: number,
  bulkhead = { maxConcurrent: 8, maxQueue: 16 },
) => ({
  circuitBreaker: {
    timeoutMs,
    failureThreshold: 5,
    halfOpenSuccessThreshold: 1,
    resetTimeoutMs: 2000,
    volumeThreshold: 1000,
  },
  retry: {
    maxAttempts: 2,
    backoff: 'fixed',
    baseDelayMs: 10,
    maxDelayMs: 10,
    jitter: 'none',
    respectRetryAfter: false,
    budgetMs: 0,
  },
  bulkhead,
});

/** The target systems as the tests configure them: fast timeouts, one retry, small bulkheads. */
export const TEST_TARGET_SERVICES: Record<TargetSystem, object> = {
  'fhir-server': {
    ...fast(1000, { maxConcurrent: 4, maxQueue: 4 }),
    circuitBreaker: {
      timeoutMs: 1000,
      failureThreshold: 3,
      halfOpenSuccessThreshold: 2,
      resetTimeoutMs: 30_000,
      volumeThreshold: 1000,
    },
  },
  'terminology-server': fast(1000),
  // Room for every message the engine runs at once: a healthy target never refuses work.
  'inventory-service': fast(2000, { maxConcurrent: 32, maxQueue: 64 }),
  'payment-service': fast(2000, { maxConcurrent: 32, maxQueue: 64 }),
  'shipping-service': fast(2000, { maxConcurrent: 32, maxQueue: 64 }),
};

/** The engine settings of the tests: short leases and waits, recovery run by hand. */
export const TEST_INTEGRATION_CONFIG: IntegrationConfig = {
  targets: {},
  leaseMs: 5_000,
  maxRetries: 2,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 200,
  circuitBreakDelayMs: 200,
  maxConcurrentMessages: 64,
  recoveryIntervalMs: 0,
  recoveryBatchSize: 100,
  retentionDays: 7,
  failedRetentionDays: 30,
  shutdownGraceMs: 0,
  claimGraceMs: 0,
};

/** The shipped resilience configuration with the target systems' test settings merged in. */
export function settingsFile(services: Record<string, object>): string {
  const shipped = parse(
    readFileSync(join(process.cwd(), 'config/resilience.yaml'), 'utf8'),
  ) as {
    services?: Record<string, object>;
  };
  const file = join(
    tmpdir(),
    `integration-e2e-${process.pid}-${randomUUID()}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({
      ...shipped,
      services: { ...shipped.services, ...TEST_TARGET_SERVICES, ...services },
    }),
  );
  return file;
}
