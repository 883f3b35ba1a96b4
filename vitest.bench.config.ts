import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// Benchmarks print figures and ratios against baselines measured in the same run, in
// alternating rounds (bench/support/abba.ts); they are not part of `npm test` and assert
// nothing. One file at a time, so no benchmark shares the machine with another; the global
// setup prints every result in one table at the end.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globals: true,
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    globalSetup: ['bench/support/summary.global-setup.ts'],
    reporters: ['default'],
    silent: false,
  },
});
