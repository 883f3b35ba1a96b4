import type { ProblemCatalog } from '../i18n/problem-catalog.interface.js';

/**
 * Options of the error envelope: the exception filter, the request timeout and the media-type
 * check. Provide them under {@link RESILIENCE_FILTER_OPTIONS}; every member has a default.
 */
export interface ResilienceFilterOptions {
  /**
   * Whether the process runs in production (map it from `NODE_ENV === 'production'` in the
   * configuration layer). In production the `debug` member is never sent, whatever
   * `exposeDebug` says.
   * @default false
   */
  production: boolean;
  /**
   * Adds a `debug` member (error name, message, stack, cause chain) to envelopes, for local
   * development only. Ignored when `production` is true.
   * @default false
   */
  exposeDebug: boolean;
  /**
   * How long an HTTP request may take before it is answered 408 `REQUEST_TIMEOUT`;
   * `0` turns the timeout off.
   * @default 30000
   */
  requestTimeoutMs: number;
  /**
   * `Retry-After` sent, in seconds, when a retryable 429 / 503 does not say how long to wait.
   * @default 1
   */
  defaultRetryAfterSeconds: number;
  /**
   * Prefix of the envelope's `type`: the code in kebab case is appended
   * (`https://errors.resilience.dev/circuit-open`). An identifier, stable per code; point it to
   * your documentation if you publish one.
   * @default 'https://errors.resilience.dev/'
   */
  problemTypeBaseUri: string;
  /**
   * Media types a request body may have (`type/subtype`, `*` allowed as subtype or as
   * `*+suffix`, parameters ignored); any other is answered 415 `UNSUPPORTED_MEDIA_TYPE`.
   * List only what the body parser parses (Express's JSON parser: `application/json`).
   * @default ['application/json']
   */
  supportedMediaTypes: string[];
  /**
   * Extra or replacement message catalogs by lower-case language tag; English, German and
   * French are built in, English is the fallback.
   * @default {}
   */
  catalogs: Readonly<Record<string, ProblemCatalog>>;
}
