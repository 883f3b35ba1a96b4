import { Module, type INestMicroservice } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { ResilienceModule } from '@nest-resilience/resilience';
import {
  connectResilientMicroservice,
  InMemoryErrorLogStore,
  ProblemDetailsModule,
  UnhandledEventErrorHandler,
  type ResilienceFilterOptions,
  type UnhandledEventError,
} from '@nest-resilience/problem-details';
import { startTestApp } from '../support/test-app.js';
import { CapturingLogger } from './capturing.logger.js';
import {
  EnvelopeHttpController,
  ThrowBox,
  UPSTREAM_URLS,
  type UpstreamUrls,
} from './envelope-http.controller.js';
import { EnvelopeRpcController } from './envelope-rpc.controller.js';

export { BODY_LIMIT_BYTES } from '../../src/configure-app.js';

/** Keeps every failed event handed to it. */
export class RecordingEventErrorHandler extends UnhandledEventErrorHandler {
  readonly failures: UnhandledEventError[] = [];

  handle(failure: UnhandledEventError): void {
    this.failures.push(failure);
  }
}

/** A running test app and what tests look at. */
export interface EnvelopeTestApp {
  app: NestExpressApplication;
  rpcPort: number;
  logger: CapturingLogger;
  errorLog: InMemoryErrorLogStore;
  events: RecordingEventErrorHandler;
  box: ThrowBox;
  close(): Promise<void>;
}

/**
 * Starts the test app through the shared `configureApp` (request context and media-type
 * middleware ahead of the body parser, the validation pipe), with the error edge installed by
 * `ProblemDetailsModule.forRoot({ global: true })` (filter and request timeout), the
 * request-context logger, and a TCP microservice connected as the app connects its own.
 */
export async function startEnvelopeApp(
  upstream: UpstreamUrls,
  options: Partial<ResilienceFilterOptions> = {},
): Promise<EnvelopeTestApp> {
  const logger = new CapturingLogger();
  const errorLog = new InMemoryErrorLogStore(1_000);
  const events = new RecordingEventErrorHandler();
  const box = new ThrowBox();

  @Module({
    imports: [
      ResilienceModule.forRoot({}),
      ProblemDetailsModule.forRoot({
        global: true,
        ...options,
        errorLog,
        unhandledEventHandler: events,
      }),
    ],
    controllers: [EnvelopeHttpController, EnvelopeRpcController],
    providers: [
      { provide: UPSTREAM_URLS, useValue: upstream },
      { provide: ThrowBox, useValue: box },
    ],
  })
  class EnvelopeTestModule {}

  let microservice: INestMicroservice | undefined;
  const app = await startTestApp(EnvelopeTestModule, {
    logger,
    beforeInit: (created) => {
      microservice = connectResilientMicroservice(created, {
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: 0 },
      });
    },
    startMicroservices: true,
  });
  const rpcPort = (microservice!.unwrap<Server>().address() as AddressInfo)
    .port;
  return {
    app,
    rpcPort,
    logger,
    errorLog,
    events,
    box,
    close: () => app.close(),
  };
}

/** A loopback URL on which nothing listens (a port just released). */
export async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}
