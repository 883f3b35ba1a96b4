import { connect, headers, type NatsConnection } from 'nats';

/** NATS of the tests, with JetStream (start it with `docker compose up -d nats` if it is not running). */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Opens a connection. @throws naming the service and how to start it */
export async function connectNats(): Promise<NatsConnection> {
  try {
    return await connect({ servers: NATS_URL });
  } catch (error) {
    throw new Error(
      `NATS is not reachable at ${NATS_URL} (start it with \`docker compose up -d nats\`): ${String(error)}`,
    );
  }
}

/** Deletes a JetStream stream (and its consumers), if it exists. */
export async function deleteStream(stream: string): Promise<void> {
  const nc = await connectNats();
  try {
    await (
      await nc.jetstreamManager()
    ).streams
      .delete(stream)
      .catch(() => false);
  } finally {
    await nc.close();
  }
}

/**
 * Publishes raw messages to `subject` as fast as JetStream acknowledges them: many in flight
 * at once, in publishing order.
 * @throws when the stream refused any of them
 */
export async function publishToStream(
  subject: string,
  messages: readonly {
    messageId: string;
    body: string;
    headers: Record<string, string>;
  }[],
): Promise<void> {
  const nc = await connectNats();
  try {
    const js = nc.jetstream();
    for (let i = 0; i < messages.length; i += 1_000) {
      await Promise.all(
        messages.slice(i, i + 1_000).map((message) => {
          const h = headers();
          for (const [name, value] of Object.entries(message.headers))
            h.set(name, value);
          return js.publish(subject, Buffer.from(message.body), {
            msgID: message.messageId,
            headers: h,
          });
        }),
      );
    }
  } finally {
    await nc.close();
  }
}

/** Messages the durable consumer has not acknowledged yet: pending delivery or in work. */
export async function unacknowledged(
  stream: string,
  durable: string,
): Promise<number> {
  const nc = await connectNats();
  try {
    const info = await (
      await nc.jetstreamManager()
    ).consumers.info(stream, durable);
    return info.num_pending + info.num_ack_pending;
  } finally {
    await nc.close();
  }
}
