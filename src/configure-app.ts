import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import {
  contentTypeMiddleware,
  createValidationPipe,
  jsonDepthMiddleware,
  RESILIENCE_FILTER_OPTIONS,
  requestContextMiddleware,
  type ResilienceFilterOptions,
} from '@nest-resilience/problem-details';
import {
  appConfig,
  DEFAULT_BODY_MAX_DEPTH,
  type AppConfig,
} from './config/app.config.js';

/** Largest JSON body accepted; larger ones are answered 413 `PAYLOAD_TOO_LARGE`. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Everything the application needs besides its modules, shared by `main.ts` and every e2e
 * test so tests run the app users run: security headers (helmet, no `X-Powered-By`), request
 * ids (so even a malformed body's answer carries one), the media-type check, the JSON parser
 * with its size limit (413 `PAYLOAD_TOO_LARGE`) and the depth limit `app.bodyMaxDepth` (400
 * `VALIDATION_FAILED`, checked before anything walks the body), validation answering
 * `VALIDATION_FAILED` with JSON pointers, and shutdown hooks: SIGTERM and SIGINT drain, close
 * and exit 0. The envelope filter and the request timeout come from
 * `ProblemDetailsModule.forRoot({ global: true })`; the resilience decorators bind their own
 * interceptor.
 */
export function configureApp(app: INestApplication): INestApplication {
  const errors = app.get<Partial<ResilienceFilterOptions>>(
    RESILIENCE_FILTER_OPTIONS,
  );
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  app.use(
    helmet({
      // The app speaks plain HTTP (TLS ends at the proxy): upgrading the docs page's scripts
      // to https would break it wherever it is reached over http.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  app.use(requestContextMiddleware());
  app.use(contentTypeMiddleware(errors));
  express.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.use(
    jsonDepthMiddleware(
      optional<AppConfig>(app, appConfig.KEY)?.bodyMaxDepth ??
        DEFAULT_BODY_MAX_DEPTH,
    ),
  );
  app.useGlobalPipes(createValidationPipe());
  // A requested stop is a clean exit once drained; other signals keep Nest's default (close,
  // then die of the signal).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  app.enableShutdownHooks();
  return app;
}

/** The provider `token`, or `undefined` in a test app that does not register it. */
function optional<T>(
  app: INestApplication,
  token: string | symbol,
): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
