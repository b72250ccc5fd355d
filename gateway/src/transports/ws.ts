/**
 * graphql-ws on the gateway's `/graphql` (same port as HTTP). A thin adapter over the pipeline:
 * the token in the `connection_init` payload (`{ "Authorization": "Bearer …" }`, also
 * `authorization` or `headers.Authorization`) is the pipeline's auth step, once per socket
 * (refused: the socket closes with 4403); every `subscribe` message then goes through the
 * pipeline's other steps — a refusal is graphql-ws's `error` message carrying the same errors
 * HTTP would answer with. When the client completes an operation or the socket closes, graphql-ws
 * ends the pipeline's result stream, which ends the upstream subscription.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '@portal/platform/logger';
import { continueTrace } from '@portal/platform/trace';
import { Refusal, type Caller, type Pipeline, type PreparedOperation, type RequestHead } from '../pipeline.js';

export interface WsTransportOptions {
  /** graphql-ws needs a schema for its own bookkeeping; the pipeline validates against the same one. */
  apiSchema: GraphQLSchema;
  logger: Logger;
}

type Extra = {
  request: http.IncomingMessage;
  caller?: Omit<Caller, 'trace'>;
};

interface OperationContext {
  op: PreparedOperation;
  caller: Caller;
}

/** The `Authorization` value of a `connection_init` payload, wherever the client put it. */
export function authorizationOf(params: Record<string, unknown> | undefined | null): string | undefined {
  const headers = (params?.headers ?? {}) as Record<string, unknown>;
  const raw = params?.Authorization ?? params?.authorization ?? headers.Authorization ?? headers.authorization;
  return typeof raw === 'string' ? raw : undefined;
}

export function attachGraphqlWs(server: http.Server, pipeline: Pipeline, opts: WsTransportOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const run = (args: ExecutionArgs) => {
    const { op, caller } = args.contextValue as OperationContext;
    // Already formatted by the pipeline; onNext below hands them to graphql-ws as they are.
    return pipeline.execute(op, caller) as Promise<ExecutionResult | AsyncGenerator<ExecutionResult>>;
  };
  const ws = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.apiSchema,
      async onConnect(ctx) {
        try {
          const viewer = await pipeline.authenticate(authorizationOf(ctx.connectionParams));
          const cid = ctx.connectionParams?.correlationId;
          ctx.extra.caller = {
            viewer,
            correlationId: typeof cid === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(cid) ? cid : randomUUID(),
          };
          return true;
        } catch (err) {
          opts.logger.info({ err: (err as Error).message }, 'graphql-ws connection refused');
          return false;
        }
      },
      async onSubscribe(ctx, _id, payload) {
        // Each operation is its own trace; the socket keeps one correlation id.
        const caller: Caller = { ...ctx.extra.caller!, trace: continueTrace(undefined) };
        const head: RequestHead = { transport: 'ws', headers: {}, correlationId: caller.correlationId, trace: caller.trace };
        try {
          const op = await pipeline.prepare(head, payload);
          return {
            schema: opts.apiSchema,
            document: op.document,
            ...(op.operationName ? { operationName: op.operationName } : {}),
            variableValues: op.variables,
            contextValue: { op, caller } satisfies OperationContext,
          };
        } catch (err) {
          if (err instanceof Refusal) return err.errors;
          opts.logger.error({ err }, 'graphql-ws operation failed');
          return [new GraphQLError('internal error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
      execute: run,
      subscribe: run,
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
      onError: (_ctx, _id, _payload, errors) => pipeline.formatErrors(errors),
    },
    wss,
  );
  return {
    async close() {
      await ws.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
