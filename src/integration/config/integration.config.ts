import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const url = z.url({
  protocol: /^https?$/,
  error: 'must be an http:// or https:// URL',
});
// The engine's settings have no defaults here: unset, they take the workflows module's own.
const ms = z.coerce.number().int().min(0).optional();
const count = (min: number, max?: number) => {
  const atLeast = z.coerce.number().int().min(min);
  return (max === undefined ? atLeast : atLeast.max(max)).optional();
};
const days = z.coerce.number().min(0).optional();

const schema = z.object({
  FHIR_SERVER_URL: url.optional(),
  TERMINOLOGY_SERVER_URL: url.optional(),
  INVENTORY_SERVICE_URL: url.optional(),
  PAYMENT_SERVICE_URL: url.optional(),
  SHIPPING_SERVICE_URL: url.optional(),
  INTEGRATION_LEASE_MS: count(1_000),
  INTEGRATION_MAX_RETRIES: count(0, 100),
  INTEGRATION_RETRY_BASE_DELAY_MS: ms,
  INTEGRATION_RETRY_MAX_DELAY_MS: ms,
  INTEGRATION_CIRCUIT_BREAK_DELAY_MS: ms,
  INTEGRATION_MAX_CONCURRENT_MESSAGES: count(1),
  INTEGRATION_RECOVERY_INTERVAL_MS: ms,
  INTEGRATION_RECOVERY_BATCH_SIZE: count(1, 10_000),
  INTEGRATION_RETENTION_DAYS: days,
  INTEGRATION_FAILED_RETENTION_DAYS: days,
  INTEGRATION_SHUTDOWN_GRACE_MS: ms,
  INTEGRATION_CLAIM_GRACE_MS: ms,
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
 * `npm start` runs every pipeline without anything else. The engine's settings are handed to
 * `WorkflowsModule` (see `integrationWorkflowsOptions`), whose TSDoc gives their defaults.
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
    // The engine's settings, named as `WorkflowsModuleOptions` names them; unset ones are undefined.
    leaseMs: env.INTEGRATION_LEASE_MS,
    maxRetries: env.INTEGRATION_MAX_RETRIES,
    retryBaseDelayMs: env.INTEGRATION_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: env.INTEGRATION_RETRY_MAX_DELAY_MS,
    circuitBreakDelayMs: env.INTEGRATION_CIRCUIT_BREAK_DELAY_MS,
    maxConcurrentMessages: env.INTEGRATION_MAX_CONCURRENT_MESSAGES,
    recoveryIntervalMs: env.INTEGRATION_RECOVERY_INTERVAL_MS,
    recoveryBatchSize: env.INTEGRATION_RECOVERY_BATCH_SIZE,
    retentionDays: env.INTEGRATION_RETENTION_DAYS,
    failedRetentionDays: env.INTEGRATION_FAILED_RETENTION_DAYS,
    shutdownGraceMs: env.INTEGRATION_SHUTDOWN_GRACE_MS,
    claimGraceMs: env.INTEGRATION_CLAIM_GRACE_MS,
  };
});

/** Type of the injected `integration` namespace. */
export type IntegrationConfig = ConfigType<typeof integrationConfig>;
