// Entry of the chaos run's consumer process (forked by chaos.e2e-spec.ts through
// ts-child.runner.mjs): the application's messaging with the chaos consumer, consuming only
// (the spec's process relays the outbox). Reports `ready` to the parent; a `stop` message
// closes it gracefully, SIGKILL is the crash under test.
import { ChaosConsumer } from './chaos.consumer.js';
import { startMessagingApp } from './messaging-test.app.js';

const t = await startMessagingApp({
  env: { MESSAGING_RELAY: 'false', MESSAGING_REDIS_EVENTS: 'false' },
  controllers: [ChaosConsumer],
  // Poison is expected by the thousand: only a fatal error is worth printing here.
  logLevels: ['fatal'],
});
process.send?.({ ready: true });
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) void t.close().then(() => process.exit(0));
});
