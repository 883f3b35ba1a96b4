import { randomBytes } from 'node:crypto';
import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';
import { EnvironmentInvalidError } from './environment-invalid.error.js';

/** Deepest nesting of arrays and objects a JSON request body may have. */
export const DEFAULT_BODY_MAX_DEPTH = 32;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NODE_ENV: z.string().default('development'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ADMIN_READONLY_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional(),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BODY_MAX_DEPTH: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(DEFAULT_BODY_MAX_DEPTH),
});

/**
 * What a production instance (`NODE_ENV=production`) must be given, each entry the variables
 * of which at least one must be set (non-empty). Without them it would run on embedded
 * stand-ins (an SQLite file, per-process state, a random admin token, dead letters in
 * plaintext) that suit a laptop and are wrong behind a load balancer.
 */
export const PRODUCTION_REQUIREMENTS: readonly (readonly string[])[] = [
  ['DATABASE_URL'],
  ['REDIS_URL'],
  ['ADMIN_TOKEN', 'ADMIN_TOKENS'],
  ['DLQ_ENCRYPTION_KEY'],
];

/**
 * The production requirements `env` leaves unmet, one line each (`DATABASE_URL: required in
 * production`), empty outside production. Empty and blank values count as unset.
 */
export function missingProductionVariables(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return PRODUCTION_REQUIREMENTS.filter((names) =>
    names.every((name) => (env[name] ?? '').trim() === ''),
  ).map((names) => `${names.join(' or ')}: required in production`);
}

/** The empty values of `env` dropped, since the documented meaning of an empty value is unset. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

/**
 * The application's own settings, validated at boot: a bad value, or a production instance
 * missing any of {@link PRODUCTION_REQUIREMENTS}, stops the start with one message naming
 * every variable at fault. Without `ADMIN_TOKEN` (outside production) a random token is made
 * for this run and logged once at start, so the admin API is never open.
 * @throws EnvironmentInvalidError naming each invalid or missing variable, never a value
 */
export const appConfig = registerAs('app', () => {
  const parsed = schema.safeParse(withoutEmpty(process.env));
  const problems = [
    ...missingProductionVariables(process.env),
    ...(parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${issue.path.join('.')}: ${issue.message}`,
        )),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new EnvironmentInvalidError(problems);
  }
  const env = parsed.data;
  return {
    /** `PORT`: HTTP port. @default 3000 */
    port: env.PORT,
    /** `NODE_ENV` is `production`: nothing internal leaves the process. */
    production: env.NODE_ENV === 'production',
    /** `ADMIN_TOKEN`, or a random token for this run when unset. */
    adminToken: env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    /** Whether {@link adminToken} was made for this run. */
    adminTokenGenerated: env.ADMIN_TOKEN === undefined,
    /** `ADMIN_READONLY_TOKEN`. @default none */
    adminReadonlyToken: env.ADMIN_READONLY_TOKEN,
    /** `REQUEST_TIMEOUT_MS`: 408 after this long; 0 is off. @default 30000 */
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    /** `RATE_LIMIT_PER_MINUTE`: requests per client a minute. @default 600 */
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    /** `BODY_MAX_DEPTH`: deepest JSON body nesting accepted. @default 32 */
    bodyMaxDepth: env.BODY_MAX_DEPTH,
  };
});

/** Type of the injected `app` namespace. */
export type AppConfig = ConfigType<typeof appConfig>;
