import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** How a library's code uses one package. */
export interface PackageUse {
  /** Files that load the package when they are loaded (a static import or re-export of a value). */
  readonly loadedBy: string[];
  /** Files that load it on demand (`import()`), so a missing package fails only that call. */
  readonly loadedOnDemandBy: string[];
  /** Files that only name its types (`import type`, `import('x').T`), erased from the JavaScript. */
  readonly typesOnlyIn: string[];
}

/**
 * Calls of the global `Reflect` metadata API, which exists only once `reflect-metadata` is
 * loaded; they count as a use of that package although nothing imports it by name.
 */
const REFLECT_METADATA_CALLS = new Set([
  'defineMetadata',
  'getMetadata',
  'getOwnMetadata',
  'hasMetadata',
  'hasOwnMetadata',
  'metadata',
]);

/** Files published in the package: sources, but not specs nor their fixtures. */
function isShippedSource(file: string): boolean {
  return (
    file.endsWith('.ts') &&
    !file.endsWith('.spec.ts') &&
    !file.endsWith('.fixture.ts')
  );
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return isShippedSource(entry.name) ? [path] : [];
  });
}

/**
 * The package a module specifier names (`@nestjs/core` for `@nestjs/core/injector/x.js`), or
 * `undefined` for relative paths and Node's built-in modules.
 */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  // A bare `import 'x'` runs the module for its side effects.
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return (
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  if (!clause || ts.isNamespaceExport(clause)) return false;
  return (
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}

/**
 * Every third-party package the shipped code of a library uses (specs and their fixtures left
 * out), with how each file uses it. Node's built-in modules and relative imports are left out.
 *
 * @param sourceRoot the library's `src` folder
 * @returns uses keyed by package name; file paths are relative to `sourceRoot`
 */
export function scanLibraryImports(
  sourceRoot: string,
): Map<string, PackageUse> {
  const uses = new Map<string, PackageUse>();
  const record = (
    specifier: string,
    file: string,
    kind: keyof PackageUse,
  ): void => {
    const name = packageNameOf(specifier);
    if (name === undefined) return;
    let use = uses.get(name);
    if (!use) {
      use = { loadedBy: [], loadedOnDemandBy: [], typesOnlyIn: [] };
      uses.set(name, use);
    }
    if (!use[kind].includes(file)) use[kind].push(file);
  };

  for (const path of listSources(sourceRoot)) {
    const file = relative(sourceRoot, path);
    const source = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (
        ts.isImportDeclaration(node) &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        record(
          node.moduleSpecifier.text,
          file,
          isTypeOnlyImport(node) ? 'typesOnlyIn' : 'loadedBy',
        );
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        record(
          node.moduleSpecifier.text,
          file,
          isTypeOnlyExport(node) ? 'typesOnlyIn' : 'loadedBy',
        );
      } else if (
        ts.isImportTypeNode(node) &&
        ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        record(node.argument.literal.text, file, 'typesOnlyIn');
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        record(node.arguments[0].text, file, 'loadedOnDemandBy');
      } else if (
        ts.isPropertyAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'Reflect' &&
        REFLECT_METADATA_CALLS.has(node.name.text)
      ) {
        record('reflect-metadata', file, 'loadedBy');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}
