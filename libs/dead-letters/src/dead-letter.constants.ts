import type {
  DeadLetterModuleOptions,
  ResolvedDeadLetterOptions,
} from './dead-letter-module-options.interface.js';
import { InvalidDeadLetterOptionsError } from './errors/invalid-dead-letter-options.error.js';
import { replayTimingProblems } from './replay/replay-timing.validator.js';
import { DEFAULT_SENSITIVE_KEYS } from './sensitive-keys.constants.js';

/** Who resolves the entries a replay delivered (`resolution.by`). */
export const REPLAY_RESOLVER = 'replay';

/** Injection token of the resolved dead letter options (`ResolvedDeadLetterOptions`). */
export const DEAD_LETTER_OPTIONS = Symbol('RESILIENCE:DEAD_LETTER_OPTIONS');

/** Default key of the dead letter health indicator. */
export const DEAD_LETTER_HEALTH_KEY = 'deadLetterQueue';

/** Every default of the dead letter options, defined once. */
export const DEAD_LETTER_DEFAULTS: ResolvedDeadLetterOptions = {
  sensitiveKeys: DEFAULT_SENSITIVE_KEYS,
  encryptionKeys: [],
  reEncryptOnBoot: false,
  maxSize: 100_000,
  retentionDays: 30,
  errorLogRetentionDays: 30,
  maxReplayAttempts: 10,
  claimTimeoutMs: 300_000,
  replayConfirmTimeoutMs: 600_000,
  maintenanceIntervalMs: 60_000,
  sizeRefreshMs: 5_000,
  writeBatchSize: 500,
  bulkReplay: {
    defaultRatePerSecond: 50,
    maxRatePerSecond: 1_000,
    chunkSize: 200,
    concurrency: 32,
    keepFinishedJobs: 100,
    heartbeatIntervalMs: 5_000,
    leaseMs: 30_000,
    takeoverIntervalMs: 10_000,
  },
  alerts: { deadLetterThreshold: 1_000 },
  health: { maxOpen: 1_000, maxOldestPendingAgeMs: 3_600_000 },
};

/**
 * `options` over the defaults, nested groups merged member by member.
 * @throws InvalidDeadLetterOptionsError naming every unusable timing of replays
 */
export function resolveDeadLetterOptions(
  options: DeadLetterModuleOptions = {},
): ResolvedDeadLetterOptions {
  const resolved = mergeDeadLetterOptions(options);
  const problems = replayTimingProblems(resolved);
  if (problems.length > 0) throw new InvalidDeadLetterOptionsError(problems);
  return resolved;
}

function mergeDeadLetterOptions(
  options: DeadLetterModuleOptions,
): ResolvedDeadLetterOptions {
  const defined = <T extends object>(value: T | undefined): Partial<T> =>
    Object.fromEntries(
      Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
    ) as Partial<T>;
  return {
    ...DEAD_LETTER_DEFAULTS,
    ...defined(options),
    bulkReplay: {
      ...DEAD_LETTER_DEFAULTS.bulkReplay,
      ...defined(options.bulkReplay),
    },
    alerts: { ...DEAD_LETTER_DEFAULTS.alerts, ...defined(options.alerts) },
    health: { ...DEAD_LETTER_DEFAULTS.health, ...defined(options.health) },
  };
}
