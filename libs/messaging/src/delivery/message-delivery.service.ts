import { Injectable, Logger } from '@nestjs/common';
import { ErrorClassifier } from '@nest-resilience/resilience';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import { REQUEST_ID_HEADER } from '@nest-resilience/problem-details';
import { isMessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { RecordedFailureError } from '../errors/recorded-failure.error.js';
import { GroupPositionCache } from '../inbox/group-position.cache.js';
import { InboxStatus } from '../inbox/inbox-status.enum.js';
import { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import type { RecordedError } from '../inbox/inbox-record.interface.js';
import { InboxStore } from '../inbox/inbox.store.js';
import type { MessageDelivery } from './message-delivery.js';
import {
  decideSettlement,
  type Settlement,
} from './message-settlement.policy.js';

/** What a consumer does with a message before dispatching it. */
export type Admission =
  /** Run the handler. */
  | 'dispatch'
  /** Applied or dead-lettered already: acknowledge without running anything. */
  | 'duplicate'
  /** Its predecessor in the group is not applied yet: set it aside. */
  | 'park'
  /** A crash interrupted its dead-lettering: finish that, then acknowledge. */
  | 'resume-dead-letter';

/**
 * The transport-independent half of consuming: before dispatch, recognises duplicates,
 * restores the attempts spent by earlier deliveries and checks per-group order; after the
 * handler, decides the settlement; and dead-letters exactly once (write-ahead in the inbox,
 * then the dead letter queue, then the inbox again), moving the message's group past it.
 * Every durable transport of the library (RabbitMQ, JetStream, in-process) runs through it.
 */
@Injectable()
export class MessageDeliveryService {
  private readonly logger = new Logger('MessageDelivery');
  private readonly classify = (error: unknown) =>
    this.classifier.classify(error);
  private readonly lastErrors = new WeakMap<MessageDelivery, RecordedError>();

  constructor(
    private readonly inbox: InboxStore,
    private readonly failures: InboxFailureStore,
    private readonly positions: GroupPositionCache,
    private readonly deadLetters: DeadLetterService,
    private readonly classifier: ErrorClassifier,
  ) {}

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
    const record = await this.failures.find(
      delivery.consumer,
      delivery.messageId!,
    );
    if (record?.status === InboxStatus.DONE) return 'duplicate';
    if (record?.status === InboxStatus.DEAD_LETTERING)
      return 'resume-dead-letter';
    if (record?.status === InboxStatus.DEAD_LETTERED && !delivery.replayOf)
      return 'duplicate';
    if (record?.status === InboxStatus.PENDING) {
      delivery.priorAttempts = Math.max(
        delivery.priorAttempts,
        record.attempts,
      );
      if (record.lastError) this.lastErrors.set(delivery, record.lastError);
    }
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
    if (sequence <= position) return 'duplicate';
    if (sequence === position + 1) return 'dispatch';
    // Seemingly early: another consumer may have moved the group on meanwhile.
    return this.inbox.groupPosition(consumer, groupKey).then((read) => {
      this.positions.set(consumer, groupKey, read);
      if (sequence <= read) return 'duplicate';
      return sequence === read + 1 ? 'dispatch' : 'park';
    });
  }

  /** The last error an earlier process recorded for `delivery`, as a stand-in error. */
  recordedError(delivery: MessageDelivery): Error | undefined {
    const recorded = this.lastErrors.get(delivery);
    return recorded ? toError(recorded) : undefined;
  }

  /** What to do with `delivery` now that its handler returned. */
  settle(delivery: MessageDelivery): Settlement {
    return decideSettlement(delivery.failure, this.classify);
  }

  /** Counts an attempt durably (a redelivery, or a retry), before it runs. */
  recordAttemptStart(
    delivery: MessageDelivery,
    attempt: number,
  ): Promise<void> {
    if (delivery.messageId === undefined) return Promise.resolve();
    return this.failures.recordAttempt(delivery, attempt);
  }

  /** Keeps a failed attempt and its error, so a later process knows both. */
  recordAttemptFailure(
    delivery: MessageDelivery,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    if (delivery.messageId === undefined) return Promise.resolve();
    return this.failures.recordAttempt(delivery, attempt, describe(error));
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
   * Dead-letters `delivery` with `error` (for attempts exhausted: the last attempt's error),
   * exactly once per message id.
   * @throws what the dead letter queue throws when it cannot take the entry now; the caller
   *   must keep the message (not acknowledge it) and try again later
   */
  async deadLetter(delivery: MessageDelivery, error: unknown): Promise<void> {
    const cause =
      isMessageAttemptsExhaustedError(error) && error.cause !== undefined
        ? error.cause
        : error;
    if (delivery.messageId === undefined) {
      await this.store(delivery, cause);
      return;
    }
    await this.failures.beginDeadLetter(delivery);
    const id = await this.store(delivery, cause);
    await this.failures.finishDeadLetter(delivery, id);
    this.committed(delivery);
  }

  /** Finishes a dead-lettering a crash interrupted: stores the entry unless it already was. */
  async resumeDeadLetter(delivery: MessageDelivery): Promise<void> {
    const existing = await this.deadLetters.findByMessageId(
      delivery.source,
      delivery.messageId!,
    );
    if (existing) {
      await this.failures.finishDeadLetter(delivery, existing.id);
      this.committed(delivery);
      return;
    }
    const record = await this.failures.find(
      delivery.consumer,
      delivery.messageId!,
    );
    const error = record?.lastError
      ? toError(record.lastError)
      : new RecordedFailureError(
          'Error',
          undefined,
          'Dead-lettering was interrupted',
        );
    const id = await this.store(delivery, error);
    await this.failures.finishDeadLetter(delivery, id);
    this.committed(delivery);
  }

  private async store(
    delivery: MessageDelivery,
    error: unknown,
  ): Promise<string> {
    const requestId = delivery.headers[REQUEST_ID_HEADER];
    const entry = await this.deadLetters.deadLetter({
      source: delivery.source,
      destination: delivery.destination,
      ...(delivery.pattern === undefined ? {} : { pattern: delivery.pattern }),
      payload: delivery.payload,
      headers: delivery.headers,
      error,
      ...(delivery.messageId === undefined
        ? {}
        : { messageId: delivery.messageId }),
      retryCount: delivery.attempt,
      receivedAt: delivery.receivedAt,
      ...(delivery.firstFailedAt
        ? { firstFailedAt: delivery.firstFailedAt }
        : {}),
      ...(requestId === undefined ? {} : { requestId }),
    });
    this.logger.debug(
      `Dead-lettered ${delivery.messageId ?? '(no id)'} from ${delivery.source}`,
    );
    return entry.id;
  }
}

function describe(error: unknown): RecordedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: error.message,
    };
  }
  return { name: typeof error, message: String(error) };
}

function toError(recorded: RecordedError): Error {
  return new RecordedFailureError(
    recorded.name,
    recorded.code,
    recorded.message,
  );
}
