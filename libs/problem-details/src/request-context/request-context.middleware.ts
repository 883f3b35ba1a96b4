import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext } from './request-context.storage.js';
import { REQUEST_ID_HEADER } from './request-id.constants.js';
import { acceptOrCreateRequestId } from './request-id.utils.js';

/**
 * Gives every HTTP request its id (the caller's sane `X-Request-Id`, else a new UUID), answers
 * it in the `X-Request-Id` response header, and runs the rest of the request inside the
 * {@link RequestContext}.
 *
 * Register it before anything that can fail, body parsing included, so that even a malformed
 * body is answered and logged under the request's id: `app.use(requestContextMiddleware())`
 * before `app.init()` / `listen()` runs ahead of Nest's body parsers.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    // Registered both by the app (ahead of body parsing) and by the module: the first one wins.
    if (RequestContext.of(req)) return next();
    const requestId = acceptOrCreateRequestId(req.headers[REQUEST_ID_HEADER]);
    res.setHeader('X-Request-Id', requestId);
    const state = {
      requestId,
      startedAt: Date.now(),
      transport: 'http' as const,
    };
    RequestContext.attach(req, state);
    RequestContext.run(state, () => next());
  }
}

/** {@link RequestContextMiddleware} as a plain function, for `app.use(...)`. */
export function requestContextMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  const middleware = new RequestContextMiddleware();
  return (req, res, next) => middleware.use(req, res, next);
}
