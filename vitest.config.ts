import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'workers/**/*.test.ts',
      'web/src/**/*.test.ts',
      'server/**/*.test.ts',
      'scripts/**/*.test.ts',
      'agent/**/*.test.ts',
    ],
    testTimeout: 20_000,
  },
});
