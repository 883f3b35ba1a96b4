import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ErrorCategory,
  ErrorSeverity,
  ErrorClassifier,
  PROBLEM_CODES,
  isProblemCode,
} from '@nest-resilience/resilience';
import { AlertService, RequestContext } from '@nest-resilience/problem-details';
import { DeadLetterCapacityMonitor } from './dead-letter-capacity.monitor.js';
import { REPLAY_RESOLVER } from './dead-letter.constants.js';
import { DeadLetterCursorCodec } from './dead-letter-cursor.codec.js';
import { deadLetterErrorInfo } from './dead-letter-error.factory.js';
import type {
  DeadLetterInput,
  ExternalDeadLetterInput,
} from './dead-letter-input.interface.js';
import type {
  DeadLetter,
  DeadLetterErrorInfo,
} from './dead-letter.interface.js';
import type {
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStats,
} from './dead-letter-query.interface.js';
import { DeadLetterPresenter } from './dead-letter.presenter.js';
import { DeadLetterStatus } from './dead-letter-status.enum.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';
import { DeadLetterWriteBatcher } from './dead-letter-write.batcher.js';
import { DeadLetterConflictError } from './errors/dead-letter-conflict.error.js';
import { DeadLetterNotFoundError } from './errors/dead-letter-not-found.error.js';
import type {
  ReplayConfirmation,
  ReplayedMessageRef,
} from './replay/replay-confirmation.interface.js';

/** Largest page a listing returns. */
export const MAX_PAGE_SIZE = 500;

/** Page size of a listing that does not ask for one. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * The dead letter queue for producers and operators. Any part of an application calls
 * {@link deadLetter} with what failed and the thrown error (classified here through the
 * injected `ErrorClassifier`); the promise resolves once the entry is committed, so a producer
 * that gets an error still holds its message and must not drop it.
 *
 * Reads return unmasked entries; pass them through `DeadLetterPresenter` before showing them.
 */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger('DeadLetterQueue');

  constructor(
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly classifier: ErrorClassifier,
    private readonly capacity: DeadLetterCapacityMonitor,
    private readonly batcher: DeadLetterWriteBatcher,
    private readonly presenter: DeadLetterPresenter,
    private readonly alerts: AlertService,
  ) {}

  /**
   * Dead-letters a message that failed with `input.error`. A message keeps one entry for life:
   * when `input.source` already holds an entry for `input.messageId` (a replay was delivered
   * and the message failed again), that entry is reopened with the new error instead of a
   * second one being added, and its id is the one returned.
   * @returns the stored entry (unmasked): the new one, or the reopened one
   * @throws DeadLetterQueueFullError when the queue holds `maxSize` unresolved entries
   * @throws DeadLetterStoreUnavailableError when the store cannot take it now
   */
  deadLetter(input: DeadLetterInput): Promise<DeadLetter> {
    return this.record(
      input,
      deadLetterErrorInfo(this.classifier, input.error),
    );
  }

  /**
   * Dead-letters a failure reported from outside (`POST /admin/dlq/messages`): category and
   * severity follow the reported code when it is a public problem code, else `PERMANENT`/`MEDIUM`.
   * @throws as {@link deadLetter}
   */
  deadLetterExternal(input: ExternalDeadLetterInput): Promise<DeadLetter> {
    const known = isProblemCode(input.error.code)
      ? PROBLEM_CODES[input.error.code]
      : undefined;
    return this.record(input, {
      type: 'External',
      code: input.error.code,
      category:
        input.error.category ?? known?.category ?? ErrorCategory.PERMANENT,
      severity: known?.severity ?? ErrorSeverity.MEDIUM,
      message: input.error.message,
    });
  }

  /** @throws DeadLetterNotFoundError for an unknown id */
  async get(id: string): Promise<DeadLetter> {
    const entry = await this.policy.run(() => this.store.findById(id));
    if (!entry) throw new DeadLetterNotFoundError(id);
    return entry;
  }

  /**
   * The newest entry dead-lettered from `source` for the message `messageId`, found by an
   * exact lookup however many entries the source holds; unmasked.
   * @returns `undefined` when that message was never dead-lettered from `source`
   * @throws DeadLetterStoreUnavailableError when the store cannot be read now
   */
  findByMessageId(
    source: string,
    messageId: string,
  ): Promise<DeadLetter | undefined> {
    return this.policy.run(() => this.store.findByMessageId(source, messageId));
  }

  /**
   * Records against the entry `id` that a copy of its message was published again while the
   * entry was open (not applied, so it waits for a replay or an operator): its headers count
   * such copies (`x-republished-count`) and keep the last one's time (`x-republished-at`).
   * @returns the entry as noted, `undefined` for an unknown id
   * @throws DeadLetterStoreUnavailableError when the store cannot take it now
   */
  noteRepublished(id: string): Promise<DeadLetter | undefined> {
    return this.policy.run(() => this.store.noteRepublished(id, new Date()));
  }

  /**
   * One page of entries matching `filter`, newest first.
   * @param limit page size, clamped to 1..500 @default 50
   * @throws InvalidDeadLetterCursorError for a cursor no listing handed out
   */
  async list(
    filter: DeadLetterFilter,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<DeadLetterPage> {
    const size = Math.min(Math.max(1, Math.floor(limit)), MAX_PAGE_SIZE);
    const after =
      cursor === undefined ? undefined : DeadLetterCursorCodec.decode(cursor);
    // One more than asked for tells whether there is a next page without a COUNT.
    const rows = await this.policy.run(() =>
      this.store.list(filter, size + 1, after),
    );
    const items = rows.slice(0, size);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > size && last ? DeadLetterCursorCodec.encode(last) : null,
    };
  }

  /**
   * Resolves a `PENDING`, `REPLAYED` or `FAILED` entry by hand.
   * @throws DeadLetterNotFoundError for an unknown id
   * @throws DeadLetterConflictError when it is being replayed or already resolved
   */
  async resolve(id: string, reason: string, by: string): Promise<DeadLetter> {
    const resolution = { by, reason, at: new Date() };
    const done = await this.policy.run(() =>
      this.store.resolve(id, resolution),
    );
    const entry = await this.get(id);
    if (!done) {
      throw new DeadLetterConflictError(
        id,
        `is ${entry.status} and cannot be resolved`,
      );
    }
    this.logger.log(`Resolved by ${by}: ${this.presenter.describe(entry)}`);
    return entry;
  }

  /**
   * Records that the handler of a replayed message succeeded, for replays a transport only
   * handed over (`DeadLetterTransport.handOverOnly`, a broker): the entry, `REPLAYED` (or still
   * settling its hand-over, or returned to `PENDING` by the confirmation timeout meanwhile), is
   * `RESOLVED` by `replay`. Idempotent: a repeated confirmation changes nothing. Call it once
   * the consumer's handler succeeded, with the dead letter's id the replayed message carries
   * (`x-replay-of`), or with its source and message id.
   * @throws DeadLetterStoreUnavailableError when the store cannot take it now (the entry then
   *   goes back to `PENDING` after the timeout, and a replay of a message already handled is a
   *   duplicate to the consumer, which confirms it again)
   */
  async confirmReplay(
    ref: string | ReplayedMessageRef,
  ): Promise<ReplayConfirmation> {
    const id =
      typeof ref === 'string'
        ? ref
        : (await this.findByMessageId(ref.source, ref.messageId))?.id;
    if (id === undefined) return 'NOT_FOUND';
    const resolution = {
      by: REPLAY_RESOLVER,
      at: new Date(),
      reason: 'Handled by its consumer after a replay',
    };
    if (await this.policy.run(() => this.store.confirmReplay(id, resolution))) {
      this.logger.log(`Replay confirmed by its consumer: id=${id}`);
      return 'CONFIRMED';
    }
    const entry = await this.policy.run(() => this.store.findById(id));
    if (!entry) return 'NOT_FOUND';
    return entry.status === DeadLetterStatus.RESOLVED
      ? 'ALREADY_RESOLVED'
      : 'NOT_AWAITING';
  }

  /** Counts for `GET /admin/dlq/stats`. */
  stats(): Promise<DeadLetterStats> {
    return this.policy.run(() => this.store.stats(new Date()));
  }

  private async record(
    input: Omit<DeadLetterInput, 'error'>,
    error: DeadLetterErrorInfo,
  ): Promise<DeadLetter> {
    const now = new Date();
    const firstFailedAt = input.firstFailedAt ?? now;
    const requestId = input.requestId ?? RequestContext.requestId();
    const entry: DeadLetter = {
      id: randomUUID(),
      ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
      source: input.source,
      destination: input.destination,
      ...(input.pattern === undefined ? {} : { pattern: input.pattern }),
      payload: input.payload,
      headers: input.headers ?? {},
      error,
      retryCount: input.retryCount ?? 0,
      status: DeadLetterStatus.PENDING,
      receivedAt: input.receivedAt ?? firstFailedAt,
      firstFailedAt,
      lastFailedAt: now,
      createdAt: now,
      ...(input.traceId === undefined ? {} : { traceId: input.traceId }),
      ...(requestId === undefined ? {} : { requestId }),
      version: 1,
    };
    // A reopened entry may already have counted as open; the periodic re-count corrects the
    // estimate, and an over-estimate is re-counted before any write is refused.
    await this.capacity.reserve(1);
    let stored: DeadLetter;
    try {
      stored = await this.batcher.write(entry);
    } catch (writeError) {
      this.capacity.cancel(1);
      throw writeError;
    }
    // Masking the line costs more than writing the row: skip it when nobody reads it.
    if (Logger.isLevelEnabled('warn')) {
      const verb = stored.id === entry.id ? 'Dead-lettered' : 'Reopened';
      this.logger.warn(`${verb} ${this.presenter.describe(stored)}`);
    }
    if (error.severity === ErrorSeverity.CRITICAL) {
      this.alerts.raise({
        key: `dlq-critical:${error.code}`,
        severity: ErrorSeverity.CRITICAL,
        title: `CRITICAL failure dead-lettered from ${entry.source}`,
        message: `${error.code}: ${this.presenter.masker.maskText(error.message)}`,
        details: { id: stored.id, source: entry.source, code: error.code },
      });
    }
    return stored;
  }
}
