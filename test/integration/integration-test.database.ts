import { createTestSchema as createSchema } from '../support/test-schema.js';

/** RabbitMQ of the tests (start it with `docker compose up -d rabbitmq` if it is not running). */
export const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export { POSTGRES_URL, type TestSchema } from '../support/test-schema.js';

/** A schema of the integration suites' own. */
export const createTestSchema = () => createSchema('integration_e2e');
