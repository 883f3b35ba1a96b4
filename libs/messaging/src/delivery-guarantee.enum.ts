/**
 * What a transport promises about a message it accepted, stated in code, in the docs and in
 * `GET /health` so nobody assumes more than a transport gives.
 */
export enum DeliveryGuarantee {
  /**
   * Kept until a consumer acknowledges it after the effect (or the dead letter) committed; a
   * crash redelivers it, and the inbox makes the redelivery harmless.
   */
  AT_LEAST_ONCE = 'at-least-once',
  /** Handed over once; a message sent while no consumer listens, or lost in a crash, is gone. */
  AT_MOST_ONCE = 'at-most-once',
}
