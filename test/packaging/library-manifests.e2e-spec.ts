import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  scanLibraryImports,
  type PackageUse,
} from './library-imports.scanner.js';

// Each library's package.json against what its shipped code imports: a package the code loads
// but the manifest does not declare breaks the installed library, and one declared but unused
// makes users install it for nothing.

interface Manifest {
  name: string;
  version: string;
  type?: string;
  exports?: Record<string, Record<string, string>>;
  files?: string[];
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const root = resolve(import.meta.dirname, '../..');
const readJson = <T>(path: string): T =>
  JSON.parse(readFileSync(join(root, path), 'utf8')) as T;

const rootManifest = readJson<Manifest>('package.json');
const rootRanges: Record<string, string> = {
  ...rootManifest.devDependencies,
  ...rootManifest.dependencies,
};
const libraries = readdirSync(join(root, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const manifestOf = (dir: string): Manifest =>
  readJson<Manifest>(`libs/${dir}/package.json`);
const siblingNames = new Map(
  libraries.map((dir) => [`@nest-resilience/${dir}`, dir]),
);

/** Packages a library must share with the app (one DI container, one metadata registry, one
 * `DataSource`), so they are peers, never dependencies with a copy of their own. */
const MUST_BE_PEER =
  /^(@nestjs\/|@nest-resilience\/|rxjs$|reflect-metadata$|typeorm$|class-validator$|class-transformer$)/;

/** Whether an installed package carries its own declarations, or needs `@types/<name>`. */
function shipsOwnTypes(name: string): boolean {
  const dir = join(root, 'node_modules', name);
  const manifest = JSON.parse(
    readFileSync(join(dir, 'package.json'), 'utf8'),
  ) as Record<string, unknown>;
  return (
    typeof manifest.types === 'string' ||
    typeof manifest.typings === 'string' ||
    JSON.stringify(manifest.exports ?? {}).includes('"types"') ||
    existsSync(join(dir, 'index.d.ts'))
  );
}

const typesPackageOf = (name: string): string =>
  `@types/${name.replace(/^@/, '').replace('/', '__')}`;

const where = (files: string[]): string =>
  files.slice(0, 3).join(', ') + (files.length > 3 ? ', ...' : '');

describe('library package manifests', () => {
  it('every library has a package.json', () => {
    const missing = libraries.filter(
      (dir) => !existsSync(join(root, 'libs', dir, 'package.json')),
    );
    expect(missing, 'libs/<dir> without a package.json').toEqual([]);
  });

  describe.each(libraries)('libs/%s/package.json', (dir) => {
    const manifest = manifestOf(dir);
    const dependencies = manifest.dependencies ?? {};
    const peers = manifest.peerDependencies ?? {};
    const declared: Record<string, string> = { ...dependencies, ...peers };
    const uses = scanLibraryImports(join(root, 'libs', dir, 'src'));
    uses.delete(manifest.name);

    it('names the package and its entries as the build emits them', () => {
      expect(manifest).toMatchObject({
        name: `@nest-resilience/${dir}`,
        type: 'module',
        engines: rootManifest.engines,
      });
      const problems: string[] = [];
      for (const [subpath, conditions] of Object.entries(
        manifest.exports ?? {},
      )) {
        const entry = subpath === '.' ? 'index' : `${subpath.slice(2)}/index`;
        if (
          conditions.types !== `./${entry}.d.ts` ||
          conditions.import !== `./${entry}.js`
        ) {
          problems.push(
            `exports["${subpath}"] should be { types: ./${entry}.d.ts, import: ./${entry}.js }`,
          );
        }
        if (!existsSync(join(root, 'libs', dir, 'src', `${entry}.ts`))) {
          problems.push(
            `exports["${subpath}"] has no source entry src/${entry}.ts`,
          );
        }
      }
      if (!manifest.exports?.['.']) problems.push('exports has no "." entry');
      expect(problems).toEqual([]);
    });

    it('declares every package its code imports', () => {
      const problems: string[] = [];
      for (const [name, use] of uses) {
        const files = [
          ...use.loadedBy,
          ...use.loadedOnDemandBy,
          ...use.typesOnlyIn,
        ];
        const typesOnly =
          use.loadedBy.length === 0 && use.loadedOnDemandBy.length === 0;
        if (name in declared) continue;
        if (typesOnly && typesPackageOf(name) in declared) continue;
        problems.push(
          `imports ${name} (${where(files)}) but declares it in neither dependencies nor ` +
            `peerDependencies${typesOnly ? ` (types only: ${typesPackageOf(name)} would do)` : ''}`,
        );
      }
      for (const name of Object.keys(declared)) {
        if (
          siblingNames.has(name) ||
          name.startsWith('@types/') ||
          !uses.has(name)
        )
          continue;
        if (!shipsOwnTypes(name) && !(typesPackageOf(name) in declared)) {
          problems.push(
            `declares ${name}, which ships no types, without ${typesPackageOf(name)}`,
          );
        }
      }
      expect(problems).toEqual([]);
    });

    it('declares nothing its code does not import', () => {
      const typed = new Map(
        [...uses.keys()].map((name) => [typesPackageOf(name), name]),
      );
      const unused = Object.keys(declared).filter(
        (name) => !uses.has(name) && !typed.has(name),
      );
      expect(
        unused,
        'declared in package.json but never imported by the code',
      ).toEqual([]);
    });

    it('takes third-party ranges from the root package.json and sibling ranges from their versions', () => {
      const problems: string[] = [];
      for (const [name, range] of Object.entries(declared)) {
        const sibling = siblingNames.get(name);
        const expected = sibling
          ? `^${manifestOf(sibling).version}`
          : rootRanges[name];
        if (expected === undefined)
          problems.push(`${name} is not a dependency of the root package.json`);
        else if (range !== expected)
          problems.push(
            `${name}: "${range}", the root package.json has "${expected}"`,
          );
      }
      expect(problems).toEqual([]);
    });

    it('keeps the framework and the sibling libraries as peers', () => {
      const asDependencies = Object.keys(dependencies).filter((name) =>
        MUST_BE_PEER.test(name),
      );
      expect(
        asDependencies,
        'must be peerDependencies, shared with the app',
      ).toEqual([]);
    });

    it('marks optional only peers its entry does not load', () => {
      const meta = manifest.peerDependenciesMeta ?? {};
      const problems: string[] = [];
      for (const [name, { optional }] of Object.entries(meta)) {
        if (!(name in peers))
          problems.push(
            `peerDependenciesMeta names ${name}, which is not a peer`,
          );
        const use: PackageUse | undefined = uses.get(name);
        if (optional && use && use.loadedBy.length > 0) {
          problems.push(
            `${name} is optional but loaded with the library by ${where(use.loadedBy)}; ` +
              'load it with import() where it is needed, or make it a required peer',
          );
        }
      }
      expect(problems).toEqual([]);
    });

    it('is registered in nest-cli.json as a library project with its tsconfig.lib.json', () => {
      const cli = readJson<{ projects: Record<string, unknown> }>(
        'nest-cli.json',
      );
      expect(cli.projects[dir]).toEqual({
        type: 'library',
        root: `libs/${dir}`,
        entryFile: 'index',
        sourceRoot: `libs/${dir}/src`,
        compilerOptions: { tsConfigPath: `libs/${dir}/tsconfig.lib.json` },
      });
    });
  });
});
