import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { ordersConfig, type OrdersConfig } from '../orders.config.js';
import { InFlightRequestsTracker } from './in-flight-requests.tracker.js';

/**
 * The first step of shutdown (SIGTERM, or `app.close()`): refuse new requests (503 with
 * `Connection: close`, so clients go to another instance), close idle connections, and wait
 * up to `shutdownGracePeriodMs` for the requests in flight.
 *
 * It runs in `onModuleDestroy` of a feature module, which Nest calls before that of the
 * global modules: so the breakers (`ResilienceModule`) are still open for business while the
 * last requests finish, and the database and Redis close later, in `onApplicationShutdown`.
 */
@Injectable()
export class GracefulShutdownService implements OnModuleDestroy {
  private readonly logger = new Logger(GracefulShutdownService.name);

  constructor(
    private readonly tracker: InFlightRequestsTracker,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    // From here new requests are refused (503, Connection: close) but the listener stays open
    // until Nest closes it after this hook: requests in flight may still need the simulators,
    // which this same server answers.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      Server | undefined;
    server?.closeIdleConnections?.();
    const inFlight = this.tracker.inFlight;
    if (inFlight > 0)
      this.logger.log(`Shutting down: waiting for ${inFlight} request(s)`);
    const finished = await this.tracker.drain(
      this.config.shutdownGracePeriodMs,
    );
    if (!finished) {
      this.logger.warn(
        `Shutting down with ${this.tracker.inFlight} request(s) unfinished after ` +
          `${this.config.shutdownGracePeriodMs} ms`,
      );
    }
  }
}
