/** Where the request to the delivery service stands for an order. */
export enum DeliveryStatus {
  /** Being requested right now. */
  REQUESTING = 'REQUESTING',
  /** The delivery service accepted it: the order carries a tracking number. */
  SCHEDULED = 'SCHEDULED',
  /** The delivery service was unavailable: stored, and retried by a background job. */
  QUEUED = 'QUEUED',
  /** The delivery service refused it, or every retry failed: needs a person. */
  FAILED = 'FAILED',
  /** The order was cancelled before its delivery was scheduled. */
  CANCELLED = 'CANCELLED',
}
