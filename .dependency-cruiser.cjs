// Boundaries between the libraries, the application, the tests, the benches and the chaos run,
// checked by `npm run lint`. Layers, bottom to top:
//   resilience -> problem-details -> dead-letters -> messaging -> workflows
// A library imports only the libraries below it, and only through their package name
// (`@nest-resilience/<name>`), which tsconfig `paths` resolves to `libs/<name>/src/index.ts`.

/** Every library's public entries: the main one, and the `testing` entry of resilience. */
const LIBRARY_ENTRY =
  '^libs/[^/]+/src/index\\.ts$|^libs/resilience/src/testing/index\\.ts$';

/** Libraries above each one, which it must not import. */
const LAYERS_ABOVE = {
  resilience: ['problem-details', 'dead-letters', 'messaging', 'workflows'],
  'problem-details': ['dead-letters', 'messaging', 'workflows'],
  'dead-letters': ['messaging', 'workflows'],
  messaging: ['workflows'],
};

const layerRules = Object.entries(LAYERS_ABOVE).map(([library, above]) => ({
  name: `layers-${library}`,
  comment:
    `libs/${library} must not depend on ${above.join(', ')}: dependencies point down the ` +
    'layers (resilience -> problem-details -> dead-letters -> messaging -> workflows). ' +
    'Move the shared code down to the lowest library that needs it, or invert the ' +
    'dependency (an abstract class or token in the lower library, implemented above).',
  severity: 'error',
  from: { path: `^libs/${library}/` },
  to: { path: `^libs/(${above.join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'libs-cross-import-by-relative-path',
      comment:
        'Import another library through its package name (`@nest-resilience/<name>`), never ' +
        'by a relative path into its folder.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/',
        pathNot: '^libs/$1/',
        dependencyTypesNot: ['aliased'],
      },
    },
    {
      name: 'libs-cross-import-past-entry',
      comment:
        'Import another library only through its public entry (`@nest-resilience/<name>` or ' +
        '`@nest-resilience/resilience/testing`). If the symbol you need is not exported ' +
        "there, export it from that library's index.ts.",
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: [`^libs/$1/`, LIBRARY_ENTRY] },
    },
    {
      name: 'libs-not-to-app',
      comment:
        'Libraries must not import the application, the tests, the benches or the chaos run ' +
        '(src/, test/, bench/, chaos/). Move the code into the library, or have the app pass it ' +
        'in (options, a provider, an abstract class the app implements).',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(src|test|bench|chaos)/' },
    },
    {
      name: 'app-imports-library-by-relative-path',
      comment:
        'Import a library through its package name (`@nest-resilience/<name>` or ' +
        '`@nest-resilience/resilience/testing`), never by a relative path into libs/.',
      severity: 'error',
      from: { path: '^(src|test|bench|chaos)/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'app-deep-import-into-library',
      comment:
        'Import a library only through its public entry (`@nest-resilience/<name>` or ' +
        '`@nest-resilience/resilience/testing`), never a file past it. If the symbol you need ' +
        "is not exported there, export it from that library's index.ts.",
      severity: 'error',
      from: { path: '^(src|test|bench|chaos)/' },
      to: { path: '^libs/', pathNot: LIBRARY_ENTRY },
    },
    {
      name: 'no-circular',
      comment:
        'This import closes a cycle. Break it: move what both sides need into its own file ' +
        'that imports neither, or import the concrete file instead of a folder index.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'This import cannot be resolved: fix the path, add the package to package.json, or ' +
        'map the alias in tsconfig.json `paths`.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|node_modules)/' },
    // Type-only imports count too: a layer must not even name the types of the layers above.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
