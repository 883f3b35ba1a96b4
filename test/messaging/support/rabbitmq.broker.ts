import { once } from 'node:events';
import amqp from 'amqplib';

/** RabbitMQ of the tests (start it with `docker compose up -d rabbitmq` if it is not running). */
export const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Opens a plain amqplib connection. @throws naming the service and how to start it */
export async function connectRabbitMq(): Promise<amqp.ChannelModel> {
  try {
    return await amqp.connect(RABBITMQ_URL);
  } catch (error) {
    throw new Error(
      `RabbitMQ is not reachable at ${RABBITMQ_URL} (start it with \`docker compose up -d rabbitmq\`): ${String(error)}`,
    );
  }
}

/** Deletes a durable queue, its dead-letter exchange and dead queue, if they exist. */
export async function deleteDurableQueue(queue: string): Promise<void> {
  const connection = await connectRabbitMq();
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(`${queue}.dead`);
    await channel.deleteExchange(`${queue}.dlx`);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * Publishes raw messages to `queue` (declared already) as fast as the broker takes them: one
 * confirm channel, waiting only when its buffer is full, then for every confirm.
 * @throws when the broker refused any of them
 */
export async function publishToQueue(
  queue: string,
  messages: readonly {
    messageId: string;
    body: string;
    headers: Record<string, string>;
  }[],
): Promise<void> {
  const connection = await connectRabbitMq();
  try {
    const channel = await connection.createConfirmChannel();
    for (const message of messages) {
      const written = channel.sendToQueue(queue, Buffer.from(message.body), {
        persistent: true,
        contentType: 'application/json',
        messageId: message.messageId,
        headers: message.headers,
      });
      if (!written) await once(channel, 'drain');
    }
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Messages ready in `queue` and in its dead queue (unacknowledged ones are not counted here). */
export async function readyMessages(queue: string): Promise<number> {
  const connection = await connectRabbitMq();
  try {
    const channel = await connection.createChannel();
    const main = await channel.checkQueue(queue);
    const dead = await channel.checkQueue(`${queue}.dead`);
    await channel.close();
    return main.messageCount + dead.messageCount;
  } finally {
    await connection.close();
  }
}
