import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * The broker cannot be reached: the outbox relay keeps its events and tries again later. A
 * failure of the publish the relay's breaker counts, so a broker that stays down opens it.
 */
export class BrokerUnavailableError extends ApplicationError {
  static readonly CODE = 'MESSAGING.BROKER_UNAVAILABLE';
  readonly code = BrokerUnavailableError.CODE;
  readonly problem = 'DEPENDENCY_UNAVAILABLE' as const;

  /** @param transport the broker's transport (`rabbitmq`, `nats`, `in-process`) */
  constructor(readonly transport: string) {
    super(`The ${transport} broker is not connected.`);
  }
}

/** Type guard for {@link BrokerUnavailableError}, safe across package copies and processes. */
export function isBrokerUnavailableError(
  value: unknown,
): value is BrokerUnavailableError {
  return (
    isApplicationError(value) && value.code === BrokerUnavailableError.CODE
  );
}
