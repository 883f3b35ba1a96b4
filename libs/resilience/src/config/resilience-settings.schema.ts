import { z } from 'zod';
import { featureTogglesSchema } from './feature-toggle-settings.schema.js';
import { MAX_TIMER_DELAY_MS } from './resilience-defaults.constants.js';
import type {
  BackoffKind,
  JitterKind,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';
import { retryBudgetProblem } from './retry-budget.check.js';

/*
 * Each schema carries its own "what is allowed" text as its error, so one message serves a wrong
 * type, a fraction and an out-of-range number alike, and the formatter only adds path and value.
 */

function integer(min: number, max?: number, unit = ''): z.ZodNumber {
  const error =
    max === undefined
      ? `must be a whole number${unit} >= ${min}`
      : `must be a whole number${unit} from ${min} to ${max}`;
  const schema = z.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? schema : schema.max(max, { error });
}

/** A delay or duration that ends up in a timer, which Node caps at {@link MAX_TIMER_DELAY_MS}. */
function timerMs(min: 0 | 1): z.ZodNumber {
  return integer(min, MAX_TIMER_DELAY_MS, ' of milliseconds');
}

function percentage(allowZero: boolean): z.ZodNumber {
  const error = allowZero
    ? 'must be a number from 0 to 100'
    : 'must be a number greater than 0 and at most 100';
  const schema = z.number({ error });
  return (allowZero ? schema.min(0, { error }) : schema.gt(0, { error })).max(
    100,
    { error },
  );
}

const flag = (): z.ZodBoolean => z.boolean({ error: 'must be true or false' });

function section<Shape extends z.core.$ZodLooseShape>(
  name: string,
  shape: Shape,
) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key (allowed: ${allowed})`
        : `must be a mapping of ${name} settings (${allowed})`,
  });
}

/** Backoff shapes, as written in the file. */
export const BACKOFF_KINDS = [
  'exponential',
  'linear',
  'fixed',
] as const satisfies readonly BackoffKind[];
/** Jitter kinds, as written in the file. */
export const JITTER_KINDS = [
  'full',
  'equal',
  'decorrelated',
  'none',
] as const satisfies readonly JitterKind[];

/** One complete `circuitBreaker` section; see `CircuitBreakerSettings` for each key's meaning. */
export const circuitBreakerSettingsSchema = section('circuit breaker', {
  timeoutMs: timerMs(0),
  errorThresholdPercentage: percentage(false),
  // 0 would behave as 1: the rate of an empty window is never considered anyway.
  volumeThreshold: integer(1),
  resetTimeoutMs: timerMs(1),
  rollingCountTimeoutMs: timerMs(1),
  rollingCountBuckets: integer(1),
  halfOpenSuccessThreshold: integer(1),
  failureThreshold: integer(0),
  slowCallDurationMs: timerMs(0),
  slowCallRateThreshold: percentage(true),
  capacity: integer(0),
  critical: flag(),
});

/** One complete `retry` section; see `RetrySettings`. */
export const retrySettingsSchema = section('retry', {
  maxAttempts: integer(1),
  backoff: z.enum(BACKOFF_KINDS, {
    error: `must be one of ${BACKOFF_KINDS.join(', ')}`,
  }),
  baseDelayMs: timerMs(0),
  maxDelayMs: timerMs(0),
  jitter: z.enum(JITTER_KINDS, {
    error: `must be one of ${JITTER_KINDS.join(', ')}`,
  }),
  respectRetryAfter: flag(),
  budgetMs: integer(0, undefined, ' of milliseconds'),
});

/** One complete `bulkhead` section; see `BulkheadSettings`. */
export const bulkheadSettingsSchema = section('bulkhead', {
  maxConcurrent: integer(0),
  maxQueue: integer(0),
});

const SECTIONS = 'circuitBreaker, retry, bulkhead';

/**
 * Any subset of a service's settings: a file's `defaults` or `services.<name>`, the environment
 * overrides, a decorator's arguments. Checks each value alone; rules linking two keys need the
 * merged result and live in {@link serviceSettingsSchema}.
 */
export const partialServiceSettingsSchema = z.strictObject(
  {
    circuitBreaker: circuitBreakerSettingsSchema.partial().optional(),
    retry: retrySettingsSchema.partial().optional(),
    bulkhead: bulkheadSettingsSchema.partial().optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown section (allowed: ${SECTIONS})`
        : `must be a mapping with any of ${SECTIONS}`,
  },
);

/** A subset of a service's settings, as accepted by {@link partialServiceSettingsSchema}. */
export type PartialServiceSettings = z.infer<
  typeof partialServiceSettingsSchema
>;

/** Keys (`section.key`) a rule of {@link serviceSettingsSchema} reads, in its issue's `params`. */
export interface ServiceSettingsRuleParams {
  readonly keys: readonly string[];
}

const RETRY_KEYS = Object.keys(retrySettingsSchema.shape).map(
  (key) => `retry.${key}`,
);

/**
 * A service's complete, merged settings, with the rules that link keys: `maxDelayMs` not below
 * `baseDelayMs`, a rolling window split into whole-millisecond buckets (opossum needs an integer
 * bucket interval), no queue without a bulkhead, and the retry budget.
 */
export const serviceSettingsSchema = z
  .strictObject({
    circuitBreaker: circuitBreakerSettingsSchema,
    retry: retrySettingsSchema,
    bulkhead: bulkheadSettingsSchema,
  })
  .superRefine((settings: ServiceResilienceSettings, ctx) => {
    const rule = (
      path: [string, string],
      keys: string[],
      message: string,
      input?: unknown,
    ) => {
      const params: ServiceSettingsRuleParams = { keys };
      ctx.addIssue({ code: 'custom', path, message, input, params });
    };
    const { circuitBreaker, retry, bulkhead } = settings;
    if (retry.maxDelayMs < retry.baseDelayMs) {
      rule(
        ['retry', 'maxDelayMs'],
        ['retry.maxDelayMs', 'retry.baseDelayMs'],
        `must be >= retry.baseDelayMs (${retry.baseDelayMs})`,
        retry.maxDelayMs,
      );
    }
    if (
      circuitBreaker.rollingCountTimeoutMs %
        circuitBreaker.rollingCountBuckets !==
      0
    ) {
      rule(
        ['circuitBreaker', 'rollingCountTimeoutMs'],
        [
          'circuitBreaker.rollingCountTimeoutMs',
          'circuitBreaker.rollingCountBuckets',
        ],
        `must be a multiple of circuitBreaker.rollingCountBuckets ` +
          `(${circuitBreaker.rollingCountBuckets}), so each bucket spans whole milliseconds`,
        circuitBreaker.rollingCountTimeoutMs,
      );
    }
    if (bulkhead.maxConcurrent === 0 && bulkhead.maxQueue > 0) {
      rule(
        ['bulkhead', 'maxQueue'],
        ['bulkhead.maxQueue', 'bulkhead.maxConcurrent'],
        'must be 0 while bulkhead.maxConcurrent is 0 (the bulkhead is off)',
        bulkhead.maxQueue,
      );
    }
    const budget = retryBudgetProblem(settings);
    if (budget !== undefined) {
      rule(
        ['retry', 'budgetMs'],
        [...RETRY_KEYS, 'circuitBreaker.timeoutMs'],
        budget,
      );
    }
  });

const SERVICE_NAME_RULE =
  'service names must be kebab-case (lower-case letters and digits in words joined by single ' +
  'hyphens, starting with a letter) and not "defaults"';

/** A service name: kebab-case, so it maps one to one onto an environment variable segment. */
export const serviceNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { error: SERVICE_NAME_RULE })
  // RESILIENCE__DEFAULTS__* already means the defaults section.
  .refine((name) => name !== 'defaults', { error: SERVICE_NAME_RULE });

/**
 * A whole configuration file (or the environment overrides, which have the same shape):
 * `defaults` and `services.<name>`, each a subset of the settings, and the `features` toggles.
 * An empty service (`postgres:` with nothing under it) declares the service with the defaults.
 */
export const resilienceFileSchema = z.strictObject(
  {
    defaults: partialServiceSettingsSchema.optional(),
    services: z
      .record(serviceNameSchema, partialServiceSettingsSchema.nullable(), {
        error: 'must be a mapping from service name to its settings',
      })
      .optional(),
    features: featureTogglesSchema.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'unknown key (allowed: defaults, services, features)'
        : 'must be a mapping with defaults, services and features',
  },
);

/** A validated configuration file, as given by {@link resilienceFileSchema}. */
export type ResilienceFile = z.infer<typeof resilienceFileSchema>;
