import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { tap } from 'rxjs';
import { FEATURE_DISABLED_HEADER } from './feature-toggle.constants.js';
import { FeatureToggleExplorer } from './feature-toggle.explorer.js';
import { getFeatureToggleMetadata } from './feature-toggle.metadata.js';
import { FeatureToggles } from './feature.toggles.js';
import { disabledAnswer } from './toggled-call.js';

/**
 * Applies `@FeatureToggle()` to controller routes and microservice handlers, which Nest binds
 * before providers can be wrapped. While the feature is enabled the call passes through
 * untouched; while it is disabled the handler is not called: its fallback answers (over HTTP
 * with the `X-Feature-Disabled` header naming the feature), or the call fails with
 * `FeatureDisabledError` (503 `FEATURE_DISABLED`).
 *
 * A handler's fallback sees the call as `(params, query, body)` over HTTP and as `(data)` over
 * a microservice transport, as the resilience decorators' fallbacks do. The decorator binds it.
 */
@Injectable()
export class FeatureToggleInterceptor implements NestInterceptor {
  constructor(
    private readonly toggles: FeatureToggles,
    private readonly explorer: FeatureToggleExplorer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = context.getHandler();
    const metadata = getFeatureToggleMetadata(handler);
    if (!metadata || this.toggles.isEnabled(metadata.name)) {
      return next.handle();
    }
    const fallback = this.explorer.handlerFallback(handler);
    const answer = disabledAnswer(
      metadata.name,
      'observable',
      fallback,
      handlerArgs(context),
    ) as Observable<unknown>;
    if (!fallback || context.getType() !== 'http') return answer;
    const response = context.switchToHttp().getResponse<Response>();
    return answer.pipe(
      tap(() => response.setHeader(FEATURE_DISABLED_HEADER, metadata.name)),
    );
  }
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
