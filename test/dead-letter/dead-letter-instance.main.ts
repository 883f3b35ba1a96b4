// Entry of a second application instance for dead-letter-bulk-replay-durable.e2e-spec.ts (forked
// through ts-child.runner.mjs): the dead letter app on the spec's PostgreSQL schema, listening
// on an ephemeral loopback port it reports when ready. A `stop` message closes it gracefully
// (its bulk replays are handed back); SIGKILL is the crash under test.
import type { AddressInfo } from 'node:net';
import type { DeadLetterModuleOptions } from '@nest-resilience/dead-letters';
import { startDeadLetterApp } from './dead-letter-test.app.js';

const env = {
  DATABASE_URL: process.env.DATABASE_URL,
  DATABASE_SCHEMA: process.env.DATABASE_SCHEMA,
  DATABASE_CONNECT_TIMEOUT_MS: process.env.DATABASE_CONNECT_TIMEOUT_MS,
};
const options = JSON.parse(
  process.env.DLQ_INSTANCE_OPTIONS ?? '{}',
) as DeadLetterModuleOptions;
const t = await startDeadLetterApp(
  { driver: 'postgres', env, drop: () => Promise.resolve() },
  options,
);
await t.app.listen(0, '127.0.0.1');
const { port } = t.app.getHttpServer().address() as AddressInfo;
process.send?.({ ready: true, port });
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) void t.close().then(() => process.exit(0));
});
