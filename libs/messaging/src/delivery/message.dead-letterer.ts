import { Logger } from '@nestjs/common';
import type { DeadLetterService } from '@nest-resilience/dead-letters';
import { REQUEST_ID_HEADER } from '@nest-resilience/problem-details';
import { isMessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { RecordedFailureError } from '../errors/recorded-failure.error.js';
import type { InboxFailureStore } from '../inbox/inbox-failure.store.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';
import { MAX_ATTEMPT_RECORDS } from './attempt-record.interface.js';
import {
  describeError,
  errorFromRecord,
  restoreFromInbox,
} from './delivery-record.util.js';
import type { MessageDelivery } from './message-delivery.js';

/** What the dead-letterer needs of the delivery service. */
export interface DeadLettererHooks {
  /** The message's group moved past it. */
  committed(delivery: MessageDelivery): void;
  /** Keeps `error` in the delivery's history. */
  noteFailure(delivery: MessageDelivery, error: unknown): void;
}

/**
 * Dead-letters messages of the durable transports exactly once per message id: write-ahead in
 * the inbox (with the last error and the history not written yet), then the dead letter queue
 * (the message's headers plus `x-attempt-history`, `retryCount` its deliveries), then the inbox
 * again, which moves the message's group past it.
 */
export class MessageDeadLetterer {
  private readonly logger = new Logger('MessageDelivery');

  constructor(
    private readonly failures: InboxFailureStore,
    private readonly deadLetters: DeadLetterService,
    private readonly hooks: DeadLettererHooks,
  ) {}

  /**
   * @param error why (for deliveries exhausted: `MessageAttemptsExhaustedError`, whose cause,
   *   the last attempt's error, is what is stored)
   * @throws what the dead letter queue throws when it cannot take the entry now
   */
  async deadLetter(delivery: MessageDelivery, error: unknown): Promise<void> {
    const cause =
      isMessageAttemptsExhaustedError(error) && error.cause !== undefined
        ? error.cause
        : error;
    // The round that ends here ran the handler: it is one of the message's deliveries.
    if (delivery.roundAttempts > 0) delivery.countRound();
    // Refused before any attempt (unreadable body, no handler): the refusal is its history.
    if (delivery.history.length === 0) this.hooks.noteFailure(delivery, cause);
    if (delivery.messageId === undefined) {
      await this.store(delivery, cause);
      return;
    }
    const records = [...delivery.unsaved];
    await this.failures.beginDeadLetter(
      delivery,
      describeError(cause),
      records,
    );
    delivery.unsaved.splice(0, records.length);
    const id = await this.store(delivery, cause);
    await this.failures.finishDeadLetter(delivery, id);
    this.hooks.committed(delivery);
  }

  /** Finishes a dead-lettering a crash interrupted: stores the entry unless it already was. */
  async resume(delivery: MessageDelivery): Promise<void> {
    const existing = await this.deadLetters.findByMessageId(
      delivery.source,
      delivery.messageId!,
    );
    if (existing) {
      await this.failures.finishDeadLetter(delivery, existing.id);
      this.hooks.committed(delivery);
      return;
    }
    const record = await this.failures.find(
      delivery.consumer,
      delivery.messageId!,
    );
    if (record) restoreFromInbox(delivery, record);
    const error = record?.lastError
      ? errorFromRecord(record.lastError)
      : new RecordedFailureError(
          'Error',
          undefined,
          'Dead-lettering was interrupted',
        );
    const id = await this.store(delivery, error);
    await this.failures.finishDeadLetter(delivery, id);
    this.hooks.committed(delivery);
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
      headers: {
        ...delivery.headers,
        [MESSAGE_HEADERS.attemptHistory]: JSON.stringify(
          delivery.history.slice(-MAX_ATTEMPT_RECORDS),
        ),
      },
      error,
      ...(delivery.messageId === undefined
        ? {}
        : { messageId: delivery.messageId }),
      retryCount: delivery.deliveries,
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
