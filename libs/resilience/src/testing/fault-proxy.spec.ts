import { once } from 'node:events';
import {
  createConnection,
  createServer,
  type Server,
  type Socket,
} from 'node:net';
import { FaultProxy } from './fault-proxy.js';

/** A service that echoes what it gets and remembers what reached it. */
class EchoService {
  received = 0;
  accepted = 0;
  readonly sockets = new Set<Socket>();

  private constructor(readonly server: Server) {}

  static async start(): Promise<EchoService> {
    const service: EchoService = new EchoService(
      createServer((socket) => {
        service.accepted++;
        service.sockets.add(socket);
        socket.on('close', () => service.sockets.delete(socket));
        socket.on('error', () => undefined);
        socket.on('data', (chunk) => {
          service.received += chunk.length;
          socket.write(chunk);
        });
      }),
    );
    service.server.listen(0, '127.0.0.1');
    await once(service.server, 'listening');
    return service;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}

/** A client connection that collects what comes back and how it ended. */
async function connect(port: number) {
  const socket = createConnection(port, '127.0.0.1');
  const client = {
    socket,
    received: Buffer.alloc(0),
    error: undefined as NodeJS.ErrnoException | undefined,
    closed: false,
  };
  socket.on('data', (chunk: Buffer) => {
    client.received = Buffer.concat([client.received, chunk]);
  });
  socket.on('error', (error) => (client.error = error));
  socket.on('close', () => (client.closed = true));
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('error', () => resolve());
  });
  return client;
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('FaultProxy', () => {
  let service: EchoService;
  let proxy: FaultProxy;

  beforeEach(async () => {
    service = await EchoService.start();
    proxy = await FaultProxy.start({ host: '127.0.0.1', port: service.port });
  });

  afterEach(async () => {
    await proxy.close();
    await service.close();
  });

  it('passes bytes both ways untouched', async () => {
    const client = await connect(proxy.port);
    client.socket.write('hello');

    await until(() => client.received.toString() === 'hello');
    expect(service.received).toBe(5);
    expect(proxy.connections).toBe(1);
    client.socket.destroy();
  });

  it('refuses new connections and accepts them again after pass()', async () => {
    proxy.refuse();
    const refused = await connect(proxy.port);
    expect(refused.error?.code).toBe('ECONNREFUSED');
    expect(service.accepted).toBe(0);

    proxy.pass();
    const client = await connect(proxy.port);
    client.socket.write('back');
    await until(() => client.received.toString() === 'back');
    expect(service.accepted).toBe(1);
    client.socket.destroy();
  });

  it('tells when it accepts again: whenAccepting() resolves once pass() has bound the port', async () => {
    await proxy.whenAccepting();
    proxy.down();
    let accepting = false;
    const waiting = proxy.whenAccepting().then(() => (accepting = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(accepting).toBe(false);

    proxy.pass();
    await waiting;
    const client = await connect(proxy.port);
    expect(client.error).toBeUndefined();
    client.socket.destroy();
    await proxy.close();
    await expect(proxy.whenAccepting()).rejects.toThrow('closed');
  });

  it('resets open connections on both sides', async () => {
    const client = await connect(proxy.port);
    client.socket.write('x');
    await until(
      () => service.sockets.size === 1 && client.received.length === 1,
    );

    proxy.resetConnections();

    await until(() => client.closed && service.sockets.size === 0);
    expect(client.error?.code).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
  });

  it('stalls: accepts, forwards nothing, then delivers everything in order on pass()', async () => {
    proxy.stall();
    const client = await connect(proxy.port);
    client.socket.write('first ');
    client.socket.write('second');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.error).toBeUndefined();
    expect(service.received).toBe(0);
    expect(client.received.length).toBe(0);

    proxy.pass();

    await until(() => client.received.toString() === 'first second');
    expect(service.received).toBe(12);
    client.socket.destroy();
  });

  it('adds latency in one direction only', async () => {
    proxy.latency(150, { direction: 'downstream' });
    const client = await connect(proxy.port);
    const sent = Date.now();
    client.socket.write('slow');

    await until(() => service.received === 4);
    const upstreamMs = Date.now() - sent;
    await until(() => client.received.length === 4);
    const roundTripMs = Date.now() - sent;

    expect(upstreamMs).toBeLessThan(100);
    expect(roundTripMs).toBeGreaterThanOrEqual(145);
    client.socket.destroy();
  });

  it('limits bandwidth', async () => {
    proxy.bandwidth(2_000, 'upstream');
    const client = await connect(proxy.port);
    const sent = Date.now();
    client.socket.write(Buffer.alloc(1_000));

    await until(() => service.received === 1_000, 3_000);

    expect(Date.now() - sent).toBeGreaterThanOrEqual(400);
    client.socket.destroy();
  });

  it('cuts a connection after a number of bytes', async () => {
    proxy.cutAfter(10, 'upstream');
    const client = await connect(proxy.port);
    client.socket.write(Buffer.alloc(25));

    await until(() => client.closed);
    expect(service.received).toBe(10);
    expect(client.error?.code).toBe('ECONNRESET');
  });

  it('plays a schedule of faults', async () => {
    const started = Date.now();
    const played = proxy.run([
      { atMs: 0, apply: (p) => p.down() },
      { atMs: 100, apply: (p) => p.pass() },
    ]);
    await until(() => Date.now() - started > 20);
    expect((await connect(proxy.port)).error?.code).toBe('ECONNREFUSED');

    await played;

    const client = await connect(proxy.port);
    expect(client.error).toBeUndefined();
    client.socket.destroy();
  });

  it('rewrites a service URL to point at the proxy', () => {
    expect(proxy.url('postgres://postgres@127.0.0.1:5432/test')).toBe(
      `postgres://postgres@127.0.0.1:${proxy.port}/test`,
    );
  });

  it('closes everything it opened', async () => {
    const client = await connect(proxy.port);
    await until(() => service.sockets.size === 1);

    await proxy.close();

    await until(() => client.closed && service.sockets.size === 0);
    expect((await connect(proxy.port)).error?.code).toBe('ECONNREFUSED');
  });
});
