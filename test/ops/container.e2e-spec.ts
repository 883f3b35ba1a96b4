import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PRODUCTION_REQUIREMENTS } from '../../src/config/app.config.js';
import { ensureBuilt, ROOT } from './app.process.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
  stop_grace_period?: string;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, ComposeService>;
};
const app = compose.services.app;
const envExample = read('.env.example');

/** Instructions of the Dockerfile, continuation lines joined, comments dropped. */
function dockerfile(): { instruction: string; args: string }[] {
  return read('Dockerfile')
    .replaceAll(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

/** The stages of the Dockerfile, each with its instructions. */
function stages(): {
  name: string;
  lines: { instruction: string; args: string }[];
}[] {
  const result: ReturnType<typeof stages> = [];
  for (const line of dockerfile()) {
    if (line.instruction === 'FROM') {
      result.push({ name: line.args.split(/\s+AS\s+/i)[1] ?? '', lines: [] });
    } else {
      result.at(-1)?.lines.push(line);
    }
  }
  return result;
}

describe('the container image', () => {
  it('builds in one stage and runs the bundle with production dependencies in another', () => {
    const [build, runtime, ...more] = stages();
    expect(more).toEqual([]);
    const runs = (stage: typeof build) =>
      stage.lines.filter((l) => l.instruction === 'RUN').map((l) => l.args);
    expect(runs(build).join('\n')).toMatch(/npm ci\b/);
    expect(runs(build).join('\n')).toMatch(/npm run build/);
    expect(runs(build).join('\n')).toMatch(/npm prune --omit=dev/);
    const copies = runtime.lines
      .filter((l) => l.instruction === 'COPY')
      .map((l) => l.args);
    for (const path of ['node_modules', 'dist', 'config', 'package.json']) {
      expect(copies).toContainEqual(
        expect.stringMatching(new RegExp(`--from=${build.name} \\S*/${path}`)),
      );
    }
  });

  it('has in its production dependencies every package the bundle imports', () => {
    ensureBuilt();
    const bundle = read('dist/main.js');
    const specifiers = [
      ...bundle.matchAll(/^import\b[^;\n]*?\bfrom "([^"]+)"/gm),
      ...bundle.matchAll(/\bimport\("([^"]+)"\)/g),
    ].map((match) => match[1]);
    expect(specifiers.length).toBeGreaterThan(10);
    const { dependencies } = JSON.parse(read('package.json')) as {
      dependencies: Record<string, string>;
    };
    const packages = new Set(
      specifiers
        .filter((s) => !s.startsWith('node:') && !s.startsWith('.'))
        .map((s) =>
          s
            .split('/')
            .slice(0, s.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    );
    expect([...packages].filter((name) => !(name in dependencies))).toEqual([]);
  }, 200_000);

  it('runs as the unprivileged node user, under tini, and checks liveness', () => {
    const runtime = stages()[1].lines;
    const last = (instruction: string) =>
      runtime.filter((l) => l.instruction === instruction).at(-1)?.args;
    expect(last('USER')).toBe('node');
    expect(JSON.parse(last('ENTRYPOINT') ?? '[]')).toEqual([
      '/usr/bin/tini',
      '--',
    ]);
    expect(runtime.some((l) => /install .*\btini\b/.test(l.args))).toBe(true);
    expect(JSON.parse(last('CMD') ?? '[]')).toEqual(['node', 'dist/main']);
    expect(last('HEALTHCHECK')).toContain('/health/liveness');
  });

  it('leaves local state, secrets and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.env', '.git', 'data']) {
      expect(ignored).toContain(entry);
    }
  });
});

describe('the app service of docker-compose.yml', () => {
  it('is built from the Dockerfile and kept out of a plain `docker compose up -d`', () => {
    expect(app.build).toBe('.');
    expect(app.profiles).toEqual(['app']);
    expect(app.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('starts once every backing service is healthy', () => {
    const backing = Object.keys(compose.services).filter((n) => n !== 'app');
    expect(backing.sort()).toEqual(['nats', 'postgres', 'rabbitmq', 'redis']);
    for (const name of backing) {
      expect(compose.services[name].healthcheck?.test).toBeDefined();
      expect(app.depends_on?.[name]).toEqual({
        condition: 'service_healthy',
      });
    }
  });

  it('runs in production against the compose services by their names', () => {
    const env = app.environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    expect(new URL(env.DATABASE_URL).host).toBe('postgres:5432');
    expect(new URL(env.REDIS_URL).host).toBe('redis:6379');
    expect(new URL(env.RABBITMQ_URL).host).toBe('rabbitmq:5672');
    expect(new URL(env.NATS_URL).host).toBe('nats:4222');
    for (const names of PRODUCTION_REQUIREMENTS) {
      expect(names.some((name) => name in env)).toBe(true);
    }
  });

  it('takes secrets from the environment, never from the file', () => {
    const env = app.environment ?? {};
    for (const name of ['ADMIN_TOKEN', 'ADMIN_TOKENS', 'DLQ_ENCRYPTION_KEY']) {
      expect(env[name]).toBe(`\${${name}:-}`);
    }
  });

  it('sets only variables that .env.example documents', () => {
    for (const name of Object.keys(app.environment ?? {})) {
      expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });

  it('gives requests in flight longer to finish than the app waits for them', () => {
    const graceSeconds = Number(
      /^(\d+)s$/.exec(app.stop_grace_period ?? '')?.[1],
    );
    const drainMs = Number(
      /^# SHUTDOWN_GRACE_PERIOD_MS=(\d+)$/m.exec(envExample)?.[1],
    );
    expect(graceSeconds * 1000).toBeGreaterThan(drainMs);
  });
});

describe('.env.example', () => {
  it('marks each variable production requires', () => {
    for (const name of PRODUCTION_REQUIREMENTS.flat()) {
      const block = envExample
        .split(/\n\s*\n/)
        .find((b) => new RegExp(`^#? ?${name}=`, 'm').test(b));
      expect(block, name).toMatch(/Required in production/);
    }
  });
});
