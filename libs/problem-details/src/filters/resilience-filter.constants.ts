import type { ResilienceFilterOptions } from './resilience-filter-options.interface.js';

/** Injection token of the {@link ResilienceFilterOptions} (a partial object is enough). */
export const RESILIENCE_FILTER_OPTIONS = Symbol.for(
  'RESILIENCE:FILTER_OPTIONS',
);

/** Media type of every error response (RFC 9457). */
export const PROBLEM_JSON_MEDIA_TYPE = 'application/problem+json';

/** The defaults of {@link ResilienceFilterOptions}, defined once. */
export const DEFAULT_RESILIENCE_FILTER_OPTIONS: Readonly<ResilienceFilterOptions> =
  Object.freeze({
    production: false,
    exposeDebug: false,
    requestTimeoutMs: 30_000,
    defaultRetryAfterSeconds: 1,
    problemTypeBaseUri: 'https://errors.resilience.dev/',
    supportedMediaTypes: ['application/json'],
    catalogs: {},
  });

/** Fills the members `options` leaves out with the defaults. */
export function resolveResilienceFilterOptions(
  options: Partial<ResilienceFilterOptions> = {},
): ResilienceFilterOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<ResilienceFilterOptions>;
  return { ...DEFAULT_RESILIENCE_FILTER_OPTIONS, ...defined };
}
