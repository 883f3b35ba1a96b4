import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import {
  NestMicroservice,
  Transport,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { ErrorClassifier } from '@nest-resilience/resilience';
import { createErrorClassifier } from '@nest-resilience/resilience';
import { ErrorLogStore } from '@nest-resilience/problem-details';
import { InMemoryErrorLogStore } from '@nest-resilience/problem-details';
import { contentTypeMiddleware } from '@nest-resilience/problem-details';
import { RequestTimeoutInterceptor } from '@nest-resilience/problem-details';
import { ResilienceExceptionFilter } from '@nest-resilience/problem-details';
import type { ResilienceFilterOptions } from '@nest-resilience/problem-details';
import { RESILIENCE_FILTER_OPTIONS } from '@nest-resilience/problem-details';
import { createValidationPipe } from '@nest-resilience/problem-details';
import {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from '@nest-resilience/problem-details';
import { requestContextMiddleware } from '@nest-resilience/problem-details';
import { createRpcRequestContextHook } from '@nest-resilience/problem-details';
import { CapturingLogger } from './capturing.logger.js';
import {
  EnvelopeHttpController,
  ThrowBox,
  UPSTREAM_URLS,
  type UpstreamUrls,
} from './envelope-http.controller.js';
import { EnvelopeRpcController } from './envelope-rpc.controller.js';

/** Body size limit of the test app's JSON parser. */
export const BODY_LIMIT_BYTES = 16 * 1024;

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
 * Starts the test app wired the way the library asks `configureApp` to wire it: request
 * context and media-type middleware ahead of the body parser, the validation pipe, the global
 * filter and timeout interceptor (by DI), the request-context logger, and a TCP microservice
 * sharing the app's configuration with the RPC request-context hook.
 */
export async function startEnvelopeApp(
  upstream: UpstreamUrls,
  options: Partial<ResilienceFilterOptions> = {},
): Promise<EnvelopeTestApp> {
  const logger = new CapturingLogger();
  const errorLog = new InMemoryErrorLogStore(1_000);
  const events = new RecordingEventErrorHandler();
  const box = new ThrowBox();
  const moduleRef = await Test.createTestingModule({
    controllers: [EnvelopeHttpController, EnvelopeRpcController],
    providers: [
      { provide: UPSTREAM_URLS, useValue: upstream },
      { provide: ThrowBox, useValue: box },
      { provide: ErrorClassifier, useFactory: () => createErrorClassifier() },
      { provide: RESILIENCE_FILTER_OPTIONS, useValue: options },
      { provide: ErrorLogStore, useValue: errorLog },
      { provide: UnhandledEventErrorHandler, useValue: events },
      { provide: APP_FILTER, useClass: ResilienceExceptionFilter },
      { provide: APP_INTERCEPTOR, useClass: RequestTimeoutInterceptor },
    ],
  })
    .setLogger(logger)
    .compile();

  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger,
  });
  app.useLogger(logger);
  app.use(requestContextMiddleware());
  app.use(contentTypeMiddleware(options));
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.useGlobalPipes(createValidationPipe());
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { transport: Transport.TCP, options: { host: '127.0.0.1', port: 0 } },
    { inheritAppConfig: true, deferInitialization: true },
  );
  microservice.registerPreRequestHook(createRpcRequestContextHook());
  // Deferred initialisation would run onModuleInit / onApplicationBootstrap a second time when
  // the microservice starts; app.init() runs them.
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  await app.init();
  await app.startAllMicroservices();
  const rpcPort = (microservice.unwrap<Server>().address() as AddressInfo).port;
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
