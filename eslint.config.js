// Lint: typescript-eslint with type information for promise safety, plus the house's walls
// (docs/architecture.md, "Dependencies point one way") as import restrictions, so a boundary violation fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const SUBGRAPHS = ['pricing', 'inventory', 'orders', 'invoices'];
const forbid = (names, message) => names.map((name) => ({ group: [name, `${name}/**`], message }));

/** No package reaches into another through relative paths: cross-package imports use @portal/* names. */
const noEscape = { regex: '^(\\.\\./){3,}', message: 'import other packages by their @portal/* name, not by relative path' };
const noTestKit = forbid(['@portal/testkit', '@portal/tests'], 'production code never imports test helpers');
/** The pure engines, which every layer may use. */
const ENGINES = ['@portal/pricing-engine', '@portal/atp-engine'];
/** Everything that is not an engine: services, their shared kernel, the launcher. */
const NOT_ENGINES = [
  ...SUBGRAPHS.map((s) => `@portal/${s}`),
  '@portal/gateway',
  '@portal/erp',
  '@portal/reference-erp',
  '@portal/launcher',
  '@portal/platform',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.data/**',
      '**/generated/**',
      'schema/generated/**',
      'coverage/**',
      'gateway/graphiql/dist*/**',
      'gateway/reports/dist*/**',
    ],
  },
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
  // No import cycles, inside a package or across packages (followed through the @portal/* exports).
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
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
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/gateway', '@portal/erp', '@portal/reference-erp', '@portal/launcher'],
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
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/erp', '@portal/reference-erp', '@portal/launcher'],
              'the gateway only knows the supergraph',
            ),
          ],
        },
      ],
    },
  },
  // The ERP ports and adapters know no portal service, and reach the reference ERP only over its API.
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
            ...forbid(
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/gateway', '@portal/launcher'],
              'the ERP ports do not know the portal',
            ),
            ...forbid(['@portal/reference-erp'], 'adapters talk to the reference ERP over its HTTP API, never through its code'),
          ],
        },
      ],
    },
  },
  // The reference ERP is a separate service: it knows no portal service and not the portal's ports.
  {
    files: ['reference-erp/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.e2e.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noEscape,
            ...noTestKit,
            ...forbid(
              [...SUBGRAPHS.map((s) => `@portal/${s}`), '@portal/gateway', '@portal/launcher', '@portal/erp'],
              'the reference ERP does not know the portal',
            ),
          ],
        },
      ],
    },
  },
  // The engines are pure: no service, no platform, no other package of ours but another engine.
  {
    files: ['pricing-engine/src/**/*.ts', 'atp-engine/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noEscape, ...noTestKit, ...forbid(NOT_ENGINES, `an engine imports no service (only ${ENGINES.join(', ')})`)] },
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
            ...forbid(
              ['@portal/reference-erp', '@portal/erp/admin', '@portal/erp/contract'],
              'reach the ERP only through @portal/erp/port',
            ),
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
                '@portal/reference-erp',
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
