import type { WorkflowsModuleOptions } from '@nest-resilience/workflows';
import { integrationDestination } from '../dead-letter/integration-destination.js';
import type { IntegrationConfig } from './integration.config.js';

/**
 * The workflow engine's options from the `integration` namespace: the engine named
 * `integration` (dead letter sources, alert keys), its dead letters under `integration:`
 * destinations, and the settings the environment gave (unset ones take the engine's defaults).
 */
export function integrationWorkflowsOptions(
  config: IntegrationConfig,
): WorkflowsModuleOptions {
  return {
    name: 'integration',
    deadLetterDestination: integrationDestination,
    leaseMs: config.leaseMs,
    maxRetries: config.maxRetries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    retryMaxDelayMs: config.retryMaxDelayMs,
    circuitBreakDelayMs: config.circuitBreakDelayMs,
    maxConcurrentMessages: config.maxConcurrentMessages,
    recoveryIntervalMs: config.recoveryIntervalMs,
    recoveryBatchSize: config.recoveryBatchSize,
    retentionDays: config.retentionDays,
    failedRetentionDays: config.failedRetentionDays,
    shutdownGraceMs: config.shutdownGraceMs,
    claimGraceMs: config.claimGraceMs,
  };
}
