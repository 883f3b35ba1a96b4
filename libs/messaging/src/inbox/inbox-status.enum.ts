/** Where a consumed message stands in the inbox. */
export enum InboxStatus {
  /** Attempts were spent on it, none succeeded yet. */
  PENDING = 'PENDING',
  /** Its effect committed: a redelivery is acknowledged without being applied again. */
  DONE = 'DONE',
  /** Being handed to the dead letter queue (a crash here is resumed on redelivery). */
  DEAD_LETTERING = 'DEAD_LETTERING',
  /** In the dead letter queue: a redelivery is acknowledged, only a replay is taken again. */
  DEAD_LETTERED = 'DEAD_LETTERED',
}
