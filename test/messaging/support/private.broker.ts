import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The NATS server binary (Debian's `nats-server` package). */
const NATS_SERVER = '/usr/sbin/nats-server';
/** RabbitMQ's own start script, not the wrapper that runs the machine's node. */
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** How a broker process is started: its command and what it needs on the side. */
interface BrokerCommand {
  name: string;
  /** The Debian package that ships it, for the message when it is missing. */
  packageName: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  url: string;
}

/**
 * A broker instance a spec owns: started on free loopback ports with its data in a temporary
 * directory, really stopped and started again (same ports, same data), and removed at the end.
 * The machine's shared brokers are never touched. Each run goes in a process group of its own,
 * so a stop ends the broker and every process it started.
 */
export class PrivateBroker {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly logFile: string;

  private constructor(
    private readonly spec: BrokerCommand,
    private readonly dir: string,
  ) {
    this.logFile = join(dir, 'broker.log');
  }

  /** A JetStream-enabled NATS server whose streams live in its own store directory. */
  static async nats(): Promise<PrivateBroker> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'nats-private-'));
    return new PrivateBroker(
      {
        name: 'nats-server',
        packageName: 'nats-server',
        command: NATS_SERVER,
        args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir],
        env: {},
        port,
        url: `nats://127.0.0.1:${port}`,
      },
      dir,
    );
  }

  /**
   * A RabbitMQ node of its own: its own node name, AMQP and distribution ports, database, logs
   * and Erlang cookie, and no plugins. It boots in about 10 to 15 s.
   */
  static async rabbitmq(): Promise<PrivateBroker> {
    const port = await freePort();
    const distPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'rabbitmq-private-'));
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(
      join(dir, 'rabbitmq.conf'),
      `listeners.tcp.default = 127.0.0.1:${port}\n`,
    );
    return new PrivateBroker(
      {
        name: 'rabbitmq-server',
        packageName: 'rabbitmq-server',
        command: RABBITMQ_SERVER,
        args: [],
        env: {
          HOME: dir,
          RABBITMQ_NODENAME: `private-${process.pid}-${port}@localhost`,
          RABBITMQ_NODE_PORT: String(port),
          RABBITMQ_DIST_PORT: String(distPort),
          RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
          RABBITMQ_LOG_BASE: join(dir, 'log'),
          RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
          RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
          RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
          ERL_EPMD_ADDRESS: '127.0.0.1',
        },
        port,
        url: `amqp://guest:guest@127.0.0.1:${port}`,
      },
      dir,
    );
  }

  /** The broker's URL, for the app. */
  get url(): string {
    return this.spec.url;
  }

  /**
   * Starts the broker and waits until it accepts connections.
   * @returns when it first accepted one (epoch ms): the moment the broker is back
   * @throws naming the broker, with the end of its log, when it exits or does not answer in time
   */
  async start(timeoutMs = 60_000): Promise<number> {
    const { name, packageName, command, args, env, port } = this.spec;
    if (!existsSync(command)) {
      throw new Error(
        `${command} is missing: install it with \`apt-get install ${packageName}\``,
      );
    }
    if (this.child) throw new Error(`${name} is already running`);
    const log = openSync(this.logFile, 'a');
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.killOnExit);
    let gone = false;
    void this.exited.then(() => (gone = true));
    try {
      return await acceptedAt(port, timeoutMs, () => gone);
    } catch (error) {
      await this.stop();
      throw new Error(
        `${name} did not accept connections on 127.0.0.1:${port}: ${String(error)}\n${this.logTail()}`,
      );
    }
  }

  /** Stops the broker as a service restart does (SIGTERM), and waits until it has exited. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    // Whatever the start script left behind in the group goes with it.
    this.signal('SIGKILL');
    this.child = undefined;
    process.off('exit', this.killOnExit);
  }

  /** Stops the broker and removes its data. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  private readonly killOnExit = (): void => this.signal('SIGKILL');

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-2_000);
    } catch {
      return '';
    }
  }
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Polls `port` until a TCP connection succeeds. @returns when it did (epoch ms)
 * @throws when `gone()` says the process exited, or after `timeoutMs`
 */
async function acceptedAt(
  port: number,
  timeoutMs: number,
  gone: () => boolean,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await accepts(port)) return Date.now();
    if (gone()) throw new Error('the process exited');
    if (Date.now() > deadline) throw new Error(`no answer in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
