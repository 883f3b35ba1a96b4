import type { z } from 'zod';
import type { ResilienceKeyOrigin } from './resilience-settings.interface.js';

/** How {@link formatSettingsIssues} places and annotates the lines it writes. */
export interface SettingsIssueFormatOptions {
  /** Path segments put before every issue's own path (`['services', 'product-service']`). @default [] */
  readonly prefix?: readonly PropertyKey[];
  /**
   * Where the value at a full path came from (`from RESILIENCE__...`), shown after the path.
   * @default no annotation
   */
  readonly annotate?: (path: readonly PropertyKey[]) => string | undefined;
}

/** The key path prefix of a service's settings: `defaults` or `services.<name>`. */
export function settingsScope(service: string): string {
  return service === 'defaults' ? 'defaults' : `services.${service}`;
}

/** Where a key's value came from, as messages say it: `in <file>` or `from <VARIABLE>`. */
export function describeOrigin(origin: ResilienceKeyOrigin): string {
  return origin.layer === 'env'
    ? `from ${origin.source}`
    : `in ${origin.source}`;
}

/**
 * Turns zod issues into one line each, `<key path>: <what is allowed> (got <value>)`, for
 * example `services.product-service.retry.backoff: must be one of exponential, linear, fixed
 * (got "expo")`. Messages come from the schema, which states the allowed values.
 */
export function formatSettingsIssues(
  issues: readonly z.core.$ZodIssue[],
  options: SettingsIssueFormatOptions = {},
): string[] {
  const prefix = options.prefix ?? [];
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        formatLine([...path, key], issue.message, undefined, options),
      );
    }
    const message =
      issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? issue.message)
        : issue.message;
    return [formatLine(path, message, issue.input, options)];
  });
}

function formatLine(
  path: readonly PropertyKey[],
  message: string,
  input: unknown,
  options: SettingsIssueFormatOptions,
): string {
  const where =
    path.length === 0 ? 'configuration' : path.map(String).join('.');
  const annotation = options.annotate?.(path);
  const source = annotation === undefined ? '' : ` (${annotation})`;
  const got = input === undefined ? '' : ` (got ${describeValue(input)})`;
  return `${where}${source}: ${message}${got}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object' && value !== null) {
    return 'a mapping';
  }
  const text =
    typeof value === 'string' ? JSON.stringify(value) : String(value);
  // A pasted blob must not drown the other problems.
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
