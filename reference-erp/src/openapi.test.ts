/**
 * reference-erp/openapi.yaml must describe exactly the routes server.ts registers. The routes are
 * read from server.ts's source text (every route is an `api('METHOD /path', …)` call), so no server
 * is started; the platform adds /health, /ready and /metrics, which must be documented too. Also
 * checks the document's structure (OpenAPI 3.1, operations, parameters, $refs). What each route's
 * handler implies is checked in openapi-handlers.test.ts; what both read, in openapi.fixtures.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  allSchemas,
  apiOperations,
  collectKeys,
  collectRefs,
  doc,
  drift,
  errorCodes,
  operationByKey,
  operations,
  type Parameter,
  PARAMETER_KEYS,
  PLATFORM_ROUTES,
  refersToError,
  resolvePointer,
  responsesOf,
  routes,
  routesFromSource,
  serverSource,
  unknownSchemaKeywords,
} from './openapi.fixtures.js';

describe('reference-erp/openapi.yaml', () => {
  describe('routes', () => {
    it('reads every route server.ts registers', () => {
      // A route registered other than with a literal `api('METHOD /path'` would slip past the comparison.
      expect(routes.length).toBe([...serverSource.matchAll(/\bapi\(/g)].length);
      expect(routes.length).toBeGreaterThan(25);
      expect(new Set(routes.map((r) => r.key)).size).toBe(routes.length);
    });

    it('documents exactly the routes of server.ts', () => {
      expect(
        drift(
          routes.map((r) => r.key),
          apiOperations.map((o) => o.key),
        ),
      ).toEqual({ undocumented: [], stale: [] });
    });

    it('documents the platform routes, without the API key', () => {
      for (const key of PLATFORM_ROUTES) {
        const op = operationByKey.get(key);
        expect(op, key).toBeDefined();
        expect(op?.operation.security, key).toEqual([]);
      }
    });

    it('notices a route added to server.ts without documentation, and a documented route that is gone', () => {
      const added = `${serverSource}\n  api(\n    'PATCH /v1/items/:sku/flags',\n    async () => ({}),\n  );\n`;
      expect(
        drift(
          routesFromSource(added).map((r) => r.key),
          apiOperations.map((o) => o.key),
        ),
      ).toEqual({ undocumented: ['PATCH /v1/items/{sku}/flags'], stale: [] });

      const removed = serverSource.replace("api('GET /v1/carriers'", "unregistered('GET /v1/carriers'");
      expect(removed).not.toBe(serverSource);
      expect(
        drift(
          routesFromSource(removed).map((r) => r.key),
          apiOperations.map((o) => o.key),
        ),
      ).toEqual({ undocumented: [], stale: ['GET /v1/carriers'] });
    });
  });

  describe('structure', () => {
    it('is OpenAPI 3.1 with info, servers, tags and the API key scheme applied globally', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info?.title).toBe('Reference ERP API');
      expect(doc.info?.version).toEqual(expect.any(String));
      expect(doc.info?.description).toMatch(/x-erp-api-key/);
      expect(doc.servers?.map((s) => s.url)).toContain('http://127.0.0.1:4100');
      const schemes = doc.components?.securitySchemes ?? {};
      const [name, scheme] = Object.entries(schemes).find(([, s]) => s.type === 'apiKey') ?? [];
      expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-erp-api-key' });
      expect(doc.security).toEqual([{ [name!]: [] }]);
      const tags = (doc.tags ?? []).map((t) => t.name);
      for (const tag of ['master data', 'pricing', 'availability', 'sales orders', 'billing', 'change feed', 'admin'])
        expect(tags).toContain(tag);
    });

    it('resolves every $ref', () => {
      const refs = collectRefs(doc);
      expect(refs.length).toBeGreaterThan(0);
      const unresolved = refs.filter((r) => resolvePointer(doc, r) === undefined);
      expect(unresolved).toEqual([]);
    });

    it('uses no OpenAPI 3.0-only keywords', () => {
      const keys = collectKeys(doc);
      // 3.0's `nullable` is `type: [T, 'null']` in 3.1; `example` inside schemas is `examples`.
      expect(keys.has('nullable')).toBe(false);
      expect(keys.has('x-nullable')).toBe(false);
    });

    it('uses only JSON Schema keywords in schemas, and only parameter fields in parameters', () => {
      const schemas = allSchemas(doc, '');
      expect(schemas.length).toBeGreaterThan(50);
      expect(schemas.flatMap(([path, schema]) => unknownSchemaKeywords(schema, path))).toEqual([]);
      const parameters = [
        ...Object.values((doc.components as { parameters?: Record<string, Parameter> } | undefined)?.parameters ?? {}),
        ...operations.flatMap((o) => o.parameters),
      ];
      expect(
        parameters.flatMap((p) =>
          Object.keys(p)
            .filter((k) => !PARAMETER_KEYS.has(k))
            .map((k) => `${p.name}: ${k}`),
        ),
      ).toEqual([]);
    });

    it('gives every operation a unique operationId, a summary, known tags and a 2xx response', () => {
      const tags = new Set((doc.tags ?? []).map((t) => t.name));
      const ids = operations.map((o) => o.operation.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const op of operations) {
        expect(op.operation.operationId, op.key).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        expect(op.operation.summary, op.key).toEqual(expect.any(String));
        expect(op.operation.tags?.length, op.key).toBeGreaterThan(0);
        for (const tag of op.operation.tags ?? []) expect(tags.has(tag), `${op.key}: tag ${tag}`).toBe(true);
        const statuses = Object.keys(op.operation.responses ?? {});
        expect(
          statuses.some((s) => /^2\d\d$/.test(s)),
          op.key,
        ).toBe(true);
        for (const [status, response] of responsesOf(op)) {
          expect(status, op.key).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect(response.description, `${op.key} ${status}`).toEqual(expect.any(String));
        }
      }
    });

    it('declares every path parameter, and only those, as required', () => {
      for (const op of operations) {
        const inTemplate = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        const declared = op.parameters.filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), op.key).toEqual(inTemplate);
        for (const p of declared) expect(p.required, `${op.key} ${p.name}`).toBe(true);
        for (const p of op.parameters) {
          expect(['path', 'query', 'header', 'cookie'], `${op.key} ${p.name}`).toContain(p.in);
          expect(p.schema, `${op.key} ${p.name}`).toBeDefined();
        }
        const ids = op.parameters.map((p) => `${p.in}:${p.name?.toLowerCase()}`);
        expect(new Set(ids).size, op.key).toBe(ids.length);
      }
    });

    it('requires the API key and uses the shared Error schema for errors on every API route', () => {
      for (const op of apiOperations) {
        expect(op.operation.security, op.key).toBeUndefined();
        expect(errorCodes(op, '401'), op.key).toEqual(['UNAUTHORIZED']);
        for (const [status, response] of responsesOf(op)) {
          if (!/^[45]/.test(status)) continue;
          expect(refersToError(response.content?.['application/json']?.schema), `${op.key} ${status}`).toBe(true);
          expect(errorCodes(op, status).length, `${op.key} ${status} lists its codes`).toBeGreaterThan(0);
        }
      }
    });
  });
});
