import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';
import { EnvironmentInvalidError } from '../config/environment-invalid.error.js';

const MIN_TOKEN_LENGTH = 16;

const schema = z.object({
  METRICS_ENABLED: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  METRICS_TOKEN: z
    .string()
    .min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

/**
 * The `metrics` configuration namespace, validated at boot: whether `GET /metrics` serves the
 * Prometheus metrics (`METRICS_ENABLED`) and the bearer token it asks for (`METRICS_TOKEN`;
 * unset, the route is open, as scrapers on a private network expect). Empty values count as
 * unset; a token with the metrics turned off would do nothing, so it stops the start.
 * @throws EnvironmentInvalidError naming each variable at fault, never its value
 */
export const metricsConfig = registerAs('metrics', () => {
  const env = Object.fromEntries(
    ['METRICS_ENABLED', 'METRICS_TOKEN']
      .map((name) => [name, process.env[name]])
      .filter(([, value]) => value !== undefined && value !== ''),
  ) as Record<string, string>;
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
  if (parsed.success && !parsed.data.METRICS_ENABLED && env.METRICS_TOKEN) {
    problems.push(
      'METRICS_TOKEN: protects GET /metrics, which METRICS_ENABLED=false turns off; unset one of them',
    );
  }
  if (!parsed.success || problems.length > 0) {
    throw new EnvironmentInvalidError(problems);
  }
  return {
    /** `METRICS_ENABLED`: serve `GET /metrics` and keep the metrics. @default true */
    enabled: parsed.data.METRICS_ENABLED,
    /** `METRICS_TOKEN`: the bearer token `GET /metrics` asks for. @default none (open) */
    token: parsed.data.METRICS_TOKEN,
  };
});

/** Type of the injected `metrics` namespace. */
export type MetricsConfig = ConfigType<typeof metricsConfig>;
