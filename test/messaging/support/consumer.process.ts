import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./ts-child.runner.mjs', import.meta.url));

/** A consumer running in a child process. */
export interface ConsumerProcess {
  child: ChildProcess;
  /** Crashes it: no shutdown hook runs, unacknowledged messages return to the broker. */
  kill(): Promise<void>;
  /** Lets it finish what it holds and exit. */
  stop(): Promise<void>;
}

/**
 * Forks `entry` (a TypeScript file) through the test runner's transform and waits for its
 * `ready` message. @throws when it exits or takes longer than `timeoutMs` to be ready
 */
export async function startConsumerProcess(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ConsumerProcess> {
  const child = fork(RUNNER, [entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumer process not ready after ${timeoutMs} ms`)), timeoutMs);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`consumer process exited with ${code} before it was ready`));
    });
  });
  return {
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ stop: true });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
