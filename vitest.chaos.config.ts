import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// `npm run chaos`: a bounded fault run of the whole application that prints its table and
// fails on a lost or duplicated message or a 500 answer. Not part of `npm test`.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globals: true,
    include: ['chaos/**/*.run.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    silent: false,
  },
});
