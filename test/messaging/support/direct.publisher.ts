import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { connect as connectNats, headers as natsHeaders } from 'nats';
import { MESSAGE_HEADERS } from '@nest-resilience/messaging';

/** A `FLAKY` event for the flaky consumer, as a Nest packet. */
const FLAKY_BODY = (key: string) =>
  Buffer.from(JSON.stringify({ pattern: 'FLAKY', data: { key } }));

/**
 * Publishes a message to the queue from outside the app, as a producer that reconnected at
 * once would, trying until the broker confirms it. @returns its message id
 */
export async function publishToRabbitMq(
  url: string,
  queue: string,
): Promise<string> {
  const messageId = randomUUID();
  await untilTaken(async () => {
    const connection = await amqp.connect(url);
    try {
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(queue, FLAKY_BODY(`direct-${messageId}`), {
        persistent: true,
        messageId,
        headers: { [MESSAGE_HEADERS.messageId]: messageId },
      });
      await channel.waitForConfirms();
    } finally {
      await connection.close().catch(() => undefined);
    }
  });
  return messageId;
}

/** The same on JetStream: done when the stream acknowledged it. @returns its message id */
export async function publishToJetStream(
  url: string,
  subject: string,
): Promise<string> {
  const messageId = randomUUID();
  await untilTaken(async () => {
    const connection = await connectNats({ servers: url, reconnect: false });
    try {
      const headers = natsHeaders();
      headers.set(MESSAGE_HEADERS.messageId, messageId);
      await connection
        .jetstream()
        .publish(subject, FLAKY_BODY(`direct-${messageId}`), {
          msgID: messageId,
          headers,
          timeout: 1_000,
        });
    } finally {
      await connection.close().catch(() => undefined);
    }
  });
  return messageId;
}

async function untilTaken(publish: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await publish();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
