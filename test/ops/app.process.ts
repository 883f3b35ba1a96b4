import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, where `npm start` runs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'main.js');
/** Where the apps started here keep their SQLite files. */
const DATA_DIR = join(tmpdir(), `ops-apps-${process.pid}`);
const SOURCES = ['src', 'libs', 'config', 'package.json', 'nest-cli.json'];

// Variables of the surrounding shell that would point the app elsewhere than its embedded
// defaults, or decide its mode.
const INHERITED =
  /^(DATABASE_|REDIS_|RABBITMQ_|NATS_|ADMIN_|DLQ_|RESILIENCE_|MESSAGING_)|^(NODE_ENV|PORT|BODY_MAX_DEPTH|[A-Z_]+_SERVICE_URL|[A-Z_]+_SERVER_URL)$/;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether `dist/main.js` is missing or older than the code it is built from. */
export function bundleIsStale(): boolean {
  if (!existsSync(BUNDLE)) return true;
  const built = statSync(BUNDLE).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}

/**
 * Bundles the app (`nest build`, the second half of `npm run build`; the type check is
 * `npm run lint`'s) unless `dist/` is already up to date.
 * @throws Error with the builder's output when the build fails
 */
export function ensureBuilt(): void {
  if (!bundleIsStale()) return;
  const build = spawnSync('npx', ['nest', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (build.status !== 0) {
    throw new Error(`nest build failed:\n${build.stdout}\n${build.stderr}`);
  }
}

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The environment of an app started as a user would on a laptop: the embedded defaults (an
 * SQLite file of its own, in-memory state, no broker, the simulators), `PORT`, `extra` on top.
 */
export function embeddedEnv(
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !INHERITED.test(entry[0]),
    ),
  );
  const env: Record<string, string> = {
    ...base,
    NODE_ENV: 'development',
    PORT: String(port),
    DATABASE_SQLITE_PATH: join(DATA_DIR, String(port), 'app.sqlite'),
    ADMIN_TOKEN: 'ops-admin-token-0123456789',
    ...extra,
  };
  // The SQLite path is refused next to a PostgreSQL URL: it would do nothing there.
  if (env.DATABASE_URL) delete env.DATABASE_SQLITE_PATH;
  return env;
}

/** Removes the SQLite files of the apps started with {@link embeddedEnv}. */
export function removeAppData(): void {
  rmSync(DATA_DIR, { recursive: true, force: true });
}

/** A process started from the command line, with its output and its end. */
export interface StartedProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** The exit code (or signal) once it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until the output matches `pattern`. @throws when it exits or `timeoutMs` passes */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Kills it and the Node.js process it started, if still there (cleanup after a failure). */
  kill(): void;
}

/** Starts `command` in the repository root as a shell user would. */
export function start(
  command: string,
  args: string[],
  env: Record<string, string>,
): StartedProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = text.match(pattern);
      if (match) return match;
      if (gone || Date.now() > deadline) {
        throw new Error(
          `${command} ${args.join(' ')}: no ${pattern} ${gone ? 'before it exited' : `in ${timeoutMs} ms`}:\n${text}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    child,
    output: () => text,
    exited,
    waitFor,
    kill: () => {
      const app = nestPid(text);
      for (const pid of [app, child.pid]) {
        if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
    },
  };
}

/** The pid of the Nest application, from the prefix of its log lines (`[Nest] 4242  - `). */
export function nestPid(output: string): number | undefined {
  const match = /\[Nest\] (\d+) /.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
