/**
 * Subscriptions at the gateway: graphql-ws on `/graphql` (same port as HTTP) and GraphQL over SSE
 * on `/graphql/stream`. The JWT comes in the `connection_init` payload (`{ "Authorization":
 * "Bearer …" }`, also `authorization` or `headers.Authorization`) or, for SSE, the Authorization
 * header; it is verified once, and the viewer goes signed to every subgraph call. Subscriptions run
 * through the federated subscription executor; queries and mutations sent over these transports
 * run through the gateway's plan executor.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
} from 'graphql';
import { WebSocketServer } from 'ws';
import { AuthError, bearerToken, type JwtVerifier, type Viewer } from '@portal/platform/auth';
import { HttpError, readBody, type Route } from '@portal/platform/http';
import type { Logger } from '@portal/platform/logger';
import { executePlan } from './executor/execute.js';
import type { FederatedPlanner } from './executor/planner.js';
import { federatedSubscribe } from './executor/subscribe.js';
import { subgraphFetcher, upstreamOpener, type Caller, type TransportOptions } from './executor/transport.js';
import { checkLimits, measureOperation, type OperationLimits } from './limits.js';

export interface SubscriptionServerOptions extends TransportOptions {
  planner: FederatedPlanner;
  verify: JwtVerifier;
  /** Request body limit for SSE POSTs. */
  maxBodyBytes: number;
  logger: Logger;
  /** The operation limits and token limit of /graphql, applied to graphql-ws and SSE operations too. */
  limits?: OperationLimits & { maxTokens: number };
  onOpen?: () => void;
  onClose?: () => void;
}

async function viewerFrom(verify: JwtVerifier, params: Record<string, unknown> | undefined | null): Promise<Viewer> {
  const headers = (params?.headers ?? {}) as Record<string, unknown>;
  const raw = params?.Authorization ?? params?.authorization ?? headers.Authorization ?? headers.authorization;
  const token = bearerToken(typeof raw === 'string' ? raw : undefined);
  if (!token) throw new AuthError('UNAUTHENTICATED', 'missing bearer token in connection_init ({ "Authorization": "Bearer …" })');
  return verify(token);
}

function run(
  opts: SubscriptionServerOptions,
  caller: Caller,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  isSubscription: boolean,
) {
  const fetch = subgraphFetcher(opts, caller);
  if (isSubscription)
    return federatedSubscribe({
      planner: opts.planner,
      document,
      ...(operationName ? { operationName } : {}),
      variables,
      fetch,
      openUpstream: upstreamOpener(opts, caller),
      onReconnect: (attempt, err) =>
        opts.logger.warn(
          { attempt, err: (err as Error)?.message, correlationId: caller.correlationId },
          'subgraph stream dropped; resuming from the last cursor',
        ),
    });
  const { plan, operation } = opts.planner.plan(document, operationName);
  return executePlan(
    { supergraphSchema: opts.planner.supergraphSchema, apiSchema: opts.planner.apiSchema, operation, variables, fetch, errors: [] },
    plan.node && plan.node.kind !== 'Subscription' ? plan.node : undefined,
  );
}

/**
 * Parse (with the token limit), validate and measure an operation as /graphql does, so a bomb is
 * refused on every transport before anything is planned or fetched.
 */
function checkedDocument(
  opts: SubscriptionServerOptions,
  query: string,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): { document: DocumentNode } | { error: GraphQLError; status: number } {
  let document: DocumentNode;
  try {
    document = parse(query, opts.limits ? { maxTokens: opts.limits.maxTokens } : undefined);
  } catch (err) {
    return { error: new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }), status: 400 };
  }
  const invalid = validate(opts.planner.apiSchema, document);
  if (invalid.length)
    return {
      error: new GraphQLError(invalid.map((e) => e.message).join('; '), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      status: 400,
    };
  const operation = getOperationAST(document, operationName);
  if (opts.limits && operation) {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    const measure = measureOperation(opts.planner.apiSchema, operation, fragments, variables, {
      defaultListSize: opts.limits.defaultListSize,
      stopAtCost: opts.limits.maxCost,
    });
    const error = checkLimits(measure, opts.limits);
    if (error) return { error, status: 400 };
  }
  return { document };
}

function isSubscriptionOp(args: Pick<ExecutionArgs, 'document' | 'operationName'>): boolean {
  const ops = args.document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const op = args.operationName ? ops.find((d) => d.name?.value === args.operationName) : ops[0];
  return op?.operation === 'subscription';
}

/** Attach graphql-ws to the gateway's HTTP server. */
export function attachSubscriptions(server: http.Server, opts: SubscriptionServerOptions): { close(): Promise<void>; active(): number } {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  let active = 0;
  const ws = useServer<Record<string, unknown> | undefined, { request: http.IncomingMessage; caller?: Caller }>(
    {
      schema: opts.planner.apiSchema,
      async onConnect(ctx) {
        try {
          const viewer = await viewerFrom(opts.verify, ctx.connectionParams);
          const cid = ctx.connectionParams?.correlationId;
          ctx.extra.caller = {
            viewer,
            correlationId: typeof cid === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(cid) ? cid : randomUUID(),
          };
          return true;
        } catch (err) {
          opts.logger.info({ err: (err as Error).message }, 'subscription connection refused');
          return false;
        }
      },
      onSubscribe(_ctx, _id, payload) {
        const variables = (payload.variables ?? {}) as Record<string, unknown>;
        const operationName = payload.operationName ?? undefined;
        const checked = checkedDocument(opts, payload.query, operationName, variables);
        if ('error' in checked) return [checked.error];
        return { schema: opts.planner.apiSchema, document: checked.document, operationName, variableValues: variables };
      },
      context: (ctx) => ({ caller: ctx.extra.caller }),
      subscribe: (args) => {
        const caller = (args.contextValue as { caller: Caller }).caller;
        const result = run(
          opts,
          caller,
          args.document,
          args.operationName ?? undefined,
          (args.variableValues ?? {}) as Record<string, unknown>,
          true,
        ) as ExecutionResult | AsyncGenerator<ExecutionResult>;
        return Symbol.asyncIterator in result ? counted(result, opts) : result;
      },
      execute: (args) => {
        const caller = (args.contextValue as { caller: Caller }).caller;
        return run(
          opts,
          caller,
          args.document,
          args.operationName ?? undefined,
          (args.variableValues ?? {}) as Record<string, unknown>,
          false,
        ) as Promise<ExecutionResult>;
      },
    },
    wss,
  );
  function counted(gen: AsyncGenerator<ExecutionResult>, o: SubscriptionServerOptions): AsyncGenerator<ExecutionResult> {
    active++;
    o.onOpen?.();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active--;
      o.onClose?.();
    };
    return {
      async next() {
        const r = await gen.next();
        if (r.done) finish();
        return r;
      },
      async return() {
        finish();
        return gen.return(undefined);
      },
      async throw(err: unknown) {
        finish();
        return gen.throw(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncGenerator<ExecutionResult>;
  }
  return {
    active: () => active,
    async close() {
      await ws.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * GraphQL over SSE (distinct connections): `POST /graphql/stream` with a JSON body or
 * `GET /graphql/stream?query=…&variables=…`; events `next` (a result) and `complete`.
 */
export function sseRoutes(opts: SubscriptionServerOptions): Record<string, Route> {
  const handler: Route = async (req, res, scope) => {
    let viewer: Viewer;
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new AuthError('UNAUTHENTICATED', 'missing bearer token');
      viewer = await opts.verify(token);
    } catch (err) {
      throw new HttpError(401, 'UNAUTHENTICATED', (err as Error).message);
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    if (req.method === 'GET') {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      body = {
        query: q.get('query'),
        operationName: q.get('operationName') ?? undefined,
        variables: q.get('variables') ? safeJson(q.get('variables')!) : {},
      };
    } else body = safeJson((await readBody(req, opts.maxBodyBytes)).toString('utf8')) as typeof body;
    if (typeof body?.query !== 'string') throw new HttpError(400, 'BAD_REQUEST', 'query must be a string');
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<string, unknown>;
    const checked = checkedDocument(opts, body.query, operationName, variables);
    if ('error' in checked) throw new HttpError(checked.status, String(checked.error.extensions.code), checked.error.message);
    const document = checked.document;
    const caller = { viewer, correlationId: scope.correlationId };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-correlation-id': scope.correlationId,
    });
    res.flushHeaders();
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`);
    const ping = setInterval(() => res.write(':\n\n'), 15_000);
    const result = await run(opts, caller, document, operationName, variables, isSubscriptionOp({ document, operationName }));
    try {
      if (Symbol.asyncIterator in result) {
        const gen = result as AsyncGenerator<ExecutionResult>;
        opts.onOpen?.();
        req.on('close', () => void gen.return(undefined));
        try {
          for await (const r of gen) {
            if (res.destroyed) break;
            send('next', r);
          }
        } finally {
          opts.onClose?.();
        }
      } else send('next', result);
      if (!res.destroyed) send('complete', undefined);
    } finally {
      clearInterval(ping);
      res.end();
    }
  };
  return { 'GET /graphql/stream': handler, 'POST /graphql/stream': handler };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'body is not JSON');
  }
}
