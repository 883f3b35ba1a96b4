import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ErrorClassifier,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import { isMessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { MessagingEvents } from '../events/messaging.events.js';
import { GroupPositionCache } from '../inbox/group-position.cache.js';
import { InboxStatus } from '../inbox/inbox-status.enum.js';
import { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import { InboxStore } from '../inbox/inbox.store.js';
import { ATTEMPT_MESSAGE_LENGTH } from './attempt-record.interface.js';
import { describeError, restoreFromInbox } from './delivery-record.util.js';
import type { MessageDelivery } from './message-delivery.js';
import { MessageDeadLetterer } from './message.dead-letterer.js';
import {
  DeadLetteredCopyHandler,
  type DeadLetteredCopyOutcome,
} from './dead-lettered-copy.handler.js';
import { ReplayConfirmationReporter } from './replay-confirmation.reporter.js';
import {
  isRefusal,
  MessageRedeliveryPolicy,
} from './message-redelivery.policy.js';
import {
  decideSettlement,
  type Settlement,
} from './message-settlement.policy.js';

/** What a consumer does with a message before dispatching it. */
export type Admission =
  /** Run the handler. */
  | 'dispatch'
  /** Applied already: acknowledge without running anything. */
  | 'duplicate'
  /**
   * A copy of a dead-lettered message published again (no replay header): see
   * {@link MessageDeliveryService.admitDeadLettered} before dispatching or acknowledging it.
   */
  | 'dead-lettered'
  /** Its predecessor in the group is not applied yet: set it aside. */
  | 'park'
  /** A crash interrupted its dead-lettering: finish that, then acknowledge. */
  | 'resume-dead-letter';

/**
 * The transport-independent half of consuming: before dispatch, recognises duplicates,
 * restores the attempts, deliveries and history kept by earlier deliveries and checks
 * per-group order; after the handler, decides the settlement (the module's
 * {@link MessageRedeliveryPolicy}, or the consumer's own), keeps the attempt history and
 * counts a failed delivery durably; and dead-letters exactly once, with the history (see
 * `MessageDeadLetterer`), moving the message's group past it. Every
 * durable transport of the library (RabbitMQ, JetStream, in-process) runs through it.
 */
@Injectable()
export class MessageDeliveryService {
  private readonly classify = (error: unknown) =>
    this.classifier.classify(error);
  private readonly deadLetterer: MessageDeadLetterer;
  private readonly replays: ReplayConfirmationReporter;
  private readonly copies: DeadLetteredCopyHandler;
  /** Where settlements are reported (metrics); absent where the module does not provide it. */
  @Optional()
  @Inject(MessagingEvents)
  private readonly events?: MessagingEvents;

  constructor(
    private readonly inbox: InboxStore,
    private readonly failures: InboxFailureStore,
    private readonly positions: GroupPositionCache,
    deadLetters: DeadLetterService,
    private readonly classifier: ErrorClassifier,
    private readonly redelivery: MessageRedeliveryPolicy,
  ) {
    this.replays = new ReplayConfirmationReporter(deadLetters);
    this.copies = new DeadLetteredCopyHandler(failures, deadLetters);
    this.deadLetterer = new MessageDeadLetterer(failures, deadLetters, {
      committed: (delivery) => this.committed(delivery),
      noteFailure: (delivery, error) => this.noteFailure(delivery, error),
    });
  }

  /**
   * Decides whether `delivery` is dispatched. Answers at once (no promise) on the common path:
   * the inbox is read only for redeliveries and for a group seemingly ahead of itself.
   */
  admit(delivery: MessageDelivery): Admission | Promise<Admission> {
    if (delivery.messageId === undefined) return 'dispatch';
    if (
      delivery.redelivered ||
      delivery.priorAttempts > 0 ||
      delivery.replayOf
    ) {
      return this.admitRedelivery(delivery);
    }
    return this.admitInOrder(delivery);
  }

  private async admitRedelivery(delivery: MessageDelivery): Promise<Admission> {
    let record = await this.failures.find(
      delivery.consumer,
      delivery.messageId!,
    );
    if (record?.status === InboxStatus.DONE) return 'duplicate';
    if (record?.status === InboxStatus.DEAD_LETTERING)
      return 'resume-dead-letter';
    if (record?.status === InboxStatus.DEAD_LETTERED) {
      if (!delivery.replayOf) return 'dead-lettered';
      await this.failures.reopenForReplay(delivery);
      record = { ...record, deliveries: 0, history: [] };
    }
    if (record) restoreFromInbox(delivery, record);
    return this.admitInOrder(delivery);
  }

  private admitInOrder(
    delivery: MessageDelivery,
  ): Admission | Promise<Admission> {
    if (!delivery.sequenced) return 'dispatch';
    const { consumer, groupKey, sequence } =
      delivery as Required<MessageDelivery>;
    const position = this.positions.get(consumer, groupKey);
    // A group not seen yet is not read here: the effect's claim checks its order anyway, and
    // most groups are new (an order's first event), so the common path pays no extra read.
    if (position === undefined) return 'dispatch';
    if (sequence <= position) return this.whyBehind(delivery);
    if (sequence === position + 1) return 'dispatch';
    // Seemingly early: another consumer may have moved the group on meanwhile.
    return this.inbox.groupPosition(consumer, groupKey).then((read) => {
      this.positions.set(consumer, groupKey, read);
      if (sequence <= read) return this.whyBehind(delivery);
      return sequence === read + 1 ? 'dispatch' : 'park';
    });
  }

  /**
   * A sequenced message its group has moved past: applied, or dead-lettered (the group moves
   * past a dead letter too). Only this rare case reads the inbox.
   */
  private async whyBehind(delivery: MessageDelivery): Promise<Admission> {
    const record = await this.failures.find(
      delivery.consumer,
      delivery.messageId!,
    );
    return record?.status === InboxStatus.DEAD_LETTERED
      ? 'dead-lettered'
      : 'duplicate';
  }

  /**
   * For a copy of a dead-lettered message published again (admitted `dead-lettered`, or
   * found so by the inbox's claim): processed once its entry is resolved, else recorded
   * against the entry and acknowledged; logged either way (see `DeadLetteredCopyHandler`).
   * @throws what the inbox or the dead letter queue throws; the copy must then be kept
   */
  admitDeadLettered(
    delivery: MessageDelivery,
  ): Promise<DeadLetteredCopyOutcome> {
    return this.copies.admit(delivery);
  }

  /** The redelivery policy `delivery` is settled by: its consumer's, else the module's. */
  policyOf(delivery: MessageDelivery): MessageRedeliveryPolicy {
    return delivery.redelivery ?? this.redelivery;
  }

  /** What to do with `delivery` now that its handler returned (one round). */
  settle(delivery: MessageDelivery): Settlement {
    const { failure } = delivery;
    if (failure && !isMessageOutOfOrderError(failure.error)) {
      const classification =
        failure.classification ?? this.classify(failure.error);
      // A handler outside `@ResilientConsumer()` ran once without the attempt counter.
      if (delivery.roundAttempts === 0 && !isRefusal(classification)) {
        delivery.beginAttempt();
        this.noteFailure(delivery, failure.error, classification);
      }
    }
    const settlement = decideSettlement(
      delivery,
      this.classify,
      this.policyOf(delivery),
    );
    this.events?.settled(delivery, settlement.action);
    return settlement;
  }

  /**
   * Keeps a failed attempt in the delivery's history (the attempt interceptor calls it for
   * every attempt that ran the handler).
   */
  noteFailure(
    delivery: MessageDelivery,
    error: unknown,
    classification: ErrorClassification = this.classify(error),
  ): void {
    delivery.lastAttemptError = error;
    const recorded = describeError(error);
    delivery.addAttemptRecord({
      at: new Date().toISOString(),
      delivery: delivery.deliveries + 1,
      attempt: delivery.attempt,
      code: classification.code,
      ...(classification.sourceCode === undefined
        ? {}
        : { sourceCode: classification.sourceCode }),
      type: recorded.name,
      message: recorded.message.slice(0, ATTEMPT_MESSAGE_LENGTH),
    });
  }

  /** Counts an attempt durably (a redelivery, or a retry), before it runs. */
  recordAttemptStart(
    delivery: MessageDelivery,
    attempt: number,
  ): Promise<void> {
    if (delivery.messageId === undefined) return Promise.resolve();
    return this.failures.recordProgress(delivery, {
      attempts: attempt,
      deliveries: delivery.deliveries,
    });
  }

  /** Keeps a failed attempt, its error and the history not written yet, so a later process knows them. */
  async recordAttemptFailure(
    delivery: MessageDelivery,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    if (delivery.messageId === undefined) return;
    const records = [...delivery.unsaved];
    await this.failures.recordProgress(delivery, {
      attempts: attempt,
      deliveries: delivery.deliveries,
      error: describeError(error),
      records,
    });
    delivery.unsaved.splice(0, records.length);
  }

  /**
   * A round ended with a "later" failure and will be delivered again: a counted delivery is
   * written down first (so a crash never resets the count), then counted here.
   * @throws what the inbox throws; the round is then not counted
   */
  async recordRedelivery(
    delivery: MessageDelivery,
    settlement: Extract<Settlement, { action: 'redeliver' }>,
  ): Promise<void> {
    if (!settlement.counted || delivery.roundIsCounted) return;
    if (delivery.messageId !== undefined) {
      const records = [...delivery.unsaved];
      await this.failures.recordProgress(delivery, {
        attempts: delivery.attempt,
        deliveries: delivery.deliveries + 1,
        ...(delivery.lastAttemptError === undefined
          ? {}
          : { error: describeError(delivery.lastAttemptError) }),
        records,
      });
      delivery.unsaved.splice(0, records.length);
    }
    delivery.countRound();
  }

  /** The effect of a sequenced message committed: its group moved on. */
  committed(delivery: MessageDelivery): void {
    if (delivery.sequenced) {
      this.positions.set(
        delivery.consumer,
        delivery.groupKey!,
        delivery.sequence!,
      );
    }
  }

  /**
   * Dead-letters `delivery` with `error` (for deliveries exhausted: the last attempt's error)
   * and its attempt history, exactly once per message id.
   * @throws what the dead letter queue throws when it cannot take the entry now; the caller
   *   must keep the message (not acknowledge it) and try again later
   */
  /**
   * For a replayed message now handled (applied, or found already applied): confirms the
   * replay to the dead letter queue. `undefined` (no promise) for any other message.
   */
  confirmReplay(delivery: MessageDelivery): Promise<void> | undefined {
    return this.replays.confirm(delivery);
  }

  deadLetter(delivery: MessageDelivery, error: unknown): Promise<void> {
    return this.deadLetterer
      .deadLetter(delivery, error)
      .then(() => this.events?.deadLettered(delivery));
  }

  /** Finishes a dead-lettering a crash interrupted: stores the entry unless it already was. */
  resumeDeadLetter(delivery: MessageDelivery): Promise<void> {
    return this.deadLetterer.resume(delivery);
  }
}
