import type { NatsBrokerOptions } from '../resilient-messaging-options.interface.js';

/** Every default of the JetStream transport, defined once. */
export const JETSTREAM_DEFAULTS: Required<
  Pick<NatsBrokerOptions, 'maxAckPending' | 'ackWaitMs' | 'maxDeliver'>
> = {
  maxAckPending: 32,
  ackWaitMs: 30_000,
  maxDeliver: 20,
};

/** The options with every default filled in. */
export type ResolvedJetStreamOptions = Required<NatsBrokerOptions>;

/** `options` over {@link JETSTREAM_DEFAULTS}. */
export function resolveJetStreamOptions(
  options: NatsBrokerOptions,
): ResolvedJetStreamOptions {
  return { ...JETSTREAM_DEFAULTS, ...options };
}
