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
