import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import { startTestApp } from '../support/test-app.js';
import type { TestDatabase } from '../dead-letter/dead-letter-test.app.js';

export {
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  type Driver,
  type TestDatabase,
} from '../dead-letter/dead-letter-test.app.js';

/** The tokens of the admin specs: the single ones and the named ones of `ADMIN_TOKENS`. */
export const TOKENS = {
  admin: 'admin-e2e-token-0123456789',
  readonly: 'readonly-e2e-token-0123456789',
  alice: 'alice-e2e-token-0123456789',
  carol: 'carol-e2e-token-0123456789',
  bob: 'bob-e2e-token-0123456789',
} as const;

/** `Authorization` header of one of {@link TOKENS}. */
export function as(name: keyof typeof TOKENS): { Authorization: string } {
  return { Authorization: `Bearer ${TOKENS[name]}` };
}

// Whatever the machine's environment says about services, the app runs embedded here: its own
// database, in-memory rate-limit counters, no broker, the built-in simulators.
const DROPPED =
  /^(DATABASE_URL|DATABASE_SCHEMA|DATABASE_SQLITE_PATH|REDIS_URL|RABBITMQ_URL|NATS_URL|.*_SERVICE_URL|ADMIN_.*)$/;

/** The application as `main.ts` starts it, and what specs look at. */
export interface AdminTestApp {
  app: NestExpressApplication;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/**
 * Starts `AppModule` from the environment, with `database`, the admin tokens of {@link TOKENS}
 * (alice and carol named full admins, bob a named reader) and `env` on top.
 */
export async function startAdminApp(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<AdminTestApp> {
  const saved = { ...process.env };
  process.env = {
    ...Object.fromEntries(
      Object.entries(saved).filter(([name]) => !DROPPED.test(name)),
    ),
    ...database.env,
    ADMIN_TOKEN: TOKENS.admin,
    ADMIN_READONLY_TOKEN: TOKENS.readonly,
    ADMIN_TOKENS: `alice:${TOKENS.alice}, carol:${TOKENS.carol}, bob:${TOKENS.bob}:readonly`,
    ...env,
  };
  const logger = new CapturingLogger();
  try {
    const app = await startTestApp(AppModule, { logger });
    return {
      app,
      server: app.getHttpServer(),
      logger,
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}
