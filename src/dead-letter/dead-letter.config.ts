import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const schema = z.object({
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ALERT_WEBHOOK_FORMAT: z.enum(['json', 'slack']).default('json'),
  DLQ_MAX_SIZE: z.coerce.number().int().min(0).default(100_000),
  DLQ_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  DLQ_ALERT_THRESHOLD: z.coerce.number().int().min(0).default(1_000),
  DLQ_REPLAY_RATE_PER_SECOND: z.coerce.number().positive().default(50),
  DLQ_REPLAY_MAX_RATE_PER_SECOND: z.coerce.number().positive().default(1_000),
  DLQ_SENSITIVE_KEYS: z.string().optional(),
});

/** The dead letter queue's settings, from the environment. */
export interface DeadLetterSettings {
  /** `ALERT_WEBHOOK_URL`; unset: alerts are only logged. */
  alertWebhookUrl?: string;
  /** `ALERT_WEBHOOK_FORMAT`: `json` or `slack`. @default 'json' */
  alertWebhookFormat: 'json' | 'slack';
  /** `DLQ_MAX_SIZE`: unresolved entries accepted; 0 is no limit. @default 100000 */
  maxSize: number;
  /** `DLQ_RETENTION_DAYS`: days resolved entries are kept. @default 30 */
  retentionDays: number;
  /** `DLQ_ALERT_THRESHOLD`: unresolved entries that raise an alert; 0 is never. @default 1000 */
  alertThreshold: number;
  /** `DLQ_REPLAY_RATE_PER_SECOND`: default rate of a bulk replay. @default 50 */
  replayRatePerSecond: number;
  /** `DLQ_REPLAY_MAX_RATE_PER_SECOND`: highest rate a bulk replay may ask for. @default 1000 */
  replayMaxRatePerSecond: number;
  /** `DLQ_SENSITIVE_KEYS`: comma-separated keys masked in addition to the defaults. */
  extraSensitiveKeys: string[];
}

/** Validates `env` into {@link DeadLetterSettings}. @throws Error naming every invalid variable */
export function parseDeadLetterSettings(
  env: NodeJS.ProcessEnv,
): DeadLetterSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid dead letter environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  return {
    ...(e.ALERT_WEBHOOK_URL ? { alertWebhookUrl: e.ALERT_WEBHOOK_URL } : {}),
    alertWebhookFormat: e.ALERT_WEBHOOK_FORMAT,
    maxSize: e.DLQ_MAX_SIZE,
    retentionDays: e.DLQ_RETENTION_DAYS,
    alertThreshold: e.DLQ_ALERT_THRESHOLD,
    replayRatePerSecond: e.DLQ_REPLAY_RATE_PER_SECOND,
    replayMaxRatePerSecond: e.DLQ_REPLAY_MAX_RATE_PER_SECOND,
    extraSensitiveKeys: (e.DLQ_SENSITIVE_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0),
  };
}

/** The `deadLetter` configuration namespace, validated at boot. */
export const deadLetterConfig = registerAs('deadLetter', () =>
  parseDeadLetterSettings(process.env),
);

/** Type of the injected `deadLetter` namespace. */
export type DeadLetterConfig = ConfigType<typeof deadLetterConfig>;
