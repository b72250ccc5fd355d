import { defineConfig } from 'vitest/config';

// One config, two projects: `unit` (pure, fast, *.test.ts) and `e2e` (*.e2e.ts: real databases,
// the event bus, the whole stack through the gateway). Each e2e file owns its database and ports.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '.data/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.ts'],
          exclude: ['**/node_modules/**', '.data/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
