import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const url = z.url({
  protocol: /^https?$/,
  error: 'must be an http:// or https:// URL',
});
const ms = (fallback: number) =>
  z.coerce.number().int().min(0).default(fallback);

const schema = z.object({
  FHIR_SERVER_URL: url.optional(),
  TERMINOLOGY_SERVER_URL: url.optional(),
  INVENTORY_SERVICE_URL: url.optional(),
  PAYMENT_SERVICE_URL: url.optional(),
  SHIPPING_SERVICE_URL: url.optional(),
  INTEGRATION_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
  INTEGRATION_MAX_RETRIES: z.coerce.number().int().min(0).max(100).default(5),
  INTEGRATION_RETRY_BASE_DELAY_MS: ms(5_000),
  INTEGRATION_RETRY_MAX_DELAY_MS: ms(300_000),
  INTEGRATION_CIRCUIT_BREAK_DELAY_MS: ms(2_000),
  INTEGRATION_MAX_CONCURRENT_MESSAGES: z.coerce
    .number()
    .int()
    .min(1)
    .default(64),
  INTEGRATION_RECOVERY_INTERVAL_MS: ms(15_000),
  INTEGRATION_RECOVERY_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100),
  INTEGRATION_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  INTEGRATION_FAILED_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  INTEGRATION_SHUTDOWN_GRACE_MS: ms(5_000),
  INTEGRATION_CLAIM_GRACE_MS: ms(10_000),
});

/** Target systems of the integration engine, by their service name in the resilience configuration. */
export const TARGET_SYSTEMS = [
  'fhir-server',
  'terminology-server',
  'inventory-service',
  'payment-service',
  'shipping-service',
] as const;

/** One of {@link TARGET_SYSTEMS}. */
export type TargetSystem = (typeof TARGET_SYSTEMS)[number];

const URL_VARIABLES: Record<TargetSystem, keyof z.infer<typeof schema>> = {
  'fhir-server': 'FHIR_SERVER_URL',
  'terminology-server': 'TERMINOLOGY_SERVER_URL',
  'inventory-service': 'INVENTORY_SERVICE_URL',
  'payment-service': 'PAYMENT_SERVICE_URL',
  'shipping-service': 'SHIPPING_SERVICE_URL',
};

/**
 * The integration engine's settings, validated at boot. A target system whose URL variable is
 * unset is served by the built-in simulator under this application's `/simulators/<system>`, so
 * `npm start` runs every pipeline without anything else.
 */
export const integrationConfig = registerAs('integration', () => {
  // An empty value, as a blank line in a .env file gives, means "not set".
  const given = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value !== ''),
  );
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid integration environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const env = parsed.data;
  const targets: Partial<Record<TargetSystem, string>> = {};
  for (const system of TARGET_SYSTEMS) {
    const configured = env[URL_VARIABLES[system]] as string | undefined;
    if (configured !== undefined)
      targets[system] = configured.replace(/\/+$/, '');
  }
  return {
    /** Base URL of each configured target system; the others are simulated. */
    targets,
    /** How long a claim on a message lasts past each checkpoint; past it the message is stuck. */
    leaseMs: env.INTEGRATION_LEASE_MS,
    /** Message-level retries of one step (on top of the step's own `@Retry`). */
    maxRetries: env.INTEGRATION_MAX_RETRIES,
    retryBaseDelayMs: env.INTEGRATION_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: env.INTEGRATION_RETRY_MAX_DELAY_MS,
    /** Wait after a full bulkhead, or an open circuit that did not say when it probes. */
    circuitBreakDelayMs: env.INTEGRATION_CIRCUIT_BREAK_DELAY_MS,
    /** Messages processed at once by this instance; more wait in line. */
    maxConcurrentMessages: env.INTEGRATION_MAX_CONCURRENT_MESSAGES,
    /** How often the recovery jobs run; `0` turns the schedule off (they can still be run by hand). */
    recoveryIntervalMs: env.INTEGRATION_RECOVERY_INTERVAL_MS,
    recoveryBatchSize: env.INTEGRATION_RECOVERY_BATCH_SIZE,
    /** Days completed and compensated messages are kept. */
    retentionDays: env.INTEGRATION_RETENTION_DAYS,
    /** Days dead-lettered messages (and failed undos) are kept, for replays. */
    failedRetentionDays: env.INTEGRATION_FAILED_RETENTION_DAYS,
    /** How long shutdown waits for steps in flight before leaving them to recovery. */
    shutdownGraceMs: env.INTEGRATION_SHUTDOWN_GRACE_MS,
    /** How long a stored message may wait unclaimed before recovery takes it. */
    claimGraceMs: env.INTEGRATION_CLAIM_GRACE_MS,
  };
});

/** Type of the injected `integration` namespace. */
export type IntegrationConfig = ConfigType<typeof integrationConfig>;
