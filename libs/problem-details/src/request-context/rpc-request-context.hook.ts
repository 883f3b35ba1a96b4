import type { PreRequestHook } from '@nestjs/common';
import { PATTERN_HANDLER_METADATA } from '@nestjs/microservices/constants.js';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum.js';
import { Observable } from 'rxjs';
import type { RequestContextState } from './request-context.interface.js';
import { RequestContext } from './request-context.storage.js';
import { acceptOrCreateRequestId } from './request-id.utils.js';
import { readRpcMessage } from './rpc-message.reader.js';

/**
 * A Nest microservice pre-request hook that runs every message handler (guards, pipes and
 * interceptors included) inside a {@link RequestContext}: the sender's sane `x-request-id`
 * header or metadata, else a new id, with the pattern, the message id and whether the handler
 * is a `@MessagePattern` or an `@EventPattern`.
 *
 * `ResilienceExceptionFilter` relies on it to tell events (logged and handed to the
 * `UnhandledEventErrorHandler`) from messages (answered with the envelope). Nest reads the hooks
 * when it binds the handlers, so register it before that: on a standalone microservice before
 * `listen()`; on a hybrid app, connect with `deferInitialization` and mark the lifecycle hooks
 * as run, because Nest 12's deferred initialisation calls `onModuleInit` /
 * `onApplicationBootstrap` a second time when the microservice starts.
 *
 * @example
 * ```ts
 * const ms = app.connectMicroservice<MicroserviceOptions>(options, {
 *   inheritAppConfig: true, // global filter, pipes and interceptors apply to handlers too
 *   deferInitialization: true, // handlers are bound at listen(), after the hook is in
 * });
 * ms.registerPreRequestHook(createRpcRequestContextHook());
 * (ms as NestMicroservice).setIsInitHookCalled(true); // app.init() runs the lifecycle hooks
 * await app.init();
 * await app.startAllMicroservices();
 * ```
 */
export function createRpcRequestContextHook(): PreRequestHook {
  return (context, next) => {
    const data: unknown = context.getArgByIndex(0);
    const rpcContext: unknown = context.getArgByIndex(1);
    const kind: unknown = Reflect.getMetadata(
      PATTERN_HANDLER_METADATA,
      context.getHandler(),
    );
    const info = readRpcMessage(rpcContext, data);
    const state: RequestContextState = {
      requestId: acceptOrCreateRequestId(info.requestId),
      startedAt: Date.now(),
      transport: 'rpc',
      pattern: info.pattern,
      messageId: info.messageId,
      handlerKind: kind === PatternHandler.EVENT ? 'event' : 'message',
    };
    if (typeof rpcContext === 'object' && rpcContext !== null) {
      // The exception filter may run after the asynchronous scope has unwound; the context
      // object is what it is handed, so the state rides on it too.
      RequestContext.attach(rpcContext, state);
    }
    // Subscribing inside run() is what puts the handler in the context: next() only builds
    // the pipeline, which starts when subscribed.
    return new Observable((subscriber) =>
      RequestContext.run(state, () => next().subscribe(subscriber)),
    );
  };
}
