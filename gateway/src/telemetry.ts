/**
 * Gateway telemetry: OpenTelemetry tracing (`gateway.plan` and one `gateway.fetch` per subgraph
 * call — or, with GATEWAY_EXECUTOR=apollo, the spans @apollo/gateway emits — under one server span
 * per HTTP request) and the gateway's Prometheus series, which the pipeline feeds for every
 * transport. Tracing is off unless an exporter is configured: without a registered provider the
 * tracers are no-ops and traceparent propagation falls back to the platform's request scope (same
 * trace id, fresh span id).
 *
 * The server span takes the ids the platform's request scope already chose (trace id continued
 * from the client's `traceparent`, span id reported in `traceresponse`), so logs, response
 * headers, exported spans and what subgraphs receive all name one trace.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  TraceFlags,
  type ProxyTracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  RandomIdGenerator,
  SimpleSpanProcessor,
  type IdGenerator,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { currentScope } from '@portal/platform/context';
import { useActiveSpanForOutgoingCalls } from '@portal/platform/trace';
import type { Logger } from '@portal/platform/logger';
import { prom, registry } from '@portal/platform/metrics';
import type { GatewayConfig } from './config.js';

// ---------------------------------------------------------------- Prometheus

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const gatewayMetrics = {
  operations: new prom.Counter({
    name: 'portal_gateway_operations_total',
    help: 'GraphQL operations served by the gateway, by operation type and outcome (ok, error, refused)',
    labelNames: ['operation_type', 'outcome'] as const,
    registers: [registry],
  }),
  operationDuration: new prom.Histogram({
    name: 'portal_gateway_operation_duration_seconds',
    help: 'GraphQL operation latency at the gateway, by operation type',
    labelNames: ['operation_type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  refused: new prom.Counter({
    name: 'portal_gateway_refused_operations_total',
    help: 'Operations refused before planning, by error code (limits, persisted-only)',
    labelNames: ['code'] as const,
    registers: [registry],
  }),
  subgraphFetches: new prom.Counter({
    name: 'portal_gateway_subgraph_fetches_total',
    help: 'Fetches from the gateway to a subgraph, by subgraph and outcome (ok, unavailable, timeout)',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [registry],
  }),
  subgraphFetchDuration: new prom.Histogram({
    name: 'portal_gateway_subgraph_fetch_duration_seconds',
    help: 'Latency of gateway-to-subgraph fetches',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  activeSubscriptions: new prom.Gauge({
    name: 'portal_gateway_active_subscriptions',
    help: 'Subscriptions currently open at the gateway (graphql-ws and SSE)',
    registers: [registry],
  }),
};

/** For the subscription executor: call once when a subscription starts streaming… */
export function subscriptionOpened(): void {
  gatewayMetrics.activeSubscriptions.inc();
}
/** …and exactly once when it ends (completed, errored or the client went away). */
export function subscriptionClosed(): void {
  gatewayMetrics.activeSubscriptions.dec();
}

/** Rate, latency and outcome of an operation that ran (pipeline.ts; every transport). */
export function recordOperation(type: string, outcome: 'ok' | 'error', seconds?: number): void {
  gatewayMetrics.operations.labels(type, outcome).inc();
  if (seconds !== undefined) gatewayMetrics.operationDuration.labels(type).observe(seconds);
}

/** An operation refused before it was planned (parse, validation, limits, persisted-only, variables…). */
export function recordRefusal(type: string, code: string, seconds: number): void {
  gatewayMetrics.refused.labels(code).inc();
  gatewayMetrics.operations.labels(type, 'refused').inc();
  gatewayMetrics.operationDuration.labels(type).observe(seconds);
}

// ---------------------------------------------------------------- tracing

/**
 * Hands the server span the ids the request scope already chose. startSpan is synchronous, so a
 * value set just before it is read by exactly that call; every other span gets random ids.
 */
class ScopeIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  next: { traceId: string; spanId: string } | undefined;
  generateTraceId(): string {
    return this.next?.traceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    const id = this.next?.spanId;
    return id ?? this.random.generateSpanId();
  }
}

interface Tracing {
  kind: 'otlp' | 'console' | 'memory';
  provider: BasicTracerProvider;
  ids: ScopeIdGenerator;
  memory?: InMemorySpanExporter;
}

let tracing: Tracing | undefined;

/** Is a tracer provider registered? Without one, spans are no-ops the hot path need not create. */
export const tracingOn = (): boolean => tracing !== undefined;

/** Which exporter the config asks for: OTEL_TRACES_EXPORTER, else otlp when an endpoint is set. */
export function traceExporterKind(config: Pick<GatewayConfig, 'OTEL_TRACES_EXPORTER' | 'OTEL_EXPORTER_OTLP_ENDPOINT'>) {
  return config.OTEL_TRACES_EXPORTER ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'none');
}

/**
 * Registers the process-wide tracer provider once (the OpenTelemetry API allows one). Also turns
 * off @apollo/gateway's own usage data collection (an hourly export to Apollo's servers) unless
 * APOLLO_TELEMETRY_DISABLED says otherwise: a B2B portal sends its telemetry only where it is told.
 */
export function setupTelemetry(config: GatewayConfig, logger: Logger): void {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const kind = traceExporterKind(config);
  if (kind === 'none') return;
  if (tracing) {
    if (tracing.kind !== kind)
      logger.warn({ registered: tracing.kind, asked: kind }, 'a tracer provider is already registered; keeping it');
    return;
  }
  const ids = new ScopeIdGenerator();
  const memory = kind === 'memory' ? new InMemorySpanExporter() : undefined;
  const processor =
    kind === 'otlp'
      ? new BatchSpanProcessor(
          new OTLPTraceExporter(
            config.OTEL_EXPORTER_OTLP_ENDPOINT ? { url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` } : {},
          ),
        )
      : new SimpleSpanProcessor(memory ?? new ConsoleSpanExporter());
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': config.OTEL_SERVICE_NAME }),
    idGenerator: ids,
    spanProcessors: [processor],
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  // @opentelemetry/api ships ESM and CommonJS builds, each with its own proxy provider. The SDK is
  // CommonJS only, so it registers with the CommonJS build (which @apollo/gateway uses); a tracer an
  // ES module took at import time (executor/) sits on the ESM build's proxy and would stay a no-op.
  const esmProxy = (trace as unknown as { _proxyTracerProvider?: ProxyTracerProvider })._proxyTracerProvider;
  if (esmProxy && esmProxy !== trace.getTracerProvider()) esmProxy.setDelegate(provider);
  // Every outgoing call made inside a span (subgraph fetches of either executor) names that span.
  useActiveSpanForOutgoingCalls(activeTraceparent);
  tracing = { kind, provider, ids, ...(memory ? { memory } : {}) };
  logger.info({ exporter: kind, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'tracing enabled');
}

/** Spans recorded so far with OTEL_TRACES_EXPORTER=memory (tests). */
export function finishedSpans(): ReadableSpan[] {
  return tracing?.memory?.getFinishedSpans() ?? [];
}

export async function flushTelemetry(): Promise<void> {
  await tracing?.provider.forceFlush();
}

/**
 * Runs `work` (one HTTP GraphQL request) inside a server span carrying the request scope's ids,
 * so the plan and fetch spans (and the traceparent each subgraph fetch sends) join the client's
 * trace. `work` returns the HTTP status. A pass-through when tracing is off.
 */
export async function inServerSpan(method: string, route: string, work: () => Promise<number>): Promise<void> {
  if (!tracing) {
    await work();
    return;
  }
  const { ids } = tracing;
  const tracer = trace.getTracer('portal-gateway');
  const scope = currentScope();
  let parent = ROOT_CONTEXT;
  if (scope?.trace.parentSpanId) {
    const flags = parseInt(scope.trace.flags, 16) & TraceFlags.SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: scope.trace.traceId,
      spanId: scope.trace.parentSpanId,
      traceFlags: flags,
      isRemote: true,
    });
  }
  ids.next = scope ? { traceId: scope.trace.traceId, spanId: scope.trace.spanId } : undefined;
  let span;
  try {
    span = tracer.startSpan(
      `${method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } },
      parent,
    );
  } finally {
    ids.next = undefined;
  }
  try {
    const status = await context.with(trace.setSpan(parent, span), work);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** The `traceparent` for a subgraph fetch: the active span's (the fetch span), when tracing is on. */
export function activeTraceparent(): string | undefined {
  if (!tracing || !trace.getActiveSpan()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}
