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
 *
 * Per request, the steps repeat nothing a document already paid for: the sha256 of a query text,
 * the parsed and validated document, and the limits' measure (per document, operation and
 * variables) are cached. Modules: the model and `Refusal` (pipeline-model.ts), the checks that
 * need no state (pipeline-checks.ts), multi-payload results (result-stream.ts); this one keeps
 * the caches and runs the steps.
 */
import {
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type ValidationRule,
} from 'graphql';
import { AuthError, bearerToken, type Viewer } from '@portal/platform/auth';
import { metrics } from '@portal/platform/metrics';
import { checkLimits, measureOperation, type OperationMeasure } from './limits.js';
import { sha256 } from './persisted.js';
import {
  checkVariables,
  methodRule,
  NoIntrospection,
  operationParams,
  parseDocument,
  preventCsrf,
  selectOperation,
  withoutSuggestions,
  withPortalScalars,
  type OperationParams,
} from './pipeline-checks.js';
import {
  Refusal,
  refusal,
  type Caller,
  type CheckedOperation,
  type IncrementalResult,
  type OperationType,
  type Outcome,
  type Pipeline,
  type PipelineOptions,
  type PreparedOperation,
  type RequestHead,
  type ResultStream,
} from './pipeline-model.js';
import { resultStream, unexpected } from './result-stream.js';
import { recordOperation, recordRefusal } from './telemetry.js';

export * from './pipeline-model.js';
export {
  CSRF_PREFLIGHT_HEADERS,
  MAX_VARIABLE_DEPTH,
  mimeEssence,
  nestedDeeperThan,
  preventCsrf,
  withoutSuggestions,
} from './pipeline-checks.js';

/** Validated documents kept by sha256 of their text (parse and validation are skipped on a hit). */
const DOCUMENT_CACHE_SIZE = 1_000;
/** Limit measures kept (per document, operation and variables: a page size may be a variable). */
const MEASURE_CACHE_SIZE = 5_000;
const MEASURE_KEY_MAX = 1_024;

/**
 * The limits' cache key: the document, the operation and its variables when they are all scalars
 * (ids, page sizes) and short; an input object or a long value is measured on each request
 * instead (it may be deep: the depth check comes after the limits).
 */
function measureKeyOf(
  queryHash: string,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): string | undefined {
  let key = `${queryHash}\u0000${operationName ?? ''}`;
  if (variables)
    for (const name in variables) {
      const value = variables[name];
      if (value !== null && typeof value === 'object') return undefined;
      key += `\u0000${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
      if (key.length > MEASURE_KEY_MAX) return undefined;
    }
  return key;
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const { persisted, executor, logger } = opts;
  const coercionSchema = withPortalScalars(opts.apiSchema);
  const rules: ValidationRule[] = opts.introspection ? [...specifiedRules] : [...specifiedRules, NoIntrospection];
  const documents = new Map<string, DocumentNode>();
  const measures = new Map<string, OperationMeasure>();
  const hashes = new Map<string, string>();
  /** sha256 of a query text, remembered for the texts clients send again and again. */
  const hashOf = (query: string): string => {
    let hash = hashes.get(query);
    if (hash === undefined) {
      if (hashes.size >= DOCUMENT_CACHE_SIZE) hashes.clear();
      hashes.set(query, (hash = sha256(query)));
    }
    return hash;
  };

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
      const measureKey = measureKeyOf(queryHash, operation.name?.value, operation.variableDefinitions?.length ? variables : undefined);
      let measure = measureKey === undefined ? undefined : measures.get(measureKey);
      if (!measure) {
        const fragments: Record<string, FragmentDefinitionNode> = {};
        for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
        measure = measureOperation(opts.apiSchema, operation, fragments, variables, {
          defaultListSize: opts.limits.defaultListSize,
          stopAtCost: opts.limits.maxCost,
        });
        if (measureKey !== undefined) {
          if (measures.size >= MEASURE_CACHE_SIZE) measures.clear();
          measures.set(measureKey, measure);
        }
      }
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
      return { source: query, queryHash: hashOf(query), register: false };
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
    if (hashOf(query) !== hash)
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

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
