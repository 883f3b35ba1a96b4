import type {
  DynamicModule,
  ForwardReference,
  LoggerService,
  LogLevel,
  Type,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { configureApp } from '../../src/configure-app.js';

/** How a spec's app differs from the one `main.ts` starts. */
export interface TestAppOptions {
  /** The app's logger; also used while the testing module compiles. @default false */
  logger?: LoggerService | LogLevel[] | false;
  /** Replaces providers before compiling (`overrideProvider(...)`). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Runs after `configureApp` and before `init`: connect microservices here. */
  beforeInit?: (app: NestExpressApplication) => void;
  /** Listens on an ephemeral loopback port. @default false (tests use `getHttpServer()`) */
  listen?: boolean;
  /** Starts the connected microservices after `init`. @default false */
  startMicroservices?: boolean;
}

/**
 * Builds, configures and starts an app for an e2e spec the way `main.ts` does: the same
 * `configureApp`, so a spec runs the app users run.
 */
export async function startTestApp(
  root: Type | DynamicModule | ForwardReference,
  options: TestAppOptions = {},
): Promise<NestExpressApplication> {
  const logger = options.logger ?? false;
  let builder = Test.createTestingModule({ imports: [root] });
  if (logger && typeof logger === 'object' && !Array.isArray(logger)) {
    builder = builder.setLogger(logger);
  }
  const moduleRef = await (options.override?.(builder) ?? builder).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger,
  });
  if (logger && typeof logger === 'object' && !Array.isArray(logger)) {
    app.useLogger(logger);
  }
  configureApp(app);
  options.beforeInit?.(app);
  if (options.listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  if (options.startMicroservices) await app.startAllMicroservices();
  return app;
}
