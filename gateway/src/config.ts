/** Gateway configuration (CLI flags override SUPERGRAPH_PATH and PORT). */
import type { z } from 'zod';
import { z as zod } from 'zod';
import { documentUrlConfig } from '@portal/platform/auth';
import { baseConfig, envBool, envPort, loadConfig } from '@portal/platform/config';

export const gatewayConfigSchema = baseConfig.extend(documentUrlConfig.shape).extend({
  PORT: envPort.default(4000),
  SUPERGRAPH_PATH: zod.string().default('schema/supergraph.graphql'),
  /** Per-fetch timeout for subgraph calls. */
  SUBGRAPH_TIMEOUT_MS: zod.coerce.number().int().min(50).max(120_000).default(10_000),
  /** Introspection on/off (GraphiQL and codegen need it; production may turn it off). */
  INTROSPECTION: envBool.default(true),
  MAX_BODY_BYTES: zod.coerce.number().int().min(1024).default(1_000_000),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) => loadConfig('gateway', gatewayConfigSchema, env);

/** `SUBGRAPH_<NAME>_URL` overrides the routing URL composed into the supergraph. */
export function subgraphUrlOverride(name: string, env: Record<string, string | undefined> = process.env): string | undefined {
  return env[`SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`] || undefined;
}
