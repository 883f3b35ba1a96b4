import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';
import { DeadLetterCipher } from './encryption/dead-letter.cipher.js';
import { TypeOrmErrorLogStore } from './typeorm/typeorm-error-log.store.js';

const DAY_MS = 86_400_000;

/** Entries read and rewritten per statement batch of a re-encryption. */
const RE_ENCRYPT_BATCH = 200;

/** Unreadable ids named in one log line; the report lists them all. */
const LOGGED_IDS = 10;

/** Entries returned per statement batch of the confirmation timeout. */
const UNCONFIRMED_BATCH = 200;

/** Error code an entry gets when its consumer never confirmed a hand-over. */
export const REPLAY_UNCONFIRMED_CODE = 'REPLAY_UNCONFIRMED';

/** What one re-encryption pass did. */
export interface DeadLetterReEncryptionReport {
  /** The key entries were sealed under; `undefined` without a key (nothing done). */
  keyId?: string;
  /** Entries rewritten under it. */
  rewritten: number;
  /** Entries that changed while the pass read them, left for the next pass. */
  skipped: number;
  /** Entries holding a value no configured key opens, left as they are. */
  unreadableIds: string[];
}

/** What one maintenance run did. */
export interface DeadLetterMaintenanceReport {
  /** Resolved entries purged (older than `retentionDays`). */
  purged: number;
  /** Claims of crashed replays returned to `PENDING` (older than `claimTimeoutMs`). */
  recovered: number;
  /** Error log entries purged (older than `errorLogRetentionDays`). */
  errorLogPurged: number;
  /**
   * Hand-overs never confirmed by their consumer returned to `PENDING` (`REPLAYED` longer
   * than `replayConfirmTimeoutMs`).
   */
  unconfirmed: number;
}

/**
 * Retention, claim recovery and the confirmation timeout of hand-overs, every
 * `maintenanceIntervalMs` (an unref'd timer, so no scheduler module is needed) or when called. Each step is one DELETE or UPDATE whose condition
 * is re-checked by the database, so several instances may run it at once: at worst one of them
 * finds nothing left to do.
 */
@Injectable()
export class DeadLetterMaintenanceService
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger('DeadLetterMaintenance');
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeadLetterMaintenanceReport>;
  private reEncrypting?: Promise<DeadLetterReEncryptionReport>;
  private stopping = false;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly cipher: DeadLetterCipher,
    @Optional() private readonly errorLog?: TypeOrmErrorLogStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.reEncryptOnBoot && this.cipher.currentKeyId) {
      this.reEncrypt().catch((error: unknown) => {
        this.logger.warn(
          `Re-encryption stopped: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
    if (this.options.maintenanceIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => {
        this.logger.warn(
          `Maintenance skipped: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, this.options.maintenanceIntervalMs).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.stopping = true;
    // A pass stops between batches; the data source closes after this.
    await this.reEncrypting?.catch(() => undefined);
  }

  /**
   * Re-encrypts under the current key every entry holding a value not sealed under it
   * (written before encryption, or under an older key): one pass in id order, in batches,
   * each through the store policy. Safe on several instances at once and with replays
   * running; single flight (a call during a pass shares it). Without a key it does nothing.
   *
   * To rotate: put the new key first and keep the old ones on every instance, then run this
   * (or boot with `reEncryptOnBoot`); remove an old key only once a pass reports nothing
   * skipped or unreadable.
   * @throws DeadLetterStoreUnavailableError when the store cannot be reached
   */
  reEncrypt(): Promise<DeadLetterReEncryptionReport> {
    this.reEncrypting ??= this.reEncryptOnce().finally(() => {
      this.reEncrypting = undefined;
    });
    return this.reEncrypting;
  }

  /**
   * Purges and recovers now (single flight: a call during a run shares it).
   * @param now the time to measure ages from @default now
   * @throws DeadLetterStoreUnavailableError when the store cannot be reached
   */
  run(now: Date = new Date()): Promise<DeadLetterMaintenanceReport> {
    this.running ??= this.runOnce(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Deletes resolved entries older than `retentionDays` before `now`. @returns how many */
  purgeResolved(now: Date = new Date()): Promise<number> {
    const before = new Date(
      now.getTime() - this.options.retentionDays * DAY_MS,
    );
    return this.policy.run(() => this.store.purgeResolved(before));
  }

  /**
   * Returns entries a replay handed over (`REPLAYED`) more than `replayConfirmTimeoutMs` before
   * `now` without their consumer's confirmation to `PENDING` (or `FAILED` at
   * `maxReplayAttempts`), retry count raised, with a note as their error: the consumer never
   * settled them. Nothing with `replayConfirmTimeoutMs` 0.
   * @returns how many
   */
  async returnUnconfirmed(now: Date = new Date()): Promise<number> {
    const timeoutMs = this.options.replayConfirmTimeoutMs;
    if (timeoutMs <= 0) return 0;
    const before = new Date(now.getTime() - timeoutMs);
    const note = {
      type: 'ReplayUnconfirmed',
      code: REPLAY_UNCONFIRMED_CODE,
      message:
        `Replayed to a transport that only hands messages over, and its consumer did not ` +
        `confirm handling it within ${timeoutMs} ms (it never settled it, or failed without ` +
        'dead-lettering it again)',
    };
    let returned = 0;
    let batch: number;
    do {
      batch = await this.policy.run(() =>
        this.store.returnUnconfirmed(
          before,
          note,
          now,
          this.options.maxReplayAttempts,
          UNCONFIRMED_BATCH,
        ),
      );
      returned += batch;
    } while (batch === UNCONFIRMED_BATCH && !this.stopping);
    return returned;
  }

  /** Returns claims older than `claimTimeoutMs` before `now` to `PENDING`. @returns how many */
  recoverClaims(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.options.claimTimeoutMs);
    return this.policy.run(() => this.store.recoverClaims(before));
  }

  private async reEncryptOnce(): Promise<DeadLetterReEncryptionReport> {
    const keyId = this.cipher.currentKeyId;
    if (keyId === undefined)
      return { rewritten: 0, skipped: 0, unreadableIds: [] };
    const report: Required<DeadLetterReEncryptionReport> = {
      keyId,
      rewritten: 0,
      skipped: 0,
      unreadableIds: [],
    };
    let after: string | undefined;
    let found: number;
    do {
      const batch = await this.policy.run(() =>
        this.store.reEncrypt(RE_ENCRYPT_BATCH, after),
      );
      found = batch.found;
      after = batch.lastId;
      report.rewritten += batch.rewritten;
      report.unreadableIds.push(...batch.unreadableIds);
      report.skipped +=
        batch.found - batch.rewritten - batch.unreadableIds.length;
    } while (found === RE_ENCRYPT_BATCH && !this.stopping);
    this.logReEncryption(report);
    return report;
  }

  private logReEncryption(
    report: Required<DeadLetterReEncryptionReport>,
  ): void {
    const { keyId, rewritten, skipped, unreadableIds } = report;
    if (rewritten > 0)
      this.logger.log(
        `Re-encrypted ${rewritten} dead letters under key "${keyId}"`,
      );
    if (skipped > 0)
      this.logger.warn(
        `${skipped} dead letters changed during re-encryption; run it again to take them`,
      );
    if (unreadableIds.length > 0)
      this.logger.warn(
        `${unreadableIds.length} dead letters hold values no configured key opens ` +
          `(restore the key they name): ${unreadableIds.slice(0, LOGGED_IDS).join(', ')}`,
      );
  }

  private async runOnce(now: Date): Promise<DeadLetterMaintenanceReport> {
    const recovered = await this.recoverClaims(now);
    const unconfirmed = await this.returnUnconfirmed(now);
    const purged = await this.purgeResolved(now);
    const errorLogPurged = this.errorLog
      ? await this.policy.run(() =>
          this.errorLog!.purgeBefore(
            new Date(
              now.getTime() - this.options.errorLogRetentionDays * DAY_MS,
            ),
          ),
        )
      : 0;
    if (recovered > 0) {
      this.logger.warn(
        `Returned ${recovered} entries of crashed replays to PENDING`,
      );
    }
    if (unconfirmed > 0) {
      this.logger.warn(
        `Returned ${unconfirmed} replayed entries to PENDING: their consumer did not confirm them`,
      );
    }
    if (purged > 0 || errorLogPurged > 0) {
      this.logger.log(
        `Purged ${purged} resolved dead letters and ${errorLogPurged} error log entries`,
      );
    }
    return { purged, recovered, errorLogPurged, unconfirmed };
  }
}
