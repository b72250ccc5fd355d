/**
 * reference-erp/openapi.yaml against what each route's handler source implies: a JSON body, keyset
 * pagination, fault injection, 201s, and that every error code the service throws is documented
 * under its status (the routes and the document's structure: openapi.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDITION_MAX_LIMIT, MAX_LIMIT } from './routes/common.js';
import { deref, errorCodes, operationByKey, operations, routes, type SourceRoute, UNDELIVERED_CODES } from './openapi.fixtures.js';

describe('reference-erp/openapi.yaml', () => {
  describe('what the handlers imply', () => {
    const opFor = (route: SourceRoute) => {
      const op = operationByKey.get(route.key);
      if (!op) throw new Error(`${route.key} is not documented`);
      return op;
    };

    it('documents a JSON request body, with its 400 and 413, exactly where the handler reads one', () => {
      for (const route of routes) {
        const op = opFor(route);
        const readsBody = /\breadJson\(/.test(route.snippet);
        expect(op.operation.requestBody !== undefined, route.key).toBe(readsBody);
        if (!readsBody) continue;
        expect(deref(op.operation.requestBody!).content?.['application/json']?.schema, route.key).toBeDefined();
        expect(errorCodes(op, '400'), route.key).toEqual(expect.arrayContaining(['BAD_JSON', 'VALIDATION_FAILED']));
        expect(errorCodes(op, '413'), route.key).toEqual(['PAYLOAD_TOO_LARGE']);
      }
    });

    it('documents limit and cursor on the keyset-paginated exports', () => {
      const paginated = routes.filter((r) => /\bkeysetPage\(/.test(r.snippet));
      expect(paginated.length).toBeGreaterThan(0);
      for (const route of paginated) {
        const op = opFor(route);
        const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'limit');
        const cursor = op.parameters.find((p) => p.in === 'query' && p.name === 'cursor');
        const maximum = /\bCONDITION_MAX_LIMIT\b/.test(route.snippet) ? CONDITION_MAX_LIMIT : MAX_LIMIT;
        expect(limit?.schema, route.key).toMatchObject({ type: 'integer', minimum: 1, maximum, default: 100 });
        expect(cursor?.schema, route.key).toMatchObject({ type: 'string' });
        expect(errorCodes(op, '400'), route.key).toEqual(expect.arrayContaining(['BAD_LIMIT', 'BAD_CURSOR']));
      }
    });

    it('documents injected faults (503) exactly on the routes fault injection wraps', () => {
      for (const route of routes) {
        const op = opFor(route);
        const faulted = !/faults:\s*false/.test(route.snippet);
        if (faulted) expect(errorCodes(op, '503'), route.key).toEqual(expect.arrayContaining(['ERP_ERROR', 'ERP_OUTAGE']));
        else expect(op.operation.responses?.['503'], route.key).toBeUndefined();
      }
    });

    it('documents 201 where the handler creates, 200 elsewhere', () => {
      for (const route of routes) {
        const statuses = Object.keys(opFor(route).operation.responses ?? {});
        const creates = /statusCode\s*=[^;]*\b201\b/.test(route.snippet);
        expect(statuses, route.key).toContain(creates ? '201' : '200');
      }
    });

    it('documents every error code the service throws, under its status', () => {
      const dir = new URL('./', import.meta.url);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('migrations'),
      );
      const thrown = new Set<string>();
      for (const file of files)
        for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/new HttpError\(\s*(\d{3}),\s*'([A-Z0-9_]+)'/g))
          thrown.add(`${m[1]} ${m[2]}`);
      expect(thrown.size).toBeGreaterThan(20);
      const documented = new Set(
        operations.flatMap((op) => Object.keys(op.operation.responses ?? {}).flatMap((s) => errorCodes(op, s).map((c) => `${s} ${c}`))),
      );
      const missing = [...thrown].filter((c) => !documented.has(c) && !UNDELIVERED_CODES.has(c)).sort();
      expect(missing).toEqual([]);
    });

    it('documents the idempotency headers of POST /v1/sales-orders and the PDF documents', () => {
      const create = operationByKey.get('POST /v1/sales-orders')!;
      expect(create.parameters.find((p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key')?.required).toBe(true);
      for (const status of ['200', '201']) {
        const response = deref(create.operation.responses?.[status] ?? {});
        expect(response.headers?.['idempotent-replayed'], status).toBeDefined();
      }
      expect(errorCodes(create, '422')).toEqual(expect.arrayContaining(['IDEMPOTENCY_KEY_REUSED', 'UNKNOWN_ITEM', 'NO_PRICE']));
      for (const key of ['GET /v1/invoices/{number}/document', 'GET /v1/credit-memos/{number}/document']) {
        const ok = deref(operationByKey.get(key)?.operation.responses?.['200'] ?? {});
        expect(Object.keys(ok.content ?? {}), key).toEqual(['application/pdf']);
      }
    });
  });
});
