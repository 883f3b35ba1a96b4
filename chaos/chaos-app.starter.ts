import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import {
  ResilienceEvents,
  type CircuitStateChange,
} from '@nest-resilience/resilience';
import { configureApp } from '../src/configure-app.js';
import { connectMessaging } from '../src/messaging/messaging-microservices.connector.js';
import { CountingLogger } from './counting.logger.js';

/** The application under the run, listening on loopback. */
export interface ChaosApp {
  app: INestApplication;
  url: string;
  logger: CountingLogger;
  /** Every breaker transition, as `ResilienceEvents` told it. */
  transitions: CircuitStateChange[];
  close(): Promise<void>;
}

/**
 * Starts the application in this process the way `main.ts` does (`AppModule`, `configureApp`,
 * the consumers of `connectMessaging`, the microservices, then listening), with `env` laid over
 * the process environment while it boots (`undefined` unsets): the configuration is read then, and the simulators
 * to serve are chosen when `AppModule` is first imported, which is why it is imported here.
 */
export async function startChaosApp(
  env: Record<string, string | undefined>,
): Promise<ChaosApp> {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const logger = new CountingLogger();
  const transitions: CircuitStateChange[] = [];
  try {
    const { AppModule } = await import('../src/app.module.js');
    const app = await NestFactory.create(AppModule, {
      logger,
      // A boot failure is thrown to the run, which then cleans up, rather than ending the process.
      abortOnError: false,
    });
    configureApp(app);
    app.get(ResilienceEvents).on((event) => {
      if (event.kind === 'state') transitions.push(event.change);
    });
    connectMessaging(app);
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return {
      app,
      url: `http://127.0.0.1:${port}`,
      logger,
      transitions,
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}
