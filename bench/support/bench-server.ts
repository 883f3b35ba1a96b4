// The child's side of a server measured by http-cpu.ts: says where it listens, answers
// `{ usage: true }` with its CPU time so far, and closes on `{ stop: true }`.
import type { ServerReady } from './http-cpu.js';

/** Reports `ready` to the parent and serves its requests until told to stop. */
export function serveBench<Ready extends ServerReady>(
  ready: Ready,
  close: () => Promise<void>,
): void {
  process.on('message', (message: { usage?: boolean; stop?: boolean }) => {
    if (message.usage) process.send?.(process.cpuUsage());
    if (message.stop) void close().then(() => process.exit(0));
  });
  process.send?.(ready);
}
