// Builds the five libraries as packages: ESM JavaScript and declarations from
// `libs/<dir>/tsconfig.lib.json` into `dist/libs/<dir>`, then each library's manifest beside its
// output, so `npm pack dist/libs/<dir>` makes the package users install.
//
// The manifests in `libs/<dir>/package.json` are written for the built package: their `exports`
// point at `./index.js` and `./index.d.ts`, which exist only under `dist/libs/<dir>`.
//
// Each tsconfig.lib.json maps the libraries below it to their emitted declarations (`paths`) and
// references them, so `tsc --build` compiles them first and a library never compiles a
// sibling's sources into its own output. Imports of a sibling stay `@nest-resilience/<name>` in
// the JavaScript and declarations: TypeScript does not rewrite package specifiers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** In dependency order: each library imports only those before it. */
const LIBRARIES = [
  'resilience',
  'problem-details',
  'dead-letters',
  'messaging',
  'workflows',
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'dist', 'libs');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// A clean output: a source file moved or deleted since the last build must not linger in a package.
rmSync(outRoot, { recursive: true, force: true });

const projects = LIBRARIES.map((dir) => join('libs', dir, 'tsconfig.lib.json'));
const build = spawnSync(process.execPath, [tsc, '--build', ...projects], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error(
    `build:libs: tsc --build failed (exit ${build.status ?? build.signal})`,
  );
  process.exit(1);
}
for (const dir of LIBRARIES) {
  const manifest = JSON.parse(
    readFileSync(join(root, 'libs', dir, 'package.json'), 'utf8'),
  );
  const outDir = join(outRoot, dir);
  const missing = Object.values(manifest.exports)
    .flatMap((conditions) => Object.values(conditions))
    .filter((target) => !existsSync(join(outDir, target)));
  if (missing.length > 0) {
    console.error(
      `build:libs: ${manifest.name} exports files the build did not emit: ${missing.join(', ')}`,
    );
    process.exit(1);
  }
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  console.log(
    `build:libs: ${manifest.name}@${manifest.version} -> ${join('dist', 'libs', dir)}`,
  );
}
