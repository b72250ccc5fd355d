/**
 * What the openapi.yaml tests read: the document (loosely typed: it is checked, not trusted), the
 * routes server.ts and its route modules register (from their source text), the documented
 * operations with their parameters resolved, and helpers that walk schemas, $refs and error codes.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type SchemaNode = Record<string, unknown>;

interface Ref {
  $ref?: string;
}

export interface Parameter extends Ref {
  name?: string;
  in?: string;
  required?: boolean;
  schema?: SchemaNode;
}

interface MediaType {
  schema?: SchemaNode;
}

interface ResponseObject extends Ref {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}

interface RequestBody extends Ref {
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses?: Record<string, ResponseObject>;
}

interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: { url?: string }[];
  security?: Record<string, string[]>[];
  tags?: { name?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, { type?: string; in?: string; name?: string }> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Added to every service by platform/src/http.ts, not registered in server.ts. */
export const PLATFORM_ROUTES = ['GET /health', 'GET /ready', 'GET /metrics'];
/** Thrown, but never reaches a client: the injected timeout destroys the socket first. */
export const UNDELIVERED_CODES = new Set(['504 ERP_TIMEOUT']);

// The service registers its routes in server.ts and the route modules it calls.
export const serverSource = ['./server.ts', './routes/exports.ts', './routes/commerce.ts', './routes/admin.ts']
  .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
  .join('\n');
export const doc = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument;

// ---- routes from the source ----

export interface SourceRoute {
  /** `METHOD /path/{param}` — the document's spelling. */
  key: string;
  method: string;
  path: string;
  /** The source from this route's `api(` call up to the next one: its handler and options. */
  snippet: string;
}

const ROUTE_CALL = /\bapi\(\s*(['"`])([A-Z]+) (\/[^'"`\s]*)\1/g;

export function routesFromSource(source: string): SourceRoute[] {
  const matches = [...source.matchAll(ROUTE_CALL)];
  return matches.map((m, i) => {
    const method = m[2]!;
    const path = m[3]!.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const next = matches[i + 1];
    return { key: `${method} ${path}`, method, path, snippet: source.slice(m.index, next ? next.index : source.length) };
  });
}

// ---- the document's operations ----

interface DocumentedOperation {
  key: string;
  method: string;
  path: string;
  operation: Operation;
  /** Path-level and operation-level parameters, resolved. */
  parameters: Parameter[];
}

export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function deref<T extends object>(node: T): T {
  let current: T = node;
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as Ref).$ref;
    if (typeof ref !== 'string') return current;
    const target = resolvePointer(doc, ref);
    if (target === null || typeof target !== 'object') throw new Error(`unresolved $ref ${ref}`);
    current = target as T;
  }
  throw new Error('$ref chain too long');
}

function documentedOperations(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) => {
    const shared = (item.parameters as Parameter[] | undefined) ?? [];
    return HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => {
      const operation = item[m] as Operation;
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => deref(p));
      return { key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, operation, parameters };
    });
  });
}

export function drift(sourceKeys: string[], documentedKeys: string[]) {
  const documented = new Set(documentedKeys);
  const registered = new Set(sourceKeys);
  return {
    undocumented: sourceKeys.filter((k) => !documented.has(k)).sort(),
    stale: documentedKeys.filter((k) => !registered.has(k)).sort(),
  };
}

export const routes = routesFromSource(serverSource);
export const operations = documentedOperations(doc);
export const apiOperations = operations.filter((o) => !PLATFORM_ROUTES.includes(o.key));
export const operationByKey = new Map(operations.map((o) => [o.key, o]));

export function responsesOf(op: DocumentedOperation): [string, ResponseObject][] {
  return Object.entries(op.operation.responses ?? {}).map(([status, r]) => [status, deref(r)]);
}

/** The error codes a response schema enumerates (`allOf: [Error, { properties.error.properties.code.enum }]`). */
function codesOf(schema: SchemaNode | undefined): string[] {
  if (!schema) return [];
  const s = deref(schema);
  const own = (((s.properties as SchemaNode | undefined)?.error as SchemaNode | undefined)?.properties as SchemaNode | undefined)?.code as
    SchemaNode | undefined;
  const enumerated = Array.isArray(own?.enum) ? (own.enum as string[]) : [];
  const nested = Array.isArray(s.allOf) ? (s.allOf as SchemaNode[]).flatMap(codesOf) : [];
  return [...enumerated, ...nested];
}

export function refersToError(schema: SchemaNode | undefined): boolean {
  if (!schema) return false;
  if (schema.$ref === '#/components/schemas/Error') return true;
  return Array.isArray(schema.allOf) && (schema.allOf as SchemaNode[]).some(refersToError);
}

export function errorCodes(op: DocumentedOperation, status: string): string[] {
  const response = responsesOf(op).find(([s]) => s === status)?.[1];
  return codesOf(response?.content?.['application/json']?.schema);
}

export function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  return out;
}

/** JSON Schema 2020-12 keywords plus OpenAPI's additions: anything else in a schema is a typo or a YAML slip. */
const SCHEMA_KEYWORDS = new Set(
  (
    '$ref $id $schema $anchor $defs $comment $dynamicRef $dynamicAnchor type enum const title description default examples example format ' +
    'pattern minLength maxLength minimum maximum exclusiveMinimum exclusiveMaximum multipleOf items prefixItems minItems maxItems ' +
    'uniqueItems contains minContains maxContains properties required additionalProperties patternProperties propertyNames ' +
    'minProperties maxProperties unevaluatedProperties unevaluatedItems allOf anyOf oneOf not if then else dependentRequired ' +
    'dependentSchemas contentMediaType contentEncoding contentSchema readOnly writeOnly deprecated discriminator xml externalDocs'
  ).split(' '),
);
export const PARAMETER_KEYS = new Set(
  '$ref name in description required deprecated allowEmptyValue style explode allowReserved schema example examples content'.split(' '),
);

/** Unknown keywords in a schema and its subschemas, as `path: keyword`. */
export function unknownSchemaKeywords(schema: unknown, path: string, out: string[] = []): string[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return out;
  const s = schema as SchemaNode;
  for (const key of Object.keys(s)) if (!SCHEMA_KEYWORDS.has(key) && !key.startsWith('x-')) out.push(`${path}: ${key}`);
  for (const key of ['properties', 'patternProperties', '$defs', 'dependentSchemas'])
    for (const [name, sub] of Object.entries((s[key] as SchemaNode | undefined) ?? {}))
      unknownSchemaKeywords(sub, `${path}.${key}.${name}`, out);
  for (const key of [
    'items',
    'additionalProperties',
    'propertyNames',
    'not',
    'contains',
    'if',
    'then',
    'else',
    'unevaluatedProperties',
    'unevaluatedItems',
  ])
    unknownSchemaKeywords(s[key], `${path}.${key}`, out);
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
    if (Array.isArray(s[key])) (s[key] as unknown[]).forEach((sub, i) => unknownSchemaKeywords(sub, `${path}.${key}[${i}]`, out));
  return out;
}

/** Every schema of the document: components/schemas and each `schema` of a parameter, header or media type. */
export function allSchemas(node: unknown, path: string, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) node.forEach((n, i) => allSchemas(n, `${path}[${i}]`, out));
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'schema') out.push([`${path}.schema`, v]);
      else if (path === 'components' && k === 'schemas')
        for (const [name, sub] of Object.entries(v as SchemaNode)) out.push([`components.schemas.${name}`, sub]);
      else allSchemas(v, path ? `${path}.${k}` : k, out);
    }
  return out;
}

export function collectKeys(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectKeys(n, out));
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      out.add(k);
      collectKeys(v, out);
    }
  return out;
}

// ---- tests ----
