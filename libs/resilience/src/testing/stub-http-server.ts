import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of a {@link StubHttpServer} route. */
export interface StubResponse {
  /** @default 200 */
  status?: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering. @default 0 */
  delayMs?: number;
  /** Destroy the socket instead of answering, as a crashed server would. @default false */
  destroy?: boolean;
}

/** A request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface StubRoute {
  script: StubResponse[];
  /** Answer used once the script is used up. */
  otherwise: StubResponse;
}

/**
 * A scriptable HTTP server on loopback for tests of code that calls other services: each
 * route answers a sequence of statuses, bodies, headers and delays, and every request is
 * recorded and counted.
 *
 * @example
 * ```ts
 * const stub = await StubHttpServer.start();
 * stub.on('POST', '/check-availability').replyOnce({ status: 503 }).reply({ body: [] });
 * // ... exercise the code under test against stub.url
 * expect(stub.count('POST', '/check-availability')).toBe(2);
 * await stub.close();
 * ```
 */
export class StubHttpServer {
  private readonly routes = new Map<string, StubRoute>();
  private readonly received: StubRequest[] = [];
  private readonly pending = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private peak = 0;

  private constructor(private readonly server: Server) {}

  /** Starts a stub on 127.0.0.1 with a free port. */
  static async start(): Promise<StubHttpServer> {
    const stub: StubHttpServer = new StubHttpServer(
      createServer((req, res) => stub.handle(req, res)),
    );
    stub.server.listen(0, '127.0.0.1');
    await once(stub.server, 'listening');
    return stub;
  }

  /** Base URL, for example `http://127.0.0.1:41234`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Scripts a route. Unscripted routes answer 404.
   * @returns a builder: `replyOnce` queues one answer, `reply` sets the answer after the queue
   */
  on(method: string, path: string) {
    const route = this.route(method, path);
    const builder = {
      replyOnce: (response: StubResponse) => {
        route.script.push(response);
        return builder;
      },
      reply: (response: StubResponse) => {
        route.otherwise = response;
        return builder;
      },
    };
    return builder;
  }

  /** Requests received, optionally only those of one route. */
  requests(method?: string, path?: string): StubRequest[] {
    return this.received.filter(
      (r) =>
        (method === undefined || r.method === method.toUpperCase()) &&
        (path === undefined || r.path === path),
    );
  }

  /** How many requests a route received. */
  count(method: string, path: string): number {
    return this.requests(method, path).length;
  }

  /**
   * The most requests the stub held at once (received and not yet answered) since it started
   * or was last reset: what a bulkhead or a connection pool in front of it let through.
   */
  get peakConcurrency(): number {
    return this.peak;
  }

  /** Forgets every script and every recorded request, and the peak concurrency. */
  reset(): void {
    this.routes.clear();
    this.received.length = 0;
    this.peak = this.inFlight;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private route(method: string, path: string): StubRoute {
    const key = `${method.toUpperCase()} ${path}`;
    let route = this.routes.get(key);
    if (!route) {
      route = { script: [], otherwise: { status: 200 } };
      this.routes.set(key, route);
    }
    return route;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.peak = Math.max(this.peak, ++this.inFlight);
    res.once('close', () => this.inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      this.received.push({
        method,
        path,
        headers: req.headers,
        body: parse(text),
      });
      const route = this.routes.get(`${method} ${path}`);
      const response = route
        ? (route.script.shift() ?? route.otherwise)
        : { status: 404, body: { message: 'not scripted' } };
      const answer = () => this.answer(res, response);
      if (response.delayMs) {
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          answer();
        }, response.delayMs);
        this.pending.add(timer);
      } else {
        answer();
      }
    });
  }

  private answer(res: ServerResponse, response: StubResponse): void {
    if (response.destroy) {
      res.socket?.destroy();
      return;
    }
    const body =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : JSON.stringify(response.body);
    res.writeHead(response.status ?? 200, {
      ...(typeof response.body === 'string'
        ? {}
        : { 'content-type': 'application/json' }),
      ...response.headers,
    });
    res.end(body);
  }
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
