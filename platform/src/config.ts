/**
 * Typed configuration. Each service declares a zod schema (usually `baseConfig.extend({...})`),
 * and parses the environment once at start with `loadConfig`. Defaults work on a fresh machine;
 * every variable is listed in the README.
 */
import { z } from 'zod';
import { DEV_DOCUMENT_URL_SECRET } from './document-url.js';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: string[],
  ) {
    super(`invalid configuration for ${service}:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Booleans from env: "1", "true", "yes", "on" (any case) are true; "0", "false", "no", "off", "" false. */
export const envBool = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: `expected a boolean, got "${v}"` });
  return z.NEVER;
});

export const envPort = z.coerce.number().int().min(0).max(65535);

/** Dev-only secrets: safe defaults so `pnpm start` works, refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'portal-dev-jwt-secret-0123456789abcdef';
export const DEV_INTERNAL_SECRET = 'portal-dev-internal-hmac-0123456789abcdef';

export const baseConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: JSON lines on stdout; `pretty`: short readable lines on stderr. Unset: stdout JSON, or files when LOG_DIR is set. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Write each service's JSON log to `<LOG_DIR>/<service>.log` (`pnpm start` sets it to `<DATA_DIR>/logs`). */
  LOG_DIR: z.string().optional(),
  /** One Postgres database for all services (one schema each); unset = embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().default('.data'),
  /** `nats://host:port` for NATS JetStream; unset = single-process Postgres-backed bus. */
  EVENT_BUS_URL: z.string().optional(),
  /**
   * Keeps one deployment's events apart from another's on a shared NATS server: the stream is the
   * upper-cased namespace, subjects start with it. Every service of one deployment uses the same.
   */
  EVENT_BUS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .default('portal'),
  /** HS256 secret for dev tokens (embedded mode, `pnpm token`). */
  JWT_DEV_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  /** When set, JWTs are verified against this JWKS (RS256/ES256) and dev tokens are refused. */
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  /** HMAC secret shared by the gateway and the subgraphs for the internal viewer header. */
  INTERNAL_HMAC_SECRET: z.string().min(32).default(DEV_INTERNAL_SECRET),
  /** Dev only: subgraphs accept requests without the gateway's signature. Never in production. */
  SUBGRAPH_ALLOW_UNSIGNED: envBool.default(false),
  /** Service HTTP host. */
  HOST: z.string().default('127.0.0.1'),
});
export type BaseConfig = z.infer<typeof baseConfig>;

export function loadConfig<S extends z.ZodType<BaseConfig>>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      service,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === 'production') {
    const problems: string[] = [];
    if (cfg.JWT_DEV_SECRET === DEV_JWT_SECRET && !cfg.JWT_JWKS_URL)
      problems.push('JWT_JWKS_URL (or a non-default JWT_DEV_SECRET) is required in production');
    if (cfg.INTERNAL_HMAC_SECRET === DEV_INTERNAL_SECRET) problems.push('INTERNAL_HMAC_SECRET must be set in production');
    if (cfg.SUBGRAPH_ALLOW_UNSIGNED) problems.push('SUBGRAPH_ALLOW_UNSIGNED cannot be on in production');
    // Only services that sign or check document links (invoices, gateway) have this key.
    if ((cfg as { DOCUMENT_URL_SECRET?: string }).DOCUMENT_URL_SECRET === DEV_DOCUMENT_URL_SECRET)
      problems.push('DOCUMENT_URL_SECRET must be set in production');
    if (problems.length) throw new ConfigError(service, problems);
  }
  return cfg;
}

/** `<SERVICE>_DATABASE_URL` wins over `DATABASE_URL`, so each service can have its own server. */
export function databaseUrlFor(
  service: string,
  cfg: Pick<BaseConfig, 'DATABASE_URL'>,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return env[`${service.toUpperCase()}_DATABASE_URL`] || cfg.DATABASE_URL;
}
