import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorClassifier, type ProblemCode } from '@nest-resilience/resilience';
import {
  DEAD_LETTER_OPTIONS,
  REPLAY_RESOLVER,
} from '../dead-letter.constants.js';
import { deadLetterErrorInfo } from '../dead-letter-error.factory.js';
import type {
  DeadLetter,
  DeadLetterResolution,
} from '../dead-letter.interface.js';
import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';
import { DeadLetterPresenter } from '../dead-letter.presenter.js';
import { DeadLetterService } from '../dead-letter.service.js';
import { REPLAYABLE_STATUSES } from '../dead-letter-status.enum.js';
import { DeadLetterStore } from '../dead-letter.store.js';
import { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import { DeadLetterConflictError } from '../errors/dead-letter-conflict.error.js';
import { DeadLetterTransportMissingError } from '../errors/dead-letter-transport-missing.error.js';
import { DeadLetterTransportRegistry } from '../transport/dead-letter-transport.registry.js';
import type {
  ReplayAttempt,
  ReplayOutcome,
} from './replay-attempt.interface.js';

/** Refusals that mean nothing was sent: the entry is given back, not charged an attempt. */
const REFUSALS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
]);

/**
 * Delivers dead letters again. A replay first claims the entry with a conditional UPDATE
 * (`PENDING`/`FAILED` and still at the version read → `RETRYING`), so of two concurrent
 * replays exactly one delivers and the other gets `DeadLetterConflictError` (409). Then it
 * delivers through the transport of the destination's scheme and settles the claim:
 * `RESOLVED` when the destination's handler succeeded (the transport's answer is the
 * handler's, as HTTP's 2xx); `REPLAYED` when the transport only handed it over
 * (`DeadLetterTransport.handOverOnly`, a broker), until the consumer confirms it
 * (`DeadLetterService.confirmReplay`) or the confirmation timeout returns it to `PENDING`; back
 * to `PENDING` with retry count raised and the new error when the delivery failed (`FAILED`
 * after `maxReplayAttempts`); given back untouched when the circuit refused. Every claim not
 * given back raises the entry's replay count.
 *
 * If the handler fails again, the message is dead-lettered again and reopens this same entry
 * (see `DeadLetterService.deadLetter`); if that happens before the replay settled, the
 * reopening voids the claim and the settlement changes nothing, so the entry stays open.
 *
 * At-least-once edge: if the process dies, or the store fails, between a delivery and its
 * settlement, the entry stays `RETRYING` until claim recovery returns it to `PENDING`, and a
 * later replay delivers it again. Deliveries carry `X-Dead-Letter-Id` for receivers that
 * de-duplicate.
 */
@Injectable()
export class DeadLetterReplayService {
  private readonly logger = new Logger('DeadLetterReplay');

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly classifier: ErrorClassifier,
    private readonly transports: DeadLetterTransportRegistry,
    private readonly presenter: DeadLetterPresenter,
    private readonly deadLetters: DeadLetterService,
  ) {}

  /**
   * Replays one entry now.
   * @param actor who asked for it (the admin token's name), named in the log lines
   * @returns `DELIVERED` or `FAILED`, and the entry as it is after the replay (`RESOLVED`, or
   *   `REPLAYED` after a hand-over)
   * @throws DeadLetterNotFoundError for an unknown id
   * @throws DeadLetterConflictError when it is not replayable or another replay claimed it
   * @throws DeadLetterTransportMissingError when no transport handles its destination
   * @throws CircuitOpenError / BulkheadFullError when the destination refused (entry untouched)
   */
  async replay(
    id: string,
    actor?: string,
  ): Promise<{ outcome: ReplayOutcome; entry: DeadLetter }> {
    const entry = await this.deadLetters.get(id);
    if (!REPLAYABLE_STATUSES.includes(entry.status)) {
      throw new DeadLetterConflictError(
        id,
        `is ${entry.status} and cannot be replayed`,
      );
    }
    this.assertTransport(entry);
    const claim = { token: randomUUID(), at: new Date() };
    const won = await this.policy.run(() =>
      this.store.claim(id, entry.version, claim),
    );
    if (!won)
      throw new DeadLetterConflictError(
        id,
        'is being replayed or changed meanwhile',
      );
    const attempt = await this.attempt(entry, actor);
    if (attempt.kind === 'refused') {
      await this.policy.run(() =>
        this.store.release([id], claim.token, this.options.maxReplayAttempts),
      );
      throw attempt.cause;
    }
    if (attempt.kind === 'delivered') {
      await this.settleDelivered([id], claim.token, attempt.handedOver);
    } else {
      await this.settleFailure(entry, claim.token, attempt, actor);
    }
    return {
      outcome: attempt.kind === 'delivered' ? 'DELIVERED' : 'FAILED',
      entry: await this.deadLetters.get(id),
    };
  }

  /** Whether a transport handles the entry's destination. */
  hasTransport(entry: DeadLetter): boolean {
    return this.transports.resolve(entry.destination) !== undefined;
  }

  /**
   * Delivers a claimed entry once, without settling the claim. Never throws.
   * @param actor who asked for it, named in the log line
   */
  async attempt(entry: DeadLetter, actor?: string): Promise<ReplayAttempt> {
    const transport = this.transports.resolve(entry.destination);
    if (!transport) {
      const cause = new DeadLetterTransportMissingError(
        DeadLetterTransportRegistry.schemeOf(entry.destination),
      );
      return { kind: 'refused', cause };
    }
    try {
      await transport.deliver({
        id: entry.id,
        ...(entry.messageId === undefined
          ? {}
          : { messageId: entry.messageId }),
        destination: entry.destination,
        ...(entry.pattern === undefined ? {} : { pattern: entry.pattern }),
        payload: entry.payload,
        headers: entry.headers,
        retryCount: entry.retryCount,
        ...(entry.requestId === undefined
          ? {}
          : { requestId: entry.requestId }),
        ...(entry.traceId === undefined ? {} : { traceId: entry.traceId }),
      });
      if (Logger.isLevelEnabled('log')) {
        const verb = transport.handOverOnly ? 'Handed over' : 'Replayed';
        this.logger.log(
          `${verb}${by(actor)}: ${this.presenter.describe(entry)}`,
        );
      }
      return { kind: 'delivered', handedOver: transport.handOverOnly };
    } catch (cause) {
      const classification = this.classifier.classify(cause);
      if (REFUSALS.has(classification.code)) return { kind: 'refused', cause };
      return {
        kind: 'failed',
        error: deadLetterErrorInfo(this.classifier, cause),
        cause,
      };
    }
  }

  /** Records a failed attempt on a claimed entry. */
  async settleFailure(
    entry: DeadLetter,
    token: string,
    attempt: Extract<ReplayAttempt, { kind: 'failed' }>,
    actor?: string,
  ): Promise<void> {
    const at = new Date();
    await this.policy.run(() =>
      this.store.markFailed(
        entry.id,
        token,
        attempt.error,
        at,
        this.options.maxReplayAttempts,
      ),
    );
    const masked = this.presenter.masker.maskText(attempt.error.message);
    this.logger.warn(
      `Replay${by(actor)} failed id=${entry.id} destination=${this.presenter.masker.maskUrl(entry.destination)} ` +
        `code=${attempt.error.code} retryCount=${entry.retryCount + 1} error="${masked}"`,
    );
  }

  /**
   * Settles delivered entries of one claim: `RESOLVED` when the transport's answer was the
   * handler's, `REPLAYED` (awaiting the consumer) when it only handed them over.
   * @returns how many still held the claim
   */
  settleDelivered(
    ids: readonly string[],
    token: string,
    handedOver: boolean,
  ): Promise<number> {
    return this.policy.run(() =>
      handedOver
        ? this.store.markHandedOver(ids, token, new Date())
        : this.store.markDelivered(ids, token, this.resolution()),
    );
  }

  /** How a replay resolves what its destination's handler took. */
  resolution(): DeadLetterResolution {
    return {
      by: REPLAY_RESOLVER,
      at: new Date(),
      reason: 'Delivered by replay',
    };
  }

  private assertTransport(entry: DeadLetter): void {
    if (!this.hasTransport(entry)) {
      throw new DeadLetterTransportMissingError(
        DeadLetterTransportRegistry.schemeOf(entry.destination),
      );
    }
  }
}

function by(actor: string | undefined): string {
  return actor === undefined ? '' : ` by ${actor}`;
}
