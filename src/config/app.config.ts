import { randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';

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
});

/**
 * The application's own settings, validated at boot. Without `ADMIN_TOKEN` a random token is
 * made for this run (and logged once at start), so the admin API is never open.
 */
export const appConfig = registerAs('app', () => {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    production: env.NODE_ENV === 'production',
    adminToken: env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: env.ADMIN_TOKEN === undefined,
    adminReadonlyToken: env.ADMIN_READONLY_TOKEN,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
  };
});
