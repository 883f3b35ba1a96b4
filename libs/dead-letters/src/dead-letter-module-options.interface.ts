import type { AlertOptions } from '@nest-resilience/problem-details';
import type { DeadLetterEncryptionKey } from './encryption/dead-letter-encryption-key.interface.js';

/** Bulk replay limits. */
export interface BulkReplayOptions {
  /** Rate of a bulk replay that does not ask for one, in messages per second. @default 50 */
  defaultRatePerSecond?: number;
  /** Highest rate a bulk replay may ask for, in messages per second. @default 1000 */
  maxRatePerSecond?: number;
  /** Entries claimed at a time (never more than one second's worth at the job's rate). @default 200 */
  chunkSize?: number;
  /** Deliveries in flight at once within a job. @default 32 */
  concurrency?: number;
  /** Finished jobs kept (stored) for `GET /admin/dlq/replay/:jobId`; older ones are deleted. @default 100 */
  keepFinishedJobs?: number;
  /**
   * How often the instance running a job stores its progress and renews its lease, in
   * milliseconds; it also sees a cancel asked on another instance then (or sooner, after a
   * delivery). At least 100. @default 5000
   */
  heartbeatIntervalMs?: number;
  /**
   * How long a job's lease lasts without a heartbeat, in milliseconds: once it lapsed (the
   * instance died), another instance takes the job over and resumes it from its stored position.
   * At least twice `heartbeatIntervalMs`. @default 30000
   */
  leaseMs?: number;
  /**
   * How often an instance looks for jobs whose lease lapsed, to take them over, in
   * milliseconds (an unref'd timer, also run once at boot). `0`: this instance never takes a
   * job over. @default 10000
   */
  takeoverIntervalMs?: number;
}

/** Thresholds of the `DeadLetterHealthIndicator`: beyond either, the queue is `degraded`. */
export interface DeadLetterHealthOptions {
  /** Unresolved entries. @default 1000 */
  maxOpen?: number;
  /** Age of the oldest pending entry. @default 3600000 (one hour) */
  maxOldestPendingAgeMs?: number;
}

/** Alerts of the dead letter queue: the alert service's settings and the size alert. */
export interface DeadLetterAlertOptions extends AlertOptions {
  /** Unresolved dead letters beyond which an alert is raised (HIGH). `0`: never. @default 1000 */
  deadLetterThreshold?: number;
}

/** Options of `DeadLetterModule.forRoot()` / `forRootAsync()`; every member has a default. */
export interface DeadLetterModuleOptions {
  /**
   * Keys masked wherever entries are shown or logged (case-insensitive, separators ignored,
   * nested). Replaces the defaults; spread `DEFAULT_SENSITIVE_KEYS` to extend them.
   * @default DEFAULT_SENSITIVE_KEYS
   */
  sensitiveKeys?: readonly string[];
  /**
   * Keys sealing payloads, headers and error messages at rest (AES-256-GCM), the current key
   * first, then older ones still to be read (`parseDeadLetterEncryptionKeys` reads them from
   * text). Empty: values are stored in plaintext, with one warning at boot.
   * @default []
   */
  encryptionKeys?: readonly DeadLetterEncryptionKey[];
  /**
   * At boot, re-encrypt in the background every entry not sealed under the current key
   * (written before encryption, or under an older key); see
   * `DeadLetterMaintenanceService.reEncrypt`. Without a key it does nothing.
   * @default false
   */
  reEncryptOnBoot?: boolean;
  /** Unresolved entries the queue accepts; then producers get `DeadLetterQueueFullError`. `0`: no limit. @default 100000 */
  maxSize?: number;
  /** Days a resolved entry is kept before it is purged. @default 30 */
  retentionDays?: number;
  /** Days an error log entry is kept. @default 30 */
  errorLogRetentionDays?: number;
  /** Failed replays after which an entry is `FAILED` (left to an operator). `0`: never. @default 10 */
  maxReplayAttempts?: number;
  /** A claim older than this is from a crashed replay and is returned to `PENDING`. @default 300000 */
  claimTimeoutMs?: number;
  /**
   * How long an entry handed over by a replay (`REPLAYED`: a broker took it) waits for its
   * consumer's confirmation (`DeadLetterService.confirmReplay`) before the maintenance run
   * returns it to `PENDING`, retry count raised, with a note as its error. `0`: it waits for
   * good. @default 600000 (ten minutes)
   */
  replayConfirmTimeoutMs?: number;
  /**
   * How often retention, claim recovery and the confirmation timeout of hand-overs run; `0`
   * turns the timer off. @default 60000
   */
  maintenanceIntervalMs?: number;
  /** How often the size of the queue is re-counted for `maxSize` and the size alert. @default 5000 */
  sizeRefreshMs?: number;
  /** Entries written in one INSERT by the write batcher. @default 500 */
  writeBatchSize?: number;
  /**
   * Resilience service (from the configuration) whose breaker, retry and bulkhead guard the
   * store's statements, for example `postgres`. Unset: statements are not guarded.
   */
  storeService?: string;
  /**
   * Resilience service whose breaker settings shape the per-destination breakers of HTTP
   * replays. Unset: the configuration's defaults.
   */
  replayService?: string;
  bulkReplay?: BulkReplayOptions;
  alerts?: DeadLetterAlertOptions;
  health?: DeadLetterHealthOptions;
}

/** The options with every default filled in. */
export type ResolvedDeadLetterOptions = Required<
  Omit<
    DeadLetterModuleOptions,
    'storeService' | 'replayService' | 'bulkReplay' | 'alerts' | 'health'
  >
> &
  Pick<DeadLetterModuleOptions, 'storeService' | 'replayService'> & {
    bulkReplay: Required<BulkReplayOptions>;
    alerts: DeadLetterAlertOptions & { deadLetterThreshold: number };
    health: Required<DeadLetterHealthOptions>;
  };
