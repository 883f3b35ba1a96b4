import type {
  ResolvedWorkflowsOptions,
  WorkflowsModuleOptions,
} from './workflows-module-options.interface.js';

/** Injection token of the resolved options (`ResolvedWorkflowsOptions`). */
export const WORKFLOWS_OPTIONS = Symbol('WORKFLOWS:OPTIONS');

/** Metadata key set by `@StepPipeline()`. */
export const STEP_PIPELINE_METADATA = 'WORKFLOWS:STEP_PIPELINE';

/** Every default of the workflows options, defined once. */
export const WORKFLOWS_DEFAULTS: Omit<
  ResolvedWorkflowsOptions,
  'deadLetterDestination'
> = {
  name: 'workflow',
  leaseMs: 120_000,
  maxRetries: 5,
  retryBaseDelayMs: 5_000,
  retryMaxDelayMs: 300_000,
  circuitBreakDelayMs: 2_000,
  maxConcurrentMessages: 64,
  recoveryIntervalMs: 15_000,
  recoveryBatchSize: 100,
  retentionDays: 7,
  failedRetentionDays: 30,
  shutdownGraceMs: 5_000,
  claimGraceMs: 10_000,
};

/** `options` over the defaults; a member left `undefined` takes its default. */
export function resolveWorkflowsOptions(
  options: WorkflowsModuleOptions,
): ResolvedWorkflowsOptions {
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as WorkflowsModuleOptions;
  return { ...WORKFLOWS_DEFAULTS, ...given };
}
