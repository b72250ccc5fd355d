/**
 * Federated subscriptions from the query planner's subscription plan: the primary fetch streams
 * from the owning subgraph (graphql-ws), and for every event the rest of the plan (fields of other
 * subgraphs) runs as entity fetches before the event is shaped to the client's selection.
 *
 * Resume: when the subscription field takes an `after` cursor and its payload has a `cursor`, the
 * primary operation is rewritten to always select the cursor and to pass `after` as a variable.
 * If the upstream stream drops (subgraph restart, network), it is opened again with the last
 * cursor seen, so the client misses nothing and gets nothing twice. Closing the client's stream
 * closes the upstream.
 */
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  print,
  valueFromAST,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  executeNode,
  shapeResponse,
  type ExecutionContext,
  type SubgraphFetch,
  type SubgraphRequest,
  type SubgraphResponse,
} from './execute.js';
import { subscriptionParts, type FetchNode } from './plan.js';
import type { FederatedPlanner, PlannedOperation } from './planner.js';

/** A GraphQL error the upstream answered the subscribe with: final, not retried. */
export class UpstreamRefused extends Error {
  constructor(readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * This subscription fell `limit` events behind its subgraph stream (a slow client): its stream
 * ends with a resumable error that carries the last delivered cursor.
 */
export class UpstreamLagging extends Error {
  constructor(readonly limit: number) {
    super(`this subscription fell more than ${limit} events behind and was closed`);
  }
}

/** Opens the owning subgraph's stream; ends on completion; throws `UpstreamRefused` or a drop. */
export type UpstreamOpener = (serviceName: string, request: SubgraphRequest) => AsyncIterableIterator<SubgraphResponse>;

export interface SubscribeOptions {
  planner: FederatedPlanner;
  /** The operation's plan, when the caller has made it already. */
  planned?: PlannedOperation;
  document: DocumentNode;
  operationName?: string;
  variables: Record<string, unknown>;
  fetch: SubgraphFetch;
  openUpstream: UpstreamOpener;
  /** Reconnect attempts after a drop (with backoff), then the stream ends with an error. */
  maxReconnects?: number;
  reconnectDelayMs?: number;
  onReconnect?: (attempt: number, error: unknown) => void;
}

export const RESUME_VAR = '__resumeAfter';
const RESUME_FIELD = '__resumeCursor';

interface Resumable {
  operation: string;
  /** The response name of the root field in the primary fetch's data. */
  rootName: string;
  initialAfter: unknown;
  /** Variables the rewritten operation declares. */
  variables: Set<string>;
}

/** Rewrite the primary operation to carry the cursor (or return null when the field cannot resume). */
function resumable(primary: FetchNode, schema: GraphQLSchema, variables: Record<string, unknown>): Resumable | null {
  const doc = parse(primary.operation);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const root = op?.selectionSet.selections[0];
  if (!op || !root || root.kind !== Kind.FIELD || op.selectionSet.selections.length !== 1) return null;
  const field = schema.getSubscriptionType()?.getFields()[root.name.value];
  const payload = field ? getNamedType(field.type) : undefined;
  if (!field?.args.some((a) => a.name === 'after') || !payload || !isObjectType(payload) || !payload.getFields().cursor) return null;
  const afterArg = field.args.find((a) => a.name === 'after')!;
  const given = root.arguments?.find((a) => a.name.value === 'after');
  const initialAfter = given ? valueFromAST(given.value, afterArg.type, variables) : null;
  const args: ArgumentNode[] = [
    ...(root.arguments ?? []).filter((a) => a.name.value !== 'after'),
    {
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: 'after' },
      value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RESUME_VAR } },
    },
  ];
  const cursorField: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: RESUME_FIELD },
    name: { kind: Kind.NAME, value: 'cursor' },
  };
  const rewrittenRoot: FieldNode = {
    ...root,
    arguments: args,
    selectionSet: { kind: Kind.SELECTION_SET, selections: [...(root.selectionSet?.selections ?? []), cursorField] },
  };
  // Variables still used once `after` is ours (an unused definition is a validation error upstream).
  const used = new Set<string>([RESUME_VAR]);
  visit(rewrittenRoot, { Variable: (v) => void used.add(v.name.value) });
  const rewritten: OperationDefinitionNode = {
    ...op,
    variableDefinitions: [
      ...(op.variableDefinitions ?? []).filter((v) => v.variable.name.value !== RESUME_VAR && used.has(v.variable.name.value)),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RESUME_VAR } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      },
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [rewrittenRoot] },
  };
  return {
    operation: print({ ...doc, definitions: doc.definitions.map((d) => (d === op ? rewritten : d)) }),
    rootName: root.alias?.value ?? root.name.value,
    initialAfter,
    variables: used,
  };
}

/**
 * Start a federated subscription. Planning problems come back as an ExecutionResult with errors;
 * otherwise an async generator of results, one per upstream event.
 */
export function federatedSubscribe(opts: SubscribeOptions): ExecutionResult | AsyncGenerator<ExecutionResult> {
  let planned: PlannedOperation;
  try {
    planned = opts.planned ?? opts.planner.plan(opts.document, opts.operationName);
  } catch (err) {
    return {
      errors: [
        err instanceof GraphQLError ? err : new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ],
    };
  }
  const parts = subscriptionParts(planned.plan.node);
  if (!parts) return { errors: [new GraphQLError('not a subscription operation', { extensions: { code: 'BAD_REQUEST' } })] };
  const { primary, rest } = parts;
  const variableDefinitions =
    opts.document.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (opts.operationName === undefined || d.name?.value === opts.operationName),
    )?.variableDefinitions ?? [];
  const primaryVars: Record<string, unknown> = {};
  for (const name of primary.variableUsages ?? []) if (opts.variables[name] !== undefined) primaryVars[name] = opts.variables[name];
  const resume = resumable(primary, opts.planner.supergraphSchema, opts.variables);
  const maxReconnects = opts.maxReconnects ?? 20;
  const baseDelay = opts.reconnectDelayMs ?? 250;

  let current: AsyncIterableIterator<SubgraphResponse> | undefined;
  let closed = false;
  /** The reconnect backoff in progress: closing ends it at once (no timer outlives the stream). */
  let backoff: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  const close = async () => {
    closed = true;
    if (backoff) {
      clearTimeout(backoff.timer);
      backoff.wake();
    }
    await current?.return?.();
  };
  async function* run(): AsyncGenerator<ExecutionResult> {
    let after = resume?.initialAfter ?? null;
    let failures = 0;
    while (!closed) {
      const upstream = (current = opts.openUpstream(primary.serviceName, {
        query: resume ? resume.operation : primary.operation,
        variables: resume
          ? { ...Object.fromEntries(Object.entries(primaryVars).filter(([k]) => resume.variables.has(k))), [RESUME_VAR]: after }
          : primaryVars,
        ...(primary.operationName ? { operationName: primary.operationName } : {}),
      }));
      try {
        for await (const event of upstream) {
          failures = 0;
          if (!event.data) {
            yield {
              errors: (event.errors ?? []).map(
                (e) => new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName: primary.serviceName } }),
              ),
            };
            continue;
          }
          const data = event.data;
          if (resume) {
            const cursor = (data[resume.rootName] as Record<string, unknown> | null)?.[RESUME_FIELD];
            if (typeof cursor === 'string') after = cursor;
          }
          const ctx: ExecutionContext = {
            supergraphSchema: opts.planner.supergraphSchema,
            apiSchema: opts.planner.apiSchema,
            operation: planned.operation,
            variables: opts.variables,
            variableDefinitions,
            fetch: opts.fetch,
            errors: [],
          };
          for (const e of event.errors ?? [])
            ctx.errors.push(new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName: primary.serviceName } }));
          if (rest) await executeNode(ctx, rest, { path: [], data, root: data });
          yield shapeResponse(ctx, data);
        }
        return; // the upstream completed the subscription
      } catch (err) {
        if (err instanceof UpstreamRefused) {
          yield {
            errors: err.errors.map(
              (e) => new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName: primary.serviceName } }),
            ),
          };
          return;
        }
        if (closed) return;
        if (err instanceof UpstreamLagging) {
          yield {
            errors: [
              new GraphQLError(`${err.message}; subscribe again with \`after\` set to extensions.cursor to resume`, {
                extensions: {
                  code: 'SUBSCRIPTION_LAGGING',
                  resumable: true,
                  cursor: resume ? after : null,
                  serviceName: primary.serviceName,
                },
              }),
            ],
          };
          return;
        }
        if (!resume || failures >= maxReconnects) {
          yield {
            errors: [
              new GraphQLError(`the ${primary.serviceName} subgraph stream ended: ${(err as Error)?.message ?? String(err)}`, {
                extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: primary.serviceName },
              }),
            ],
          };
          return;
        }
        failures++;
        opts.onReconnect?.(failures, err);
        await new Promise<void>((wake) => {
          backoff = { timer: setTimeout(wake, Math.min(5_000, baseDelay * 2 ** (failures - 1))), wake };
        });
        backoff = undefined;
      } finally {
        await upstream.return?.();
      }
    }
  }
  // A generator cannot be stopped while it awaits the upstream; closing the upstream ends that wait.
  const gen = run();
  return {
    next: () => gen.next(),
    async return() {
      await close();
      return gen.return(undefined);
    },
    throw: (err: unknown) => gen.throw(err),
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: close,
  } as AsyncGenerator<ExecutionResult>;
}
