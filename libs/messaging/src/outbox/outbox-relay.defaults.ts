import type { OutboxRelayOptions } from '../resilient-messaging-options.interface.js';

/** Every default of the relay, defined once. */
export const OUTBOX_RELAY_DEFAULTS: Required<OutboxRelayOptions> = {
  enabled: true,
  batchSize: 200,
  pollIntervalMs: 1_000,
  leaseMs: 30_000,
  breakerService: 'rabbitmq',
  retentionMs: 86_400_000,
  purgeIntervalMs: 60_000,
};
