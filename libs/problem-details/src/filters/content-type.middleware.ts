import {
  Inject,
  Injectable,
  Optional,
  type NestMiddleware,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResilienceFilterOptions } from './resilience-filter-options.interface.js';
import {
  RESILIENCE_FILTER_OPTIONS,
  resolveResilienceFilterOptions,
} from './resilience-filter.constants.js';
import { UnsupportedMediaTypeError } from './unsupported-media-type.error.js';

/**
 * Answers 415 `UNSUPPORTED_MEDIA_TYPE` to a request that has a body whose `Content-Type` is
 * missing or not one of `supportedMediaTypes` (default `application/json`).
 *
 * Why: Express's JSON parser silently skips other media types, so a `text/plain` or form body
 * would reach the handler as `undefined` and fail later as a confusing validation error.
 * Requests without a body (no `Content-Length` above 0, no `Transfer-Encoding`) always pass.
 * Keep the list in line with the body parser's `type` option: a type listed here but not
 * parsed would arrive unparsed.
 */
@Injectable()
export class ContentTypeMiddleware implements NestMiddleware {
  private readonly supported: readonly string[];

  constructor(
    @Optional()
    @Inject(RESILIENCE_FILTER_OPTIONS)
    options?: Partial<ResilienceFilterOptions>,
  ) {
    this.supported = resolveResilienceFilterOptions(
      options,
    ).supportedMediaTypes.map((t) => t.toLowerCase());
  }

  use(
    req: IncomingMessage,
    _res: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    if (
      !hasBody(req) ||
      isSupported(req.headers['content-type'], this.supported)
    ) {
      next();
      return;
    }
    next(new UnsupportedMediaTypeError(this.supported));
  }
}

/** {@link ContentTypeMiddleware} as a plain function, for `app.use(...)`. */
export function contentTypeMiddleware(
  options?: Partial<ResilienceFilterOptions>,
): (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  const middleware = new ContentTypeMiddleware(options);
  return (req, res, next) => middleware.use(req, res, next);
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

function isSupported(
  header: string | undefined,
  supported: readonly string[],
): boolean {
  if (!header) return false;
  const mediaType = header.split(';', 1)[0].trim().toLowerCase();
  const [type, subtype] = mediaType.split('/');
  if (!type || !subtype) return false;
  return supported.some((pattern) => {
    const [patternType, patternSubtype] = pattern.split('/');
    if (patternType !== '*' && patternType !== type) return false;
    if (patternSubtype === '*' || patternSubtype === subtype) return true;
    // `application/*+json` accepts any structured-syntax suffix match (RFC 6839).
    return (
      patternSubtype.startsWith('*+') &&
      subtype.endsWith(patternSubtype.slice(1))
    );
  });
}
