/**
 * The operation pipeline's model (pipeline.ts runs the steps): what a transport hands in (the
 * request head), what the steps produce (checked and prepared operations), what the executor
 * must do, and how a step refuses (`Refusal`: an HTTP status for HTTP and SSE, GraphQL errors
 * for every transport).
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import type { JwtVerifier, Viewer } from '@portal/platform/auth';
import type { Logger } from '@portal/platform/logger';
import type { TraceContext } from '@portal/platform/trace';
import type { OperationLimits } from './limits.js';
import type { PersistedOperations } from './persisted.js';

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
