/**
 * The gateway's one operation pipeline. GraphQL over HTTP (`/graphql`), GraphQL over SSE
 * (`/graphql/stream`) and graphql-ws (`/graphql`, WebSocket) only decode their framing and hand
 * the operation to these steps, which run in this order on every transport:
 *
 *   1. auth           the bearer token: HTTP/SSE `Authorization` header; graphql-ws verifies the
 *                     `connection_init` token once per socket through `authenticate` here
 *   2. CSRF           HTTP and SSE: a request a browser could send without a preflight is refused
 *   3. document       trusted document or APQ by hash (hash checked against the text), parse
 *                     with the token limit
 *   4. operation      the operation to run (`operationName`), then the method rule: GET runs
 *                     queries (SSE GET: queries and subscriptions), `/graphql` runs no subscriptions
 *   5. persisted-only with PERSISTED_ONLY only trusted documents run
 *   6. validation     against the API schema; with INTROSPECTION=false `__schema`/`__type` are
 *                     refused and no error message suggests names ("Did you mean …?")
 *   7. limits         depth, cost, aliases, root fields (limits.ts)
 *   8. variables      values nested at most MAX_VARIABLE_DEPTH deep, then coerced against the API
 *                     schema (portal scalars included): BAD_USER_INPUT naming the variable
 *   9. plan           the query plan (the executor's, cached)
 *  10. execute        a query or mutation gives one result; a subscription gives a stream whose
 *                     `return()` ends the upstream subscription (and the active-subscriptions gauge)
 *
 * A step that refuses throws a `Refusal`: an HTTP status (for HTTP and SSE) and GraphQL errors
 * (graphql-ws sends them as its `error` message). Every error a client gets, refused or from
 * execution, is formatted by `formatErrors` here, so error bodies have one shape everywhere:
 * `{ "errors": [{ "message", "locations"?, "path"?, "extensions": { "code", … } }] }`.
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
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { AuthError, bearerToken, type JwtVerifier, type Viewer } from '@portal/platform/auth';
import type { Logger } from '@portal/platform/logger';
import { metrics } from '@portal/platform/metrics';
import { DateScalar, DateTimeScalar, DecimalScalar } from '@portal/platform/scalars';
import type { TraceContext } from '@portal/platform/trace';
import { checkLimits, measureOperation, type OperationLimits } from './limits.js';
import { sha256, type PersistedOperations } from './persisted.js';
import { recordOperation, recordRefusal, subscriptionClosed, subscriptionOpened } from './telemetry.js';

export type TransportName = 'http' | 'sse' | 'ws';
export type OperationType = 'query' | 'mutation' | 'subscription';

/** What a transport knows about a request before its operation is read. */
export interface RequestHead {
  transport: TransportName;
  /** HTTP and SSE; graphql-ws messages have no method. */
  method?: 'GET' | 'POST';
  /** HTTP and SSE request headers (lower-case names); `{}` for graphql-ws. */
  headers: IncomingHttpHeaders;
  correlationId: string;
  trace: TraceContext;
  /**
   * Can the client take a result in several payloads (`@defer`)? SSE and graphql-ws always can;
   * HTTP when it accepts `multipart/mixed` (default: every transport but HTTP).
   */
  incremental?: boolean;
}

/** The verified viewer of a request (or of a graphql-ws socket) and its trace identity. */
export interface Caller {
  viewer: Viewer;
  correlationId: string;
  trace: TraceContext;
}

/** An operation that passed every check up to the plan. */
export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  type: OperationType;
  operationName: string | undefined;
  /** The document's text and its sha256 (the persisted-query id and the plan cache key). */
  source: string;
  queryHash: string;
  /** As the client sent them (checked, not rewritten): subgraphs coerce them again. */
  variables: Record<string, unknown>;
  /** The client takes later payloads (`@defer`); otherwise deferred fragments arrive with the rest. */
  incremental: boolean;
}

export interface PreparedOperation extends CheckedOperation {
  /** Whatever the executor's `plan` returned. */
  plan: unknown;
}

/**
 * A payload of a result delivered in parts (`@defer`, Apollo's `deferSpec=20220824`): the first
 * carries `data` and `hasNext: true`, later ones `incremental` items; the last has `hasNext: false`.
 */
export interface IncrementalResult extends ExecutionResult {
  hasNext?: boolean;
  incremental?: { data: Record<string, unknown>; path: (string | number)[]; label?: string; errors?: readonly GraphQLError[] }[];
}

/** Plan and execute (executor/gateway.ts: the gateway's own plan executor, or @apollo/gateway's). */
export interface OperationExecutor {
  /** Throws a GraphQLError when no plan can be made (refused with 400). */
  plan(op: CheckedOperation): unknown;
  /** One result, or (a query with `@defer`, for a client that takes increments) its payloads. */
  execute(op: PreparedOperation, caller: Caller): Promise<ExecutionResult | AsyncGenerator<IncrementalResult>>;
  subscribe(op: PreparedOperation, caller: Caller): ExecutionResult | AsyncGenerator<ExecutionResult>;
}

/** A step said no: the HTTP status (HTTP, SSE), extra response headers and the errors. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'Refusal';
  }
}

export function refusal(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  return new Refusal(status, [new GraphQLError(message, { extensions: { code, ...extra } })], headers);
}

/** Operation result streams end with `return()`; the upstream subscription ends with them. */
export type ResultStream = AsyncGenerator<FormattedExecutionResult, void, undefined>;

/**
 * How deep a variable's value may nest (lists and input objects). The schema's deepest input is
 * a few levels; the bound keeps every later walk of the value (coercion, JSON for the subgraph
 * call) far from the stack limit — a value 20,000 levels deep once overflowed it.
 */
export const MAX_VARIABLE_DEPTH = 32;
/** Variable errors reported per operation (graphql-js stops coercing after this many). */
const MAX_VARIABLE_ERRORS = 20;
/** Validated documents kept by sha256 of their text (parse and validation are skipped on a hit). */
const DOCUMENT_CACHE_SIZE = 1_000;

export const CSRF_PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export interface PipelineOptions {
  /** The schema clients see (the supergraph's API schema). */
  apiSchema: GraphQLSchema;
  verify: JwtVerifier;
  persisted: PersistedOperations;
  persistedOnly: boolean;
  introspection: boolean;
  limits: OperationLimits;
  /** Lexical tokens per document (the parser stops beyond it). */
  maxTokens: number;
  executor: OperationExecutor;
  logger: Logger;
}

export interface Pipeline {
  /** Step 1 alone: graphql-ws verifies the `connection_init` token once per socket. */
  authenticate(authorization: string | undefined): Promise<Viewer>;
  /** Steps 1–2 (auth, CSRF) for an HTTP or SSE request; a batch is admitted once. */
  admit(head: RequestHead): Promise<Caller>;
  /** Steps 3–9 for one operation of an admitted request (`params`: `{ query, operationName, variables, extensions }`). */
  prepare(head: RequestHead, params: unknown): Promise<PreparedOperation>;
  /** Step 10. Never throws: failures are results with errors. */
  execute(op: PreparedOperation, caller: Caller): Promise<FormattedExecutionResult | ResultStream>;
  /** Steps 3–10 with a refusal as a value (HTTP, SSE). */
  run(caller: Caller, head: RequestHead, params: unknown): Promise<Outcome>;
  /** The client's error shape, counted by code; suggestions stripped when introspection is off. */
  formatErrors(errors: readonly unknown[]): GraphQLFormattedError[];
  /** The body of a refused request: `{ errors }`. */
  refusalBody(refusal: Refusal): FormattedExecutionResult;
}

export type Outcome =
  | { kind: 'refused'; refusal: Refusal; body: FormattedExecutionResult }
  | { kind: 'result'; body: FormattedExecutionResult }
  | { kind: 'stream'; stream: ResultStream };

export function createPipeline(opts: PipelineOptions): Pipeline {
  const { persisted, executor, logger } = opts;
  const coercionSchema = withPortalScalars(opts.apiSchema);
  const rules: ValidationRule[] = opts.introspection ? [...specifiedRules] : [...specifiedRules, NoIntrospection];
  const documents = new Map<string, DocumentNode>();

  async function authenticate(authorization: string | undefined): Promise<Viewer> {
    const token = bearerToken(authorization);
    try {
      if (!token) throw new AuthError('UNAUTHENTICATED', 'missing bearer token');
      return await opts.verify(token);
    } catch (err) {
      if (err instanceof AuthError) throw refusal(err.code === 'FORBIDDEN' ? 403 : 401, err.code, err.message);
      logger.error({ err }, 'token verification failed');
      throw refusal(500, 'INTERNAL_SERVER_ERROR', 'internal error');
    }
  }

  async function admit(head: RequestHead): Promise<Caller> {
    const authorization = head.headers.authorization;
    const viewer = await authenticate(Array.isArray(authorization) ? authorization[0] : authorization);
    if (head.transport !== 'ws') preventCsrf(head.headers);
    return { viewer, correlationId: head.correlationId, trace: head.trace };
  }

  async function prepare(head: RequestHead, raw: unknown): Promise<PreparedOperation> {
    const started = process.hrtime.bigint();
    let type: OperationType | undefined;
    try {
      const params = operationParams(raw, head);
      // 3. document
      const { source, queryHash, register } = await resolveSource(params);
      let document = documents.get(queryHash);
      const validated = !!document;
      if (document) {
        documents.delete(queryHash); // LRU: to the end
        documents.set(queryHash, document);
      } else document = parseDocument(source, opts.maxTokens);
      // 4. operation and method
      const operation = selectOperation(document, params.operationName);
      type = operation.operation as OperationType;
      methodRule(head, type);
      // 5. persisted-only
      if (opts.persistedOnly && !persisted.isTrusted(queryHash))
        throw refusal(
          400,
          'PERSISTED_QUERY_NOT_ALLOWED',
          'only persisted operations are accepted here: send extensions.persistedQuery.sha256Hash of an operation listed at /persisted-operations.json',
        );
      // 6. validation (with the introspection switch)
      if (!validated) {
        const errors = validate(opts.apiSchema, document, rules);
        if (errors.length)
          throw new Refusal(
            400,
            errors.map(
              (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }),
            ),
          );
        documents.set(queryHash, document);
        if (documents.size > DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value!);
      }
      const variables = params.variables ?? {};
      // 7. limits
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      const measure = measureOperation(opts.apiSchema, operation, fragments, variables, {
        defaultListSize: opts.limits.defaultListSize,
        stopAtCost: opts.limits.maxCost,
      });
      const tooMuch = checkLimits(measure, opts.limits);
      if (tooMuch) throw new Refusal(400, [tooMuch]);
      // 8. variables
      checkVariables(coercionSchema, operation, variables);
      // 9. plan
      const checked: CheckedOperation = {
        document,
        operation,
        type,
        operationName: operation.name?.value,
        source,
        queryHash,
        variables,
        incremental: head.incremental ?? head.transport !== 'http',
      };
      let plan: unknown;
      try {
        plan = executor.plan(checked);
      } catch (err) {
        const error =
          err instanceof GraphQLError && err.extensions.code
            ? err
            : new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
        throw new Refusal(400, [error]);
      }
      // Accepted: an APQ registration becomes runnable by hash only now (never a refused one).
      if (register) await persisted.store.set(queryHash, source);
      return { ...checked, plan };
    } catch (err) {
      if (err instanceof Refusal) {
        recordRefusal(type ?? 'unknown', String(err.errors[0]?.extensions.code ?? 'UNKNOWN'), seconds(started));
      }
      throw err;
    }
  }

  async function resolveSource(params: OperationParams): Promise<{ source: string; queryHash: string; register: boolean }> {
    const query = params.query || undefined; // graphql-ws requires a string: "" + a hash means by hash
    const pq = params.extensions?.persistedQuery;
    if (pq === undefined || pq === null) {
      if (!query) throw refusal(400, 'BAD_REQUEST', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
      return { source: query, queryHash: sha256(query), register: false };
    }
    const record = pq as { version?: unknown; sha256Hash?: unknown };
    if (typeof pq !== 'object' || record.version !== 1) throw refusal(400, 'BAD_REQUEST', 'Unsupported persisted query version');
    const hash = record.sha256Hash;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
      throw refusal(
        400,
        'BAD_REQUEST',
        'extensions.persistedQuery.sha256Hash must be the sha256 of the query text (64 lower-case hex digits)',
      );
    if (query === undefined) {
      const known = await persisted.store.get(hash);
      // 200, as Apollo Server answers it: APQ clients then send the text along with the hash.
      if (!known)
        throw refusal(
          200,
          'PERSISTED_QUERY_NOT_FOUND',
          'PersistedQueryNotFound',
          {},
          { 'cache-control': 'private, no-cache, must-revalidate' },
        );
      return { source: known, queryHash: hash, register: false };
    }
    if (sha256(query) !== hash)
      throw refusal(
        400,
        'PERSISTED_QUERY_HASH_MISMATCH',
        'extensions.persistedQuery.sha256Hash is not the sha256 of the query text sent with it',
      );
    return { source: query, queryHash: hash, register: !persisted.isTrusted(hash) };
  }

  function formatErrors(errors: readonly unknown[]): GraphQLFormattedError[] {
    return errors.map((err) => {
      // Not a GraphQL error: nothing meant for the client (logged below as INTERNAL_SERVER_ERROR).
      const error =
        err instanceof GraphQLError ? err : new GraphQLError('internal error', { originalError: err instanceof Error ? err : null });
      const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
      const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
      metrics.graphqlErrors.labels('gateway', code).inc();
      if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.originalError ?? error }, 'operation failed');
      const json = error.toJSON();
      return {
        message: opts.introspection ? error.message : withoutSuggestions(error.message),
        ...(json.locations ? { locations: json.locations } : {}),
        ...(json.path ? { path: json.path } : {}),
        extensions: { ...extensions, code },
      };
    });
  }

  function formatResult(result: IncrementalResult): FormattedExecutionResult {
    return {
      ...(result.errors?.length ? { errors: formatErrors(result.errors) } : {}),
      ...('data' in result ? { data: result.data } : {}),
      ...(result.incremental
        ? {
            incremental: result.incremental.map(({ errors, ...item }) => ({
              ...item,
              ...(errors?.length ? { errors: formatErrors(errors) } : {}),
            })),
          }
        : {}),
      ...(result.hasNext !== undefined ? { hasNext: result.hasNext } : {}),
      ...(result.extensions ? { extensions: result.extensions } : {}),
    };
  }

  async function execute(op: PreparedOperation, caller: Caller): Promise<FormattedExecutionResult | ResultStream> {
    const started = process.hrtime.bigint();
    if (op.type !== 'subscription') {
      let result: ExecutionResult | AsyncGenerator<IncrementalResult>;
      try {
        result = await executor.execute(op, caller);
      } catch (err) {
        result = {
          errors: [unexpected(err)],
        };
      }
      if (Symbol.asyncIterator in result) {
        recordOperation(op.type, 'ok', seconds(started)); // counted when its first payload is on its way
        return resultStream(result, formatResult, logger, false);
      }
      recordOperation(op.type, result.errors?.length ? 'error' : 'ok', seconds(started));
      return formatResult(result);
    }
    let subscribed: ExecutionResult | AsyncGenerator<ExecutionResult>;
    try {
      subscribed = executor.subscribe(op, caller);
    } catch (err) {
      subscribed = {
        errors: [unexpected(err)],
      };
    }
    if (!(Symbol.asyncIterator in subscribed)) {
      recordOperation('subscription', 'error');
      return formatResult(subscribed);
    }
    recordOperation('subscription', 'ok'); // counted when it starts; the gauge follows its life
    return resultStream(subscribed, formatResult, logger, true);
  }

  async function run(caller: Caller, head: RequestHead, params: unknown): Promise<Outcome> {
    let op: PreparedOperation;
    try {
      op = await prepare(head, params);
    } catch (err) {
      if (err instanceof Refusal) return { kind: 'refused', refusal: err, body: { errors: formatErrors(err.errors) } };
      throw err;
    }
    const out = await execute(op, caller);
    return Symbol.asyncIterator in out
      ? { kind: 'stream', stream: out as ResultStream }
      : { kind: 'result', body: out as FormattedExecutionResult };
  }

  return {
    authenticate,
    admit,
    prepare,
    execute,
    run,
    formatErrors,
    refusalBody: (r) => ({ errors: formatErrors(r.errors) }),
  };
}

// ---------------------------------------------------------------- steps

interface OperationParams {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

/** The operation's fields, each of the type the GraphQL-over-HTTP spec says. */
function operationParams(raw: unknown, head: RequestHead): OperationParams {
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

function parseDocument(source: string, maxTokens: number): DocumentNode {
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
function selectOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode {
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
function methodRule(head: RequestHead, type: OperationType): void {
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
const NoIntrospection: ValidationRule = (context) => ({
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
function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): void {
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
function withPortalScalars(apiSchema: GraphQLSchema): GraphQLSchema {
  const copy = buildASTSchema(parse(printSchema(apiSchema)), { assumeValidSDL: true });
  for (const known of [DateScalar, DateTimeScalar, DecimalScalar]) {
    const type = copy.getType(known.name);
    if (type && isScalarType(type)) Object.assign(type, { parseValue: known.parseValue, parseLiteral: known.parseLiteral });
  }
  return copy;
}

// ---------------------------------------------------------------- subscriptions

/**
 * A subscription's results (or a deferred query's payloads), formatted; a subscription is counted
 * in the active-subscriptions gauge from start to end (exactly once). Not an async generator
 * function: `return()` must reach the executor's stream while a `next()` is still waiting for the
 * upstream, which is how a client that goes away ends the upstream subscription at once.
 */
function resultStream(
  inner: AsyncGenerator<IncrementalResult>,
  format: (r: IncrementalResult) => FormattedExecutionResult,
  logger: Logger,
  subscription: boolean,
): ResultStream {
  if (subscription) subscriptionOpened();
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    if (subscription) subscriptionClosed();
  };
  const stream: ResultStream = {
    async next() {
      if (!open) return { done: true, value: undefined };
      try {
        const r = await inner.next();
        if (r.done) {
          finish();
          return { done: true, value: undefined };
        }
        return { done: false, value: format(r.value) };
      } catch (err) {
        finish();
        logger.warn({ err: (err as Error)?.message }, 'subscription stream failed');
        throw err;
      }
    },
    async return() {
      finish();
      await inner.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(err: unknown) {
      finish();
      await inner.return(undefined);
      throw err;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** A throw from an executor: an error for the client without the details (formatErrors logs them). */
const unexpected = (err: unknown): GraphQLError =>
  err instanceof GraphQLError ? err : new GraphQLError('internal error', { originalError: err instanceof Error ? err : null });

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
