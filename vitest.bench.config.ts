import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// Benchmarks print figures and ratios against baselines measured in the same run; they are not
// part of `npm test` and assert nothing.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globals: true,
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    reporters: ['default'],
    silent: false,
  },
});
