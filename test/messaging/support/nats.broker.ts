import { connect, type NatsConnection } from 'nats';

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
