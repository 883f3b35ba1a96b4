import { once } from 'node:events';
import {
  createConnection,
  createServer,
  type Server,
  type Socket,
} from 'node:net';

/** Which way bytes travel: from the client to the service, or back. */
export type FaultDirection = 'upstream' | 'downstream' | 'both';

/** Where a {@link FaultProxy} forwards to. */
export interface FaultProxyTarget {
  host: string;
  port: number;
}

/** One step of {@link FaultProxy.run}: a fault switched on `atMs` after the run starts. */
export interface FaultStep {
  atMs: number;
  apply: (proxy: FaultProxy) => void;
}

interface DirectionFaults {
  latencyMs: number;
  jitterMs: number;
  bytesPerSecond: number;
  cutAfterBytes: number;
}

interface Link {
  client: Socket;
  service: Socket;
  forwarded: { upstream: number; downstream: number };
  cut: boolean;
}

const NO_FAULTS: DirectionFaults = {
  latencyMs: 0,
  jitterMs: 0,
  bytesPerSecond: 0,
  cutAfterBytes: 0,
};

/**
 * A TCP proxy a test puts between an app and a real service (PostgreSQL, Redis, RabbitMQ,
 * NATS, an HTTP upstream) on an ephemeral loopback port, to make that service refuse, drop,
 * hang or slow down without touching the service itself or its other clients.
 *
 * Faults switch at run time and apply to what happens next: `refuse()` stops accepting new
 * connections (clients get `ECONNREFUSED`), `resetConnections()` drops the open ones (clients
 * get `ECONNRESET`), `stall()` accepts and forwards nothing, `latency()`, `bandwidth()` and
 * `cutAfter()` shape each direction, `pass()` removes every fault, and `run()` plays a
 * schedule of them. `close()` closes everything the proxy opened.
 *
 * @example
 * ```ts
 * const proxy = await FaultProxy.start({ host: '127.0.0.1', port: 5432 });
 * const url = proxy.url('postgres://postgres@127.0.0.1:5432/test'); // the app connects here
 * proxy.resetConnections();
 * proxy.refuse(); // the database is down
 * proxy.pass(); // and back
 * await proxy.whenAccepting(); // clients can connect from here on
 * await proxy.close();
 * ```
 */
export class FaultProxy {
  private readonly links = new Set<Link>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private faults: Record<'upstream' | 'downstream', DirectionFaults> = {
    upstream: { ...NO_FAULTS },
    downstream: { ...NO_FAULTS },
  };
  private stalled = false;
  private listening = false;
  private closed = false;
  private server: Server;
  private readonly acceptWaiters = new Set<{
    resolve: () => void;
    reject: (error: Error) => void;
  }>();

  private constructor(
    private readonly target: FaultProxyTarget,
    /** The loopback port the proxy listens on, for as long as it lives. */
    readonly port: number,
    server: Server,
  ) {
    this.server = server;
  }

  /**
   * Starts a proxy to `target` on an ephemeral port of 127.0.0.1.
   * @param target the service, as `{ host, port }` or a URL whose host and port name it
   */
  static async start(target: FaultProxyTarget | string): Promise<FaultProxy> {
    const resolved = typeof target === 'string' ? targetOfUrl(target) : target;
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const proxy = new FaultProxy(resolved, port, server);
    proxy.attach(server);
    return proxy;
  }

  /** The proxy's host: always the IPv4 loopback. */
  get host(): string {
    return '127.0.0.1';
  }

  /** Connections open through the proxy now. */
  get connections(): number {
    return this.links.size;
  }

  /**
   * `url` with its host and port replaced by the proxy's, everything else kept: give it the
   * service's URL and hand the result to the app.
   */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = this.host;
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /**
   * Removes every fault: new connections are accepted and bytes flow as they come. After a
   * `refuse()` or `down()` the port is bound again asynchronously: await {@link whenAccepting}
   * to know when a client can connect.
   */
  pass(): void {
    this.stalled = false;
    this.faults = { upstream: { ...NO_FAULTS }, downstream: { ...NO_FAULTS } };
    for (const link of this.links) {
      link.client.resume();
      link.service.resume();
    }
    this.resumeListening();
  }

  /**
   * Resolves once the proxy accepts connections: at once while it does, else when a later
   * `pass()` has bound its port again (the moment a restarted service is back, as clients see it).
   * @throws when the proxy is closed, or its port cannot be bound again
   */
  whenAccepting(): Promise<void> {
    if (this.closed) {
      return Promise.reject(new Error('The FaultProxy is closed'));
    }
    if (this.listening && this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.acceptWaiters.add({ resolve, reject });
    });
  }

  /** Stops accepting connections: new ones are refused, open ones are left as they are. */
  refuse(): void {
    if (!this.listening) return;
    this.listening = false;
    this.server.close();
  }

  /** Drops every open connection at once, as a crashed service or a broken network path does. */
  resetConnections(): void {
    for (const link of this.links) {
      link.client.resetAndDestroy();
      link.service.destroy();
    }
    this.links.clear();
  }

  /** A refused port and no open connection: the service is gone. */
  down(): void {
    this.refuse();
    this.resetConnections();
  }

  /**
   * A hung service: connections are accepted (and the open ones kept) but nothing is
   * forwarded either way until `pass()`.
   */
  stall(): void {
    this.stalled = true;
    for (const link of this.links) {
      link.client.pause();
      link.service.pause();
    }
  }

  /**
   * Delays every chunk by `ms`, plus up to `jitterMs` at random, keeping their order.
   * @param direction which way is delayed @default 'both'
   */
  latency(
    ms: number,
    options: { jitterMs?: number; direction?: FaultDirection } = {},
  ): void {
    for (const faults of this.directions(options.direction)) {
      faults.latencyMs = ms;
      faults.jitterMs = options.jitterMs ?? 0;
    }
  }

  /**
   * Forwards at most `bytesPerSecond` per connection and direction.
   * @param direction which way is limited @default 'both'
   */
  bandwidth(bytesPerSecond: number, direction: FaultDirection = 'both'): void {
    for (const faults of this.directions(direction)) {
      faults.bytesPerSecond = bytesPerSecond;
    }
  }

  /**
   * Ends each connection once `bytes` have gone through it in `direction` (counted from the
   * connection's start), as a connection cut mid-stream.
   * @param direction which way is counted @default 'both'
   */
  cutAfter(bytes: number, direction: FaultDirection = 'both'): void {
    for (const faults of this.directions(direction)) {
      faults.cutAfterBytes = bytes;
    }
  }

  /**
   * Plays a schedule of faults, each `atMs` after the call, and resolves after the last one.
   * `close()` cancels what has not happened yet.
   */
  async run(steps: readonly FaultStep[]): Promise<void> {
    const started = Date.now();
    for (const step of [...steps].sort((a, b) => a.atMs - b.atMs)) {
      const wait = step.atMs - (Date.now() - started);
      if (wait > 0) await this.sleep(wait);
      if (this.closed) return;
      step.apply(this);
    }
  }

  /** Stops listening and drops every connection and pending timer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.resetConnections();
    this.settleAcceptWaiters(new Error('The FaultProxy is closed'));
    if (this.listening) {
      this.listening = false;
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  private attach(server: Server): void {
    this.server = server;
    this.listening = true;
    server.on('connection', (client) => this.accept(client));
  }

  private resumeListening(): void {
    if (this.listening || this.closed) return;
    const server = createServer();
    this.attach(server);
    let attempts = 0;
    // Another process may have taken the port while it was free: wait for it to let go.
    server.on('listening', () => {
      if (this.server === server) this.settleAcceptWaiters();
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' || this.closed || ++attempts > 200) {
        this.listening = false;
        if (this.server === server) this.settleAcceptWaiters(error);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.server === server && !this.closed) {
          server.listen(this.port, '127.0.0.1');
        }
      }, 25);
      this.timers.add(timer);
    });
    server.listen(this.port, '127.0.0.1');
  }

  private settleAcceptWaiters(error?: Error): void {
    for (const waiter of this.acceptWaiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    this.acceptWaiters.clear();
  }

  private accept(client: Socket): void {
    const service = createConnection(this.target.port, this.target.host);
    const link: Link = {
      client,
      service,
      forwarded: { upstream: 0, downstream: 0 },
      cut: false,
    };
    this.links.add(link);
    const drop = () => {
      // A cut connection ends its own way: the bytes before the cut still arrive.
      if (link.cut) return;
      this.links.delete(link);
      client.destroy();
      service.destroy();
    };
    client.on('error', drop).on('close', drop);
    service.on('error', drop).on('close', drop);
    if (this.stalled) {
      client.pause();
      service.pause();
    }
    this.pipe(link, client, service, 'upstream');
    this.pipe(link, service, client, 'downstream');
  }

  /** Forwards `from` to `to` through the direction's faults, one chunk after the other. */
  private pipe(
    link: Link,
    from: Socket,
    to: Socket,
    direction: 'upstream' | 'downstream',
  ): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (this.stalled) {
        // Held back, in order, until the stall ends.
        from.pause();
      }
      chain = chain.then(() => this.forward(link, chunk, to, direction));
    });
    from.on('end', () => {
      chain = chain.then(() => {
        to.end();
      });
    });
  }

  private async forward(
    link: Link,
    chunk: Buffer,
    to: Socket,
    direction: 'upstream' | 'downstream',
  ): Promise<void> {
    while (this.stalled && !this.closed && this.links.has(link)) {
      await this.sleep(10);
    }
    if (!this.links.has(link)) return;
    const faults = this.faults[direction];
    const delay = faults.latencyMs + Math.random() * faults.jitterMs;
    if (delay > 0) await this.sleep(delay);
    let data = chunk;
    if (faults.cutAfterBytes > 0) {
      const left = faults.cutAfterBytes - link.forwarded[direction];
      if (left <= 0) return this.cut(link, to);
      if (data.length > left) data = data.subarray(0, left);
    }
    if (faults.bytesPerSecond > 0) {
      for (let offset = 0; offset < data.length;) {
        const slice = data.subarray(
          offset,
          offset + Math.max(1, Math.floor(faults.bytesPerSecond / 10)),
        );
        if (!this.write(link, to, slice, direction)) return;
        offset += slice.length;
        await this.sleep((slice.length / faults.bytesPerSecond) * 1000);
      }
    } else if (!this.write(link, to, data, direction)) {
      return;
    }
    if (
      faults.cutAfterBytes > 0 &&
      link.forwarded[direction] >= faults.cutAfterBytes
    ) {
      this.cut(link, to);
    }
  }

  private write(
    link: Link,
    to: Socket,
    data: Buffer,
    direction: 'upstream' | 'downstream',
  ): boolean {
    if (!this.links.has(link) || to.destroyed) return false;
    to.write(data);
    link.forwarded[direction] += data.length;
    return true;
  }

  /** Delivers what `to` was given, then ends it; the other side is dropped at once. */
  private cut(link: Link, to: Socket): void {
    link.cut = true;
    this.links.delete(link);
    const other = to === link.client ? link.service : link.client;
    to.end(() => to.destroy());
    if (other === link.client) other.resetAndDestroy();
    else other.destroy();
  }

  private directions(direction: FaultDirection = 'both'): DirectionFaults[] {
    if (direction === 'both') {
      return [this.faults.upstream, this.faults.downstream];
    }
    return [this.faults[direction]];
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function targetOfUrl(url: string): FaultProxyTarget {
  const parsed = new URL(url);
  const defaults: Record<string, number> = {
    'postgres:': 5432,
    'postgresql:': 5432,
    'redis:': 6379,
    'amqp:': 5672,
    'nats:': 4222,
    'http:': 80,
  };
  const port = parsed.port ? Number(parsed.port) : defaults[parsed.protocol];
  if (!port) throw new TypeError(`No port in ${parsed.protocol} URL`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}
