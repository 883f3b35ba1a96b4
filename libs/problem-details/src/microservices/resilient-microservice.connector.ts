import type { INestApplication, INestMicroservice } from '@nestjs/common';
import {
  NestMicroservice,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { createRpcRequestContextHook } from '../request-context/rpc-request-context.hook.js';

/**
 * Connects a microservice transport to a hybrid application so its handlers get what HTTP
 * routes get: the global envelope filter, pipes and interceptors (`inheritAppConfig`), request
 * ids taken from message headers, and event failures told apart from message failures (the
 * pre-request hook). Call it before `app.init()`, then `app.startAllMicroservices()`.
 */
export function connectResilientMicroservice<T extends MicroserviceOptions>(
  app: INestApplication,
  options: T,
): INestMicroservice {
  const microservice = app.connectMicroservice<T>(options, {
    inheritAppConfig: true,
    // Nest reads pre-request hooks when it binds handlers, so binding must wait for the hook.
    deferInitialization: true,
  });
  microservice.registerPreRequestHook(createRpcRequestContextHook());
  // A deferred microservice would run onModuleInit / onApplicationBootstrap a second time;
  // app.init() already runs them.
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  return microservice;
}
