/**
 * Message headers the library writes and reads. Transports carry them as they are (AMQP
 * headers, NATS headers); lower-case so that every transport agrees on the spelling.
 */
export const MESSAGE_HEADERS = {
  /** Id of the message, the inbox's key (AMQP also carries it as `messageId`). */
  messageId: 'x-message-id',
  /** Ordering group of the message (order id, else customer id, else event type). */
  groupKey: 'x-group-key',
  /** Position of the message in its group, from 1, assigned when the outbox stores it. */
  sequence: 'x-group-seq',
  /** Handler invocations already spent on the message, when it was moved by the consumer. */
  attempts: 'x-attempts',
  /** Id of the dead letter a replayed message comes from: lets the inbox take it again. */
  replayOf: 'x-replay-of',
  /** The message's pattern, for bodies that are not Nest packets. */
  pattern: 'x-pattern',
  /**
   * On a dead letter only: the message's failed attempts, a JSON array of `AttemptRecord`
   * (time, delivery, attempt, code, error type and message), oldest first.
   */
  attemptHistory: 'x-attempt-history',
} as const;

/** Tables of the inbox and the outbox; the migration creates them. */
export const MESSAGING_TABLES = {
  inbox: 'messaging_inbox',
  inboxGroups: 'messaging_inbox_groups',
  outbox: 'messaging_outbox',
  outboxGroups: 'messaging_outbox_groups',
} as const;

/** Default key of the messaging health indicator. */
export const MESSAGING_HEALTH_KEY = 'messaging';
