// Lint: typescript-eslint with type information for promise safety, plus the house's walls
// (docs/architecture.md, "Dependencies point one way") as import restrictions, so a boundary violation fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SUBGRAPHS = ['pricing', 'inventory', 'orders', 'invoices'];
const forbid = (names, message) => names.map((name) => ({ group: [name, `${name}/**`], message }));

/** No package reaches into another through relative paths: cross-package imports use @portal/* names. */
const noEscape = { regex: '^(\\.\\./){3,}', message: 'import other packages by their @portal/* name, not by relative path' };
const noTestKit = forbid(['@portal/testkit', '@portal/tests'], 'production code never imports test helpers');

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.data/**', '**/generated/**', 'schema/generated/**', 'coverage/**', 'gateway/graphiql/dist*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [noEscape] }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  // platform/ is the shared kernel: it knows no subgraph, gateway, ERP or launcher.
  {
    files: ['platform/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.e2e.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid(
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/gateway', '@portal/erp', '@portal/launcher'],
              'platform/ must not depend on services',
            ),
          ],
        },
      ],
    },
  },
  // The gateway imports no subgraph and no ERP code.
  {
    files: ['gateway/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.e2e.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid(
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/erp', '@portal/launcher'],
              'the gateway only knows the supergraph',
            ),
          ],
        },
      ],
    },
  },
  // The ERP service knows no portal service.
  {
    files: ['erp/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.e2e.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid([...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/gateway', '@portal/launcher'], 'the ERP does not know the portal'),
          ],
        },
      ],
    },
  },
  // Each subgraph: no other subgraph, no gateway, and the ERP only through its port.
  ...SUBGRAPHS.map((name) => ({
    files: [`subgraphs/${name}/src/**/*.ts`],
    ignores: ['**/*.test.ts', '**/*.e2e.ts', '**/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid(
              SUBGRAPHS.filter((s) => s !== name).map((s) => `@portal/${s}`),
              'a subgraph never imports another subgraph (extend the entity in your own SDL instead)',
            ),
            ...forbid(['@portal/gateway', '@portal/launcher'], 'subgraphs do not know the gateway'),
            ...forbid(['@portal/erp/service', '@portal/erp/seed'], 'reach the ERP only through @portal/erp/port'),
          ],
        },
      ],
    },
  })),
  // domain/ stays pure: no entities, resolvers, HTTP, ORM or ERP adapters.
  {
    files: ['subgraphs/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid(
              [
                '@mikro-orm/core',
                '@mikro-orm/postgresql',
                '@portal/erp',
                '@portal/platform/db',
                '@portal/platform/http',
                '@portal/platform/subgraph',
                'node:http',
                'dataloader',
              ],
              'domain/ is pure logic',
            ),
            {
              group: [
                '../entities',
                '../entities/**',
                '../resolvers',
                '../resolvers/**',
                '../erp',
                '../erp/**',
                '../loaders*',
                '../server*',
              ],
              message: 'domain/ is pure logic',
            },
            ...SUBGRAPHS.flatMap((s) => forbid([`@portal/${s}`], 'domain/ is pure logic')),
          ],
        },
      ],
    },
  },
);
