/** Where an order is in its life; {@link OrderStateMachine} says which moves are allowed. */
export enum OrderStatus {
  /** Accepted and stored, waiting to be shipped. */
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
