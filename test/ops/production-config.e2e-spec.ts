import { randomBytes } from 'node:crypto';
import { PRODUCTION_REQUIREMENTS } from '../../src/config/app.config.js';
import { createTestSchema, POSTGRES_URL } from '../support/test-schema.js';
import type { TestSchema } from '../support/test-schema.js';
import {
  embeddedEnv,
  ensureBuilt,
  freePort,
  removeAppData,
  start,
  type StartedProcess,
} from './app.process.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts the built app as the container does (`node dist/main`) with `env` on top. */
async function startBuilt(
  env: Record<string, string>,
): Promise<{ started: StartedProcess; port: number }> {
  const port = await freePort();
  const started = start(
    'node',
    ['dist/main'],
    embeddedEnv(port, { NO_COLOR: '1', NODE_ENV: 'production', ...env }),
  );
  return { started, port };
}

/** The one error the start stopped with: its lines, from the heading to the last variable. */
function bootError(output: string): string[] {
  const at = output.indexOf('Invalid environment');
  expect(at).toBeGreaterThanOrEqual(0);
  return output
    .slice(output.lastIndexOf('\n', at) + 1)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('production configuration is validated at boot', () => {
  let running: StartedProcess | undefined;

  beforeAll(() => ensureBuilt(), 200_000);
  afterEach(() => {
    running?.kill();
    running = undefined;
  });
  afterAll(() => removeAppData());

  it('stops a start missing everything production requires with one message naming each', async () => {
    const { started } = await startBuilt({ ADMIN_TOKEN: '' });
    running = started;
    const { code } = await started.exited;
    expect(code).toBe(1);
    const output = started.output();
    expect(output.match(/ERROR/g)).toHaveLength(1);
    expect(output).not.toMatch(/\n\s+at /);
    expect(bootError(output)).toEqual([
      expect.stringMatching(/ERROR \[Bootstrap\] Invalid environment/),
      ...PRODUCTION_REQUIREMENTS.map(
        (names) => `  - ${names.join(' or ')}: required in production`,
      ),
    ]);
    expect(output).not.toContain('Listening on');
  }, 60_000);

  it('names only what is missing, and never a value it was given', async () => {
    const token = 'named-admin-secret-0123456789';
    const { started } = await startBuilt({
      DATABASE_URL: POSTGRES_URL,
      REDIS_URL,
      ADMIN_TOKEN: '',
      ADMIN_TOKENS: `alice:${token}`,
    });
    running = started;
    const { code } = await started.exited;
    expect(code).toBe(1);
    expect(bootError(started.output()).slice(1)).toEqual([
      '  - DLQ_ENCRYPTION_KEY: required in production',
    ]);
    expect(started.output()).not.toContain(token);
  }, 60_000);

  describe('with everything it requires', () => {
    let schema: TestSchema;
    beforeAll(async () => {
      schema = await createTestSchema('ops_production');
    });
    afterAll(async () => {
      await schema?.drop();
    });

    it('starts, is ready, and exits 0 on SIGTERM', async () => {
      const { started, port } = await startBuilt({
        DATABASE_URL: POSTGRES_URL,
        DATABASE_SCHEMA: schema.name,
        REDIS_URL,
        ADMIN_TOKEN: 'production-admin-token-0123456789',
        DLQ_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        MESSAGING_RELAY: 'false',
      });
      running = started;
      await started.waitFor(/Listening on/, 60_000);
      const ready = await fetch(`http://127.0.0.1:${port}/health/readiness`);
      expect(ready.status).toBe(200);
      started.child.kill('SIGTERM');
      expect(await started.exited).toEqual({ code: 0, signal: null });
      expect(started.output()).not.toMatch(/"level":"error"/);
    }, 90_000);
  });
});
