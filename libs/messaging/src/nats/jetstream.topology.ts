import { AckPolicy, DeliverPolicy, nanos, type JetStreamManager } from 'nats';
import type { ResolvedJetStreamOptions } from './jetstream.defaults.js';

/**
 * Declares the stream (file storage, subjects `<subject>` and `<subject>.>`) and the durable
 * pull consumer (explicit acks, `max_ack_pending`, `ack_wait`, `max_deliver` as the backstop
 * against crash loops). Idempotent.
 */
export async function assertJetStream(
  jsm: JetStreamManager,
  options: ResolvedJetStreamOptions,
): Promise<void> {
  const subjects = [options.subject, `${options.subject}.>`];
  try {
    await jsm.streams.info(options.stream);
  } catch {
    await jsm.streams.add({ name: options.stream, subjects });
  }
  try {
    await jsm.consumers.info(options.stream, options.durable);
  } catch {
    await jsm.consumers.add(options.stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: options.maxAckPending,
      ack_wait: nanos(options.ackWaitMs),
      max_deliver: options.maxDeliver,
    });
  }
}
