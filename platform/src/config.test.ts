import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, baseConfig, databaseUrlFor, envBool, loadConfig } from './config.js';
import { documentUrlConfig } from './document-url.js';

describe('loadConfig', () => {
  it('works with no environment at all (fresh machine defaults)', () => {
    const cfg = loadConfig('x', baseConfig, {});
    expect(cfg.NODE_ENV).toBe('development');
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.SUBGRAPH_ALLOW_UNSIGNED).toBe(false);
  });
  it('lists every invalid variable at once', () => {
    const schema = baseConfig.extend({ PORT: z.coerce.number().int().min(1) });
    const err = (() => {
      try {
        loadConfig('svc', schema, { PORT: 'abc', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues.map((i) => i.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });
  it('refuses the dev document-link secret in production', () => {
    const schema = baseConfig.extend(documentUrlConfig.shape);
    const prod = { NODE_ENV: 'production', INTERNAL_HMAC_SECRET: 'k'.repeat(40), JWT_JWKS_URL: 'https://idp.example/jwks' };
    expect(() => loadConfig('svc', schema, prod)).toThrow(/DOCUMENT_URL_SECRET/);
    expect(loadConfig('svc', schema, { ...prod, DOCUMENT_URL_SECRET: 'd'.repeat(40) }).DOCUMENT_URL_SECRET).toBe('d'.repeat(40));
    expect(loadConfig('svc', schema, {}).DOCUMENT_URL_SECRET).toMatch(/^portal-dev-/);
  });
  it('refuses dev secrets and unsigned subgraphs in production', () => {
    expect(() => loadConfig('svc', baseConfig, { NODE_ENV: 'production' })).toThrow(/INTERNAL_HMAC_SECRET/);
    expect(() =>
      loadConfig('svc', baseConfig, {
        NODE_ENV: 'production',
        INTERNAL_HMAC_SECRET: 'k'.repeat(40),
        JWT_JWKS_URL: 'https://idp.example/jwks',
        SUBGRAPH_ALLOW_UNSIGNED: 'true',
      }),
    ).toThrow(/SUBGRAPH_ALLOW_UNSIGNED/);
    expect(
      loadConfig('svc', baseConfig, {
        NODE_ENV: 'production',
        INTERNAL_HMAC_SECRET: 'k'.repeat(40),
        JWT_JWKS_URL: 'https://idp.example/jwks',
      }).NODE_ENV,
    ).toBe('production');
  });
  it('parses booleans strictly', () => {
    expect(envBool.parse('YES')).toBe(true);
    expect(envBool.parse('0')).toBe(false);
    expect(envBool.safeParse('maybe').success).toBe(false);
  });
  it('prefers a per-service database URL', () => {
    expect(databaseUrlFor('pricing', { DATABASE_URL: 'postgres://a/db' }, { PRICING_DATABASE_URL: 'postgres://b/db' })).toBe(
      'postgres://b/db',
    );
    expect(databaseUrlFor('orders', { DATABASE_URL: 'postgres://a/db' }, {})).toBe('postgres://a/db');
  });
});
