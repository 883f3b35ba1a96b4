// Runs a TypeScript entry of the test suite in a child process, transformed the way Vitest
// transforms the specs (Vite's module runner: decorators with metadata, tsconfig paths), so a
// spec or a benchmark can fork a real application process (and kill it). Usage: fork(runner, [entry.ts]).
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

const root = fileURLToPath(new URL('../../', import.meta.url));

const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
  plugins: [tsconfigPaths()],
});
const runner = createServerModuleRunner(server.environments.ssr, {
  hmr: false,
});
const entry = process.argv[2];
if (!entry) throw new Error('usage: ts-child.runner.mjs <entry.ts>');
await runner.import(entry);
