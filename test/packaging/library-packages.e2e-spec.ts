import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The libraries as users get them: built, packed, installed into a new Nest project outside the
// repository, compiled there (strict, nodenext, declarations checked) and run.
//
// The install is offline and needs no npm cache: the tarballs are installed with `npm install
// --offline` into a project whose other dependencies are `file:` links to the packages this
// repository already installed (`npm ci`), which npm links instead of fetching. npm still
// resolves the tree, so a peer range of a library that the installed version does not satisfy
// fails the install, and a required peer missing from the manifests fails it too (npm would
// have to fetch it). The linked packages resolve their own dependencies from this repository's
// node_modules, so the app and the libraries share one copy of each.

const root = resolve(import.meta.dirname, '../..');
const LIBRARIES = readdirSync(join(root, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
/** What the consumer app needs beyond the libraries' own dependencies and peers. */
const APP_PACKAGES = ['@nestjs/platform-express', '@types/node'];
const CONSUMER_APP = join(import.meta.dirname, 'consumer-app');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Answer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** What the consumer app writes on stdout. */
interface ConsumerReport {
  resolvedFrom: string;
  recovered: Answer;
  callsToRecover: number;
  failing: Answer;
  callsWhileFailing: number;
  open: Answer;
  direct: {
    rejected: boolean;
    circuitOpen: boolean;
    instanceOfCircuitOpenError: boolean;
  };
  callsWhileOpen: number;
  siblings: string[];
}

/** Runs a command to completion. @throws with its output when it fails */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 120_000,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as {
      stdout?: string;
      stderr?: string;
    };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}\n${stdout}\n${stderr}`,
    );
  }
}

describe('library packages', () => {
  let work: string;
  let app: string;
  let report: ConsumerReport;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'nest-resilience-packages-'));
    app = join(work, 'app');
    const tarballs = join(work, 'tarballs');
    mkdirSync(join(app, 'src'), { recursive: true });
    mkdirSync(tarballs);

    run('npm', ['run', 'build:libs'], root);

    const dependencies: Record<string, string> = {};
    const linked = new Set(APP_PACKAGES);
    for (const dir of LIBRARIES) {
      const packed = JSON.parse(
        run(
          'npm',
          [
            'pack',
            join(root, 'dist', 'libs', dir),
            '--pack-destination',
            tarballs,
            '--json',
          ],
          work,
        ),
      ) as [{ name: string; filename: string }];
      dependencies[packed[0].name] =
        `file:${join(tarballs, packed[0].filename)}`;
      const manifest = JSON.parse(
        readFileSync(join(root, 'dist', 'libs', dir, 'package.json'), 'utf8'),
      ) as Manifest;
      for (const name of Object.keys({
        ...manifest.dependencies,
        ...manifest.peerDependencies,
      })) {
        if (!name.startsWith('@nest-resilience/')) linked.add(name);
      }
    }
    for (const name of linked) {
      dependencies[name] =
        `file:${realpathSync(join(root, 'node_modules', name))}`;
    }

    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        { name: 'consumer-app', private: true, type: 'module', dependencies },
        null,
        2,
      ),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'ES2023',
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            // The libraries' declarations are checked too, not only the app's use of them.
            skipLibCheck: false,
            types: ['node'],
            rootDir: 'src',
            outDir: 'dist',
          },
          include: ['src'],
        },
        null,
        2,
      ),
    );
    for (const file of readdirSync(CONSUMER_APP)) {
      copyFileSync(
        join(CONSUMER_APP, file),
        join(app, file.endsWith('.ts') ? 'src' : '.', file),
      );
    }

    run(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-package-lock',
        // An empty cache: nothing may come from a registry, not even a cached one.
        '--cache',
        join(work, 'npm-cache'),
      ],
      app,
    );
    run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], app);
    const output = run(
      process.execPath,
      [join('dist', 'consumer-app.main.js')],
      app,
    );
    report = JSON.parse(
      output.trim().split('\n').at(-1) ?? '',
    ) as ConsumerReport;
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('resolves the libraries from the installed packages, not from the repository', () => {
    expect(realpathSync(new URL(report.resolvedFrom))).toBe(
      join(
        realpathSync(app),
        'node_modules',
        '@nest-resilience',
        'resilience',
        'index.js',
      ),
    );
  });

  it('loads the entry of every other library', () => {
    expect(report.siblings).toEqual([
      'DeadLetterModule',
      'ResilientMessagingModule',
      'WorkflowsModule',
    ]);
  });

  it('retries a call the upstream answered 503 and returns its next answer', () => {
    expect(report.recovered).toMatchObject({ status: 200, body: { stock: 7 } });
    expect(report.callsToRecover).toBe(2);
  });

  it('stops retrying once failures open the circuit', () => {
    // Two failures open it; the third attempt meets the open circuit and the retry gives up.
    expect(report.callsWhileFailing).toBe(2);
    expect(report.failing.body).toMatchObject({ code: 'CIRCUIT_OPEN' });
  });

  it('fails fast with CircuitOpenError while the circuit is open, in the problem+json envelope', () => {
    expect(report.callsWhileOpen).toBe(0);
    expect(report.direct).toEqual({
      rejected: true,
      circuitOpen: true,
      instanceOfCircuitOpenError: true,
    });
    expect(report.open.status).toBe(503);
    expect(report.open.contentType).toMatch(/^application\/problem\+json/);
    expect(report.open.body).toMatchObject({
      status: 503,
      code: 'CIRCUIT_OPEN',
      retryable: true,
    });
  });
});
