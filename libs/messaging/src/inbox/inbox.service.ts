import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessageDelivery } from '../delivery/message-delivery.js';
import { MessageDeliveryService } from '../delivery/message-delivery.service.js';
import { MessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { MessagingTransactionRunner } from '../storage/messaging-transaction.runner.js';
import { InboxStore, type InboxClaim } from './inbox.store.js';

/** The outcome of {@link InboxService.consume}. */
export type ConsumeResult<T> =
  | { applied: true; result: T }
  /**
   * `duplicate`: applied before. `dead-lettered`: a copy of a message in the dead letter
   * queue; the transport then decides whether its entry lets it be applied (and runs the
   * handler again) or records the copy against the entry.
   */
  | { applied: false; reason: 'duplicate' | 'dead-lettered' };

/**
 * Idempotent consumption: runs a message's effect in one transaction with its inbox entry, so
 * a redelivered message is acknowledged without being applied twice, and a sequenced message
 * is applied only right after its predecessor.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly db: MessagingTransactionRunner,
    private readonly store: InboxStore,
    private readonly deliveries: MessageDeliveryService,
  ) {}

  /**
   * Applies `effect` unless the message was applied before. Outside the library's durable
   * transports (no delivery on `context`, or no message id) the effect simply runs in a
   * transaction.
   *
   * @param context the handler's RPC context (`@Ctx()`)
   * @param effect the state change, made through `manager` only
   * @throws MessageOutOfOrderError when the message's predecessor is not applied yet (the
   *   transport parks it; nothing was applied)
   * @throws whatever `effect` throws, after rolling back
   */
  async consume<T>(
    context: unknown,
    effect: (manager: EntityManager) => Promise<T>,
  ): Promise<ConsumeResult<T>> {
    const delivery = MessageDelivery.of(context);
    if (delivery?.messageId === undefined) {
      return { applied: true, result: await this.db.transaction(effect) };
    }
    const apply = async (
      manager: EntityManager,
      claim: InboxClaim,
    ): Promise<ConsumeResult<T>> => {
      if (claim === 'duplicate' || claim === 'dead-lettered')
        return { applied: false, reason: claim };
      if (claim === 'out-of-order') {
        throw new MessageOutOfOrderError(
          delivery.groupKey!,
          delivery.sequence!,
        );
      }
      return { applied: true, result: await effect(manager) };
    };
    // On PostgreSQL a sequenced message's claim rides with the BEGIN: one round trip fewer.
    const outcome =
      this.db.isPostgres && delivery.sequenced
        ? await this.db.transactionWith(
            this.store.claimStatement(delivery),
            async (manager, rows) =>
              apply(manager, await this.store.claimed(manager, delivery, rows)),
          )
        : await this.db.transaction(async (manager) =>
            apply(manager, await this.store.claim(manager, delivery)),
          );
    if (outcome.applied) {
      delivery.applied = true;
      this.deliveries.committed(delivery);
    } else {
      delivery.duplicate = true;
      delivery.deadLetteredCopy = outcome.reason === 'dead-lettered';
    }
    return outcome;
  }
}
