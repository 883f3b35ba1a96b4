import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import { OutboxPublisher } from '@nest-resilience/messaging';
import { PipelineStatus, RecoveryScheduler } from '@nest-resilience/workflows';
import { INTEGRATION_MESSAGE_PATTERN } from '../../src/integration/consumer/integration-message.consumer.js';
import {
  createTestSchema,
  RABBITMQ_URL,
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { patientRecord, waitFor } from './integration.fixtures.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

describe('the durable entry: RabbitMQ consumer and outbox into WorkflowEngine.submit()', () => {
  const queue = `integration.e2e.${randomUUID().slice(0, 8)}`;
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  let t: IntegrationTestApp;
  let connection: ChannelModel;
  let channel: Channel;

  /** Messages stored for a producer's id. */
  const stored = async (messageId: string) =>
    t.dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM ${schema.name}.integration_messages WHERE message_id = $1`,
      [messageId],
    );
  const completed = (messageId: string) =>
    waitFor(`message ${messageId} to complete`, async () => {
      const rows = await stored(messageId);
      return rows[0]?.status === PipelineStatus.COMPLETED ? rows : undefined;
    });
  const publish = (data: unknown) =>
    channel.sendToQueue(
      queue,
      Buffer.from(
        JSON.stringify({ pattern: INTEGRATION_MESSAGE_PATTERN, data }),
      ),
      {
        persistent: true,
        messageId: randomUUID(),
        contentType: 'application/json',
      },
    );

  beforeAll(async () => {
    try {
      connection = await amqp.connect(RABBITMQ_URL);
    } catch (error) {
      throw new Error(
        `RabbitMQ is not reachable at ${RABBITMQ_URL} (start it with \`docker compose up -d rabbitmq\`): ${String(error)}`,
      );
    }
    channel = await connection.createChannel();
    schema = await createTestSchema();
    targets = await startTargetSystems();
    // The relay's own loop is off: outbox events wait for the recovery job.
    t = await startIntegrationApp(schema, {
      targets: targets.urls,
      messaging: { queue, relay: false },
    });
  });

  afterAll(async () => {
    await t?.close();
    await channel?.deleteQueue(queue).catch(() => undefined);
    await channel?.deleteQueue(`${queue}.dead`).catch(() => undefined);
    await channel?.deleteExchange(`${queue}.dlx`).catch(() => undefined);
    await connection?.close();
    await targets?.close();
    await schema?.drop();
  });

  it('processes a consumed message like an HTTP one, and a redelivered copy only once', async () => {
    const messageId = `rmq-${randomUUID()}`;
    publish({ messageId, type: 'patient-record', payload: patientRecord(1) });
    await completed(messageId);
    publish({ messageId, type: 'patient-record', payload: patientRecord(1) });
    await waitFor('the copy to be consumed', () =>
      t.logger.find(`messageId ${messageId} seen before`).length > 0
        ? true
        : undefined,
    );
    expect(await stored(messageId)).toHaveLength(1);
    expect(
      targets
        .simulator('fhir-server')
        .appliedFor((await stored(messageId))[0].id),
    ).toBe(1);
  });

  it('leaves a message of unknown type to the dead letter queue, unstored', async () => {
    const messageId = `rmq-${randomUUID()}`;
    publish({ messageId, type: 'no-such-type', payload: {} });
    const entry = await waitFor('the dead letter', async () =>
      (await t.get(DeadLetterService).list({ source: queue })).items.find(
        (e) => (e.payload as { messageId?: string }).messageId === messageId,
      ),
    );
    expect(entry).toMatchObject({
      pattern: INTEGRATION_MESSAGE_PATTERN,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await stored(messageId)).toHaveLength(0);
  });

  it('republishes outbox events that waited, through the recovery job', async () => {
    const messageId = `outbox-${randomUUID()}`;
    await t.dataSource.transaction((manager) =>
      t.get(OutboxPublisher).add(manager, {
        type: INTEGRATION_MESSAGE_PATTERN,
        groupKey: messageId,
        payload: {
          messageId,
          type: 'patient-record',
          payload: patientRecord(2),
        },
      }),
    );
    const run = await t.get(RecoveryScheduler).run('outbox');
    expect(run).toMatchObject({ ok: true, report: { republished: 1 } });
    await completed(messageId);
  });
});
