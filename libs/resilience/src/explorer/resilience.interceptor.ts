import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { defer, type Observable } from 'rxjs';
import type { ExecutionContext as AttemptContext } from '../policies/policy.interface.js';
import { ResilienceExplorer } from './resilience.explorer.js';

/**
 * Applies the resilience decorators of controller route handlers and microservice handlers,
 * which Nest binds before providers can be wrapped. Each attempt subscribes to the handler
 * anew; a timed-out attempt is unsubscribed. Handlers without decorators pass straight through.
 *
 * A handler's fallback methods and last-good results see the call as `(params, query, body)`
 * over HTTP and as `(data)` over a microservice transport.
 *
 * The decorators bind it to the methods they guard. It may also be bound to a class, to run
 * before the class's other interceptors (as `@ResilientConsumer()` does); a call passes it
 * once, however many times it is bound.
 */
@Injectable()
export class ResilienceInterceptor implements NestInterceptor {
  private readonly applied = new WeakSet<ExecutionContext>();

  constructor(private readonly explorer: ResilienceExplorer) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const entry = this.explorer.handlerPipeline(context.getHandler());
    if (!entry || this.applied.has(context)) return next.handle();
    this.applied.add(context);
    return defer(() =>
      entry.pipeline.execute((attempt) => runAttempt(next, attempt), {
        attempt: 0,
        args: handlerArgs(context),
      }),
    );
  }
}

function runAttempt(
  next: CallHandler,
  attempt: AttemptContext,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let last: unknown;
    const subscription = next.handle().subscribe({
      next: (value) => (last = value),
      error: reject,
      complete: () => resolve(last),
    });
    attempt.signal?.addEventListener(
      'abort',
      () => subscription.unsubscribe(),
      {
        once: true,
      },
    );
  });
}

function handlerArgs(context: ExecutionContext): unknown[] {
  if (context.getType() === 'http') {
    const request = context.switchToHttp().getRequest<{
      params?: unknown;
      query?: unknown;
      body?: unknown;
    }>();
    return [request.params, request.query, request.body];
  }
  return [context.switchToRpc().getData()];
}
