import amqp from 'amqplib';

/** Messages waiting in a queue, by a connection of its own to the real broker. */
export interface QueueDepth {
  /** Ready in the run's queue (not yet delivered, or given back). */
  ready: number;
  /** In `<queue>.dead`: given up on by the broker itself. */
  dead: number;
}

/**
 * The run's queue as the real RabbitMQ sees it (never through the application's proxy): how
 * full it is, and deleting it with its dead-letter exchange and queue at the end.
 */
export class ChaosQueueBroker {
  constructor(
    private readonly url: string,
    readonly queue: string,
  ) {}

  /** @throws Error naming RabbitMQ and how to start it when unreachable */
  async depth(): Promise<QueueDepth> {
    return this.withChannel(async (connection) => ({
      ready: await count(connection, this.queue),
      dead: await count(connection, `${this.queue}.dead`),
    }));
  }

  /** Deletes the queue, `<queue>.dead` and `<queue>.dlx`, those that exist. */
  async delete(): Promise<void> {
    await this.withChannel(async (connection) => {
      const channel = await connection.createChannel();
      await channel.deleteQueue(this.queue);
      await channel.deleteQueue(`${this.queue}.dead`);
      await channel.deleteExchange(`${this.queue}.dlx`);
      await channel.close();
    });
  }

  private async withChannel<T>(
    work: (connection: amqp.ChannelModel) => Promise<T>,
  ): Promise<T> {
    let connection: amqp.ChannelModel;
    try {
      connection = await amqp.connect(this.url);
    } catch (error) {
      throw new Error(
        `RabbitMQ is not reachable at ${this.url} (start it with \`docker compose up -d rabbitmq\`): ${String(error)}`,
      );
    }
    connection.on('error', () => undefined);
    try {
      return await work(connection);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}

/** Messages ready in `queue`; 0 when it does not exist (a missing queue closes its channel). */
async function count(
  connection: amqp.ChannelModel,
  queue: string,
): Promise<number> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch {
    return 0;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
