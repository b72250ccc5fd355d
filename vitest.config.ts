import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql ships CommonJS (`index.js`) and ESM (`index.mjs`). Node loads the CommonJS build for
// every package (Apollo's included), but Vite would resolve our sources to the ESM one — two
// graphql realms, and schemas built by Apollo's planner would be refused by our code. One build.
const graphqlCjs = createRequire(new URL('./gateway/package.json', import.meta.url)).resolve('graphql');
const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] };

// One config, two projects: `unit` (pure, fast, *.test.ts) and `e2e` (*.e2e.ts: real databases,
// the event bus, the whole stack through the gateway). Each e2e file owns its database and ports.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '.data/**'],
          environment: 'node',
        },
      },
      {
        resolve,
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
