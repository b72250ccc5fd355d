/** Gateway configuration (CLI flags override SUPERGRAPH_PATH and PORT). */
import type { z } from 'zod';
import { z as zod } from 'zod';
import { documentUrlConfig } from '@portal/platform/auth';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';

export const gatewayConfigSchema = baseConfig.extend(documentUrlConfig.shape).extend({
  PORT: envPort.default(4000),
  SUPERGRAPH_PATH: zod.string().default('schema/supergraph.graphql'),
  /** `portal`: the gateway's own plan executor; `apollo`: @apollo/gateway's (for comparison). */
  GATEWAY_EXECUTOR: zod.enum(['portal', 'apollo']).default('portal'),
  /** The planner behind our executor: `hive` (Hive Router's) or `apollo` (`@apollo/query-planner`, for comparison). */
  GATEWAY_PLANNER: zod.enum(['hive', 'apollo']).default('hive'),
  /** graphql-ws connections to each subgraph, shared by every subscription of this process. */
  GATEWAY_UPSTREAM_CONNECTIONS: zod.coerce.number().int().min(1).max(10).default(2),
  /** Events one subscription may have waiting for a slow client; past that it ends with a resumable error. */
  GATEWAY_SUBSCRIPTION_BUFFER: zod.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Per-fetch timeout for subgraph calls (SUBGRAPH_<NAME>_TIMEOUT_MS overrides it per subgraph). */
  SUBGRAPH_TIMEOUT_MS: zod.coerce.number().int().min(50).max(120_000).default(10_000),
  /** Introspection on/off (GraphiQL and codegen need it; production may turn it off). */
  INTROSPECTION: envBool.default(true),
  MAX_BODY_BYTES: zod.coerce.number().int().min(1024).default(1_000_000),
  // Operation limits (limits.ts): a refused operation gets a 400 naming the limit and the measure.
  MAX_DEPTH: zod.coerce.number().int().min(1).default(12),
  MAX_COST: zod.coerce.number().int().min(1).default(25_000),
  MAX_ALIASES: zod.coerce.number().int().min(0).default(30),
  MAX_ROOT_FIELDS: zod.coerce.number().int().min(1).default(20),
  /** Page size the cost estimate assumes for a list without `first`. */
  DEFAULT_LIST_SIZE: zod.coerce.number().int().min(1).default(10),
  /** Operations per array-batched HTTP request; 1 turns batching off. */
  MAX_BATCH: zod.coerce.number().int().min(1).max(100).default(10),
  /** Lexical tokens per document: bounds parse and validation work before any other limit runs. */
  MAX_TOKENS: zod.coerce.number().int().min(100).default(5_000),
  /** Only registered trusted documents (schema/operations, by sha256) run; ad-hoc queries are refused. */
  PERSISTED_ONLY: envBool.default(false),
  /** Where the trusted documents live; default: the repository's schema/operations. */
  PERSISTED_OPERATIONS_DIR: zod.string().optional(),
  /** In-flight HTTP requests get this long to finish on shutdown before connections are cut. */
  SHUTDOWN_TIMEOUT_MS: zod.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Trace export: none (default; no OTLP endpoint), otlp (OTLP/HTTP), console, memory (tests). */
  OTEL_TRACES_EXPORTER: zod.enum(['none', 'otlp', 'console', 'memory']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: zod.string().url().optional(),
  OTEL_SERVICE_NAME: zod.string().default('portal-gateway'),
  /** `SUBGRAPH_<NAME>_TIMEOUT_MS` variables, gathered by loadGatewayConfig (JSON of name → ms). */
  SUBGRAPH_TIMEOUTS: zod
    .string()
    .default('{}')
    .transform((s) => JSON.parse(s) as unknown)
    .pipe(zod.record(zod.string(), zod.coerce.number().int().min(50).max(120_000))),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig('gateway', gatewayConfigSchema, { ...env, SUBGRAPH_TIMEOUTS: JSON.stringify(subgraphTimeoutVars(env)) });

const TIMEOUT_VAR = /^SUBGRAPH_([A-Z0-9_]+)_TIMEOUT_MS$/;

function subgraphTimeoutVars(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => TIMEOUT_VAR.test(k) && v) as [string, string][]);
}

/** The fetch timeout for one subgraph: `SUBGRAPH_<NAME>_TIMEOUT_MS`, else SUBGRAPH_TIMEOUT_MS. */
const timeoutKeys = new Map<string, string>();
export function subgraphTimeoutMs(name: string, config: Pick<GatewayConfig, 'SUBGRAPH_TIMEOUT_MS' | 'SUBGRAPH_TIMEOUTS'>): number {
  // Called for every subgraph fetch: the variable name is derived once per subgraph.
  let key = timeoutKeys.get(name);
  if (!key) timeoutKeys.set(name, (key = `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TIMEOUT_MS`));
  return config.SUBGRAPH_TIMEOUTS[key] ?? config.SUBGRAPH_TIMEOUT_MS;
}

/** `SUBGRAPH_<NAME>_URL` overrides the routing URL composed into the supergraph. */
export function subgraphUrlOverride(name: string, env: Record<string, string | undefined> = process.env): string | undefined {
  return env[`SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`] || undefined;
}
