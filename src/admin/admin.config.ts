import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';
import type { AdminTokenSpec } from '@nest-resilience/resilience';

/** Admin requests a principal (or a client without a valid token) may make in a minute. */
export const DEFAULT_ADMIN_RATE_LIMIT_PER_MINUTE = 300;

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const MIN_TOKEN_LENGTH = 16;

const schema = z.object({
  ADMIN_TOKENS: z.string().optional(),
  ADMIN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(DEFAULT_ADMIN_RATE_LIMIT_PER_MINUTE),
});

/**
 * Reads `ADMIN_TOKENS`: comma-separated `name:token` pairs, each a named full admin, or
 * `name:token:readonly` for a named reader. Names are 1 to 64 letters, digits, `.`, `_`, `@`
 * or `-`; tokens at least 16 characters without `:` or `,`.
 *
 * @returns the tokens, or the problems found, one line each
 */
export function parseAdminTokens(value: string | undefined): {
  tokens: AdminTokenSpec[];
  problems: string[];
} {
  const tokens: AdminTokenSpec[] = [];
  const problems: string[] = [];
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const where = `ADMIN_TOKENS entry ${index + 1}`;
    const [name, token, access, ...rest] = entry.split(':');
    if (token === undefined || rest.length > 0) {
      problems.push(`${where}: use name:token or name:token:readonly`);
    } else if (!NAME.test(name)) {
      problems.push(
        `${where}: the name must be 1 to 64 letters, digits, ".", "_", "@" or "-"`,
      );
    } else if (token.length < MIN_TOKEN_LENGTH) {
      problems.push(
        `${where} (${name}): the token must be at least ${MIN_TOKEN_LENGTH} characters`,
      );
    } else if (access !== undefined && access !== 'readonly') {
      // Not quoted back: it may be part of a token that contains a colon.
      problems.push(
        `${where} (${name}): the part after the token may only be readonly`,
      );
    } else if (tokens.some((known) => known.name === name)) {
      problems.push(`${where}: the name "${name}" is used twice`);
    } else if (tokens.some((known) => known.token === token)) {
      problems.push(`${where} (${name}): the same token as another name's`);
    } else {
      tokens.push({ name, token, readonly: access === 'readonly' });
    }
  });
  return { tokens, problems };
}

/**
 * The `admin` configuration namespace: the named admin tokens (`ADMIN_TOKENS`) and the admin
 * routes' own rate limit (`ADMIN_RATE_LIMIT_PER_MINUTE`). Validated at boot; a bad value stops
 * the start. The single tokens `ADMIN_TOKEN` and `ADMIN_READONLY_TOKEN` stay in `app`.
 */
export const adminConfig = registerAs('admin', () => {
  const parsed = schema.safeParse(process.env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
  const named = parseAdminTokens(process.env.ADMIN_TOKENS);
  problems.push(...named.problems);
  if (!parsed.success || problems.length > 0) {
    throw new Error(
      `Invalid admin environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    /** `ADMIN_TOKENS`, parsed. @default none */
    tokens: named.tokens,
    /** `ADMIN_RATE_LIMIT_PER_MINUTE`: admin requests per principal (or client) a minute. @default 300 */
    rateLimitPerMinute: parsed.data.ADMIN_RATE_LIMIT_PER_MINUTE,
  };
});

/** Type of the injected `admin` namespace. */
export type AdminConfig = ConfigType<typeof adminConfig>;
