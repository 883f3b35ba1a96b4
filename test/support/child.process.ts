import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./ts-child.runner.mjs', import.meta.url));

/** An application running in a child process. */
export interface AppProcess<Ready> {
  child: ChildProcess;
  /** The message the process sent when it was ready. */
  ready: Ready;
  /** Sends `message` and waits for the process's next message. */
  ask<Answer>(message: object): Promise<Answer>;
  /** Crashes it: no shutdown hook runs, unacknowledged messages return to the broker. */
  kill(): Promise<void>;
  /** Lets it finish what it holds and exit (it is sent `{ stop: true }`). */
  stop(): Promise<void>;
}

/**
 * Forks `entry` (a TypeScript file) through the test runner's transform and waits for its
 * first message, which says it is ready. @throws when it exits or takes longer than
 * `timeoutMs` to be ready
 */
export async function startAppProcess<Ready = unknown>(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<AppProcess<Ready>> {
  const child = fork(RUNNER, [entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );
  const next = <T>(what: string, ms: number) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: T) => {
        settle();
        resolve(message);
      };
      const onExit = (code: number | null) => {
        settle();
        reject(new Error(`${entry} exited with ${code} before ${what}`));
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`${entry}: no ${what} after ${ms} ms`));
      }, ms);
      const settle = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const ready = await next<Ready>('ready message', timeoutMs);
  return {
    child,
    ready,
    ask: <Answer>(message: object) => {
      const answer = next<Answer>('answer', timeoutMs);
      child.send(message);
      return answer;
    },
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
