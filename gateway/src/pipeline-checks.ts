/**
 * The pipeline's checks that need no state (pipeline.ts calls them in order): the request's
 * operation fields, CSRF, parsing with the token limit, choosing the operation, the method rule,
 * the introspection switch, and the variables (depth, then coercion with the portal's scalars).
 * Each refuses with a `Refusal`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  buildASTSchema,
  getVariableValues,
  GraphQLError,
  isScalarType,
  Kind,
  parse,
  printSchema,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '@portal/platform/scalars';
import { refusal, Refusal, type OperationType, type RequestHead } from './pipeline-model.js';

/**
 * How deep a variable's value may nest (lists and input objects). The schema's deepest input is
 * a few levels; the bound keeps every later walk of the value (coercion, JSON for the subgraph
 * call) far from the stack limit — a value 20,000 levels deep once overflowed it.
 */
export const MAX_VARIABLE_DEPTH = 32;
/** Variable errors reported per operation (graphql-js stops coercing after this many). */
const MAX_VARIABLE_ERRORS = 20;

export const CSRF_PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
export interface OperationParams {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

/** The operation's fields, each of the type the GraphQL-over-HTTP spec says. */
export function operationParams(raw: unknown, head: RequestHead): OperationParams {
  if (!isRecord(raw) || !Object.keys(raw).length)
    throw refusal(
      400,
      'BAD_REQUEST',
      head.method === 'GET'
        ? 'GET requests carry the operation in the query string: ?query=…&variables=…'
        : 'POST body missing, invalid Content-Type, or JSON object has no keys.',
    );
  const { query, operationName, variables, extensions } = raw;
  if (query !== undefined && query !== null && typeof query !== 'string')
    throw refusal(400, 'BAD_REQUEST', 'GraphQL queries must be strings.');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    throw refusal(400, 'BAD_REQUEST', '`operationName` must be a string if provided.');
  for (const [name, value] of [
    ['variables', variables],
    ['extensions', extensions],
  ] as const) {
    if (typeof value === 'string')
      throw refusal(400, 'BAD_REQUEST', `\`${name}\` should be provided as an object, not a recursively JSON-encoded string.`);
    if (value !== undefined && value !== null && !isRecord(value))
      throw refusal(400, 'BAD_REQUEST', `\`${name}\` must be an object if provided.`);
  }
  return {
    ...(typeof query === 'string' ? { query } : {}),
    ...(typeof operationName === 'string' ? { operationName } : {}),
    ...(isRecord(variables) ? { variables } : {}),
    ...(isRecord(extensions) ? { extensions } : {}),
  };
}

/**
 * Apollo Server's CSRF prevention, on every HTTP transport: a request with no content-type or a
 * simple one (form, multipart, text/plain) — what a browser sends cross-site without a preflight —
 * must carry `apollo-require-preflight` or `x-apollo-operation-name`. JSON POSTs are unaffected.
 */
export function preventCsrf(headers: IncomingHttpHeaders): void {
  const type = headers['content-type'];
  if (type !== undefined) {
    const essence = mimeEssence(type);
    if (essence === null || !SIMPLE_CONTENT_TYPES.includes(essence)) return; // a browser preflights these
  }
  if (CSRF_PREFLIGHT_HEADERS.some((h) => String(headers[h] ?? '').length > 0)) return;
  throw refusal(
    400,
    'BAD_REQUEST',
    `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header ` +
      `(with a type that is not one of ${SIMPLE_CONTENT_TYPES.join(', ')}) or provide a non-empty value for one of the following headers: ` +
      CSRF_PREFLIGHT_HEADERS.join(', '),
  );
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME = new RegExp(`^[\\t\\n\\f\\r ]*(${TOKEN})/(${TOKEN})[\\t\\n\\f\\r ]*(;.*)?$`, 's');

/** `type/subtype` of a content-type, lower-cased; null when it does not parse. */
export function mimeEssence(value: string): string | null {
  const m = MIME.exec(value);
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : null;
}

export function parseDocument(source: string, maxTokens: number): DocumentNode {
  try {
    return parse(source, { maxTokens });
  } catch (err) {
    const e = err instanceof GraphQLError ? err : new GraphQLError((err as Error).message);
    throw new Refusal(400, [
      new GraphQLError(e.message, { source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
    ]);
  }
}

/** The operation `operationName` names; a document with several needs the name. */
export function selectOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fail = (message: string) => refusal(400, 'OPERATION_RESOLUTION_FAILURE', message);
  if (!ops.length) throw fail('Must provide an operation.');
  if (operationName) {
    const op = ops.find((o) => o.name?.value === operationName);
    if (!op) throw fail(`Unknown operation named "${operationName}".`);
    return op;
  }
  if (ops.length > 1) throw fail('Must provide operation name if query contains multiple operations.');
  return ops[0]!;
}

/**
 * GET changes nothing: it runs queries (on SSE also subscriptions, which only read). `/graphql`
 * over HTTP answers once, so subscriptions go to SSE or graphql-ws.
 */
export function methodRule(head: RequestHead, type: OperationType): void {
  if (head.method === 'GET') {
    const allowed: OperationType[] = head.transport === 'sse' ? ['query', 'subscription'] : ['query'];
    if (!allowed.includes(type))
      throw refusal(
        405,
        'BAD_REQUEST',
        `GET requests only support ${allowed.join(' and ')} operations, not ${type} operations`,
        {},
        { allow: 'POST' },
      );
  }
  if (head.transport === 'http' && type === 'subscription')
    throw refusal(400, 'BAD_REQUEST', 'subscriptions run over graphql-ws on /graphql or GraphQL over SSE on /graphql/stream');
}

/** INTROSPECTION=false: `__schema` and `__type` are refused (`__typename` stays). */
export const NoIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type')
      context.reportError(
        new GraphQLError('GraphQL introspection is not allowed on this gateway, but the query contained __schema or __type', {
          nodes: [node],
        }),
      );
  },
});

/** graphql-js appends `Did you mean "roles"?` to some messages: schema details, gone with introspection. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/s, '');
}

/** Step 8: depth first (iteratively: the value may be deeper than the stack), then coercion. */
export function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (nestedDeeperThan(value, MAX_VARIABLE_DEPTH))
      throw refusal(400, 'BAD_USER_INPUT', `Variable "$${name}" is nested more than ${MAX_VARIABLE_DEPTH} levels deep`, {
        limit: MAX_VARIABLE_DEPTH,
      });
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: MAX_VARIABLE_ERRORS });
  if (coerced.errors?.length)
    throw new Refusal(
      400,
      coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } })),
    );
}

export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A copy of the API schema whose `Date`, `DateTime` and `Decimal` coerce as the subgraphs' do
 * (`@portal/platform/scalars`), so `"2026-02-30"` is the gateway's BAD_USER_INPUT, not a
 * subgraph's error. Other custom scalars of a supergraph accept any JSON value, as before.
 */
export function withPortalScalars(apiSchema: GraphQLSchema): GraphQLSchema {
  const copy = buildASTSchema(parse(printSchema(apiSchema)), { assumeValidSDL: true });
  for (const known of [DateScalar, DateTimeScalar, DecimalScalar]) {
    const type = copy.getType(known.name);
    if (type && isScalarType(type)) Object.assign(type, { parseValue: known.parseValue, parseLiteral: known.parseLiteral });
  }
  return copy;
}
