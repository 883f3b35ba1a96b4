import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';
import {
  isInvalidDeadLetterEncryptionKeyError,
  parseDeadLetterEncryptionKeys,
  type DeadLetterEncryptionKey,
} from '@nest-resilience/dead-letters';

const schema = z.object({
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ALERT_WEBHOOK_FORMAT: z.enum(['json', 'slack']).default('json'),
  DLQ_MAX_SIZE: z.coerce.number().int().min(0).default(100_000),
  DLQ_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  DLQ_ALERT_THRESHOLD: z.coerce.number().int().min(0).default(1_000),
  DLQ_REPLAY_RATE_PER_SECOND: z.coerce.number().positive().default(50),
  DLQ_REPLAY_MAX_RATE_PER_SECOND: z.coerce.number().positive().default(1_000),
  DLQ_REPLAY_CONFIRM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(600_000),
  DLQ_REPLAY_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  DLQ_REPLAY_LEASE_MS: z.coerce.number().int().min(200).default(30_000),
  DLQ_REPLAY_TAKEOVER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000),
  DLQ_SENSITIVE_KEYS: z.string().optional(),
  DLQ_ENCRYPTION_KEY: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

const KEY_VARIABLE = 'DLQ_ENCRYPTION_KEY';

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
  /**
   * `DLQ_REPLAY_CONFIRM_TIMEOUT_MS`: how long an entry handed over to a broker by a replay
   * waits for its consumer's confirmation before it is `PENDING` again; 0 waits for good.
   * @default 600000
   */
  replayConfirmTimeoutMs: number;
  /** `DLQ_REPLAY_HEARTBEAT_MS`: how often a running bulk replay stores its progress and renews its lease. @default 5000 */
  replayHeartbeatMs: number;
  /** `DLQ_REPLAY_LEASE_MS`: lease of a bulk replay job, at least twice the heartbeat. @default 30000 */
  replayLeaseMs: number;
  /**
   * `DLQ_REPLAY_TAKEOVER_INTERVAL_MS`: how often an instance looks for bulk replay jobs whose
   * instance died, to resume them; 0: never here. @default 10000
   */
  replayTakeoverIntervalMs: number;
  /** `DLQ_SENSITIVE_KEYS`: comma-separated keys masked in addition to the defaults. */
  extraSensitiveKeys: string[];
  /**
   * `DLQ_ENCRYPTION_KEY`: keys sealing payloads, headers and error messages at rest, the
   * current one first (`k2:<base64>,k1:<base64>`, or one bare base64 key); required in
   * production. Empty: stored in plaintext (with a warning at boot).
   */
  encryptionKeys: DeadLetterEncryptionKey[];
}

/** The keys of `DLQ_ENCRYPTION_KEY`, or the problems that stop the boot. */
function readEncryptionKeys(
  text: string | undefined,
  production: boolean,
): { keys: DeadLetterEncryptionKey[]; problems: string[] } {
  if (text === undefined || text.trim() === '') {
    return {
      keys: [],
      problems: production
        ? [
            `${KEY_VARIABLE}: required in production, so that dead letters are encrypted at rest ` +
              '(one base64 32-byte key, e.g. `openssl rand -base64 32`)',
          ]
        : [],
    };
  }
  try {
    return { keys: parseDeadLetterEncryptionKeys(text), problems: [] };
  } catch (error) {
    if (!isInvalidDeadLetterEncryptionKeyError(error)) throw error;
    return {
      keys: [],
      problems: error.problems.map((problem) => `${KEY_VARIABLE}: ${problem}`),
    };
  }
}

/**
 * Validates `env` into {@link DeadLetterSettings}. In production (`NODE_ENV=production`) an
 * encryption key is required.
 * @throws Error naming every invalid variable, never a key's value
 */
export function parseDeadLetterSettings(
  env: NodeJS.ProcessEnv,
): DeadLetterSettings {
  const parsed = schema.safeParse(env);
  const encryption = readEncryptionKeys(
    env.DLQ_ENCRYPTION_KEY,
    env.NODE_ENV === 'production',
  );
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${issue.path.join('.')}: ${issue.message}`,
        )),
    ...(parsed.success &&
    parsed.data.DLQ_REPLAY_LEASE_MS < 2 * parsed.data.DLQ_REPLAY_HEARTBEAT_MS
      ? [
          `DLQ_REPLAY_LEASE_MS: must be at least twice DLQ_REPLAY_HEARTBEAT_MS (${2 * parsed.data.DLQ_REPLAY_HEARTBEAT_MS})`,
        ]
      : []),
    ...encryption.problems,
  ];
  if (!parsed.success || problems.length > 0) {
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
    replayConfirmTimeoutMs: e.DLQ_REPLAY_CONFIRM_TIMEOUT_MS,
    replayHeartbeatMs: e.DLQ_REPLAY_HEARTBEAT_MS,
    replayLeaseMs: e.DLQ_REPLAY_LEASE_MS,
    replayTakeoverIntervalMs: e.DLQ_REPLAY_TAKEOVER_INTERVAL_MS,
    extraSensitiveKeys: (e.DLQ_SENSITIVE_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0),
    encryptionKeys: encryption.keys,
  };
}

/** The `deadLetter` configuration namespace, validated at boot. */
export const deadLetterConfig = registerAs('deadLetter', () =>
  parseDeadLetterSettings(process.env),
);

/** Type of the injected `deadLetter` namespace. */
export type DeadLetterConfig = ConfigType<typeof deadLetterConfig>;
