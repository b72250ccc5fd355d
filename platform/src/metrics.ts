/**
 * Prometheus metrics. One registry per process; every series carries the service name, so the
 * one-process launcher (all services together) and separate deployments expose the same names.
 */
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const metrics = {
  httpRequests: new client.Counter({
    name: 'portal_http_requests_total',
    help: 'HTTP requests served',
    labelNames: ['service', 'route', 'status'] as const,
    registers: [registry],
  }),
  httpDuration: new client.Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['service', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  }),
  graphqlErrors: new client.Counter({
    name: 'portal_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['service', 'code'] as const,
    registers: [registry],
  }),
  sqlStatements: new client.Counter({
    name: 'portal_sql_statements_total',
    help: 'SQL statements issued by the ORM',
    labelNames: ['service'] as const,
    registers: [registry],
  }),
  subscriptionConnections: new client.Gauge({
    name: 'portal_subscription_connections',
    help: 'graphql-ws connections a subgraph holds (kind: gateway = shared by many operations, viewer = one client)',
    labelNames: ['service', 'kind'] as const,
    registers: [registry],
  }),
  subscriptionOperations: new client.Gauge({
    name: 'portal_subscription_operations',
    help: 'Subscription operations a subgraph is serving',
    labelNames: ['service'] as const,
    registers: [registry],
  }),
  busPublished: new client.Counter({
    name: 'portal_bus_published_total',
    help: 'Events published on the event bus',
    labelNames: ['topic'] as const,
    registers: [registry],
  }),
  busDelivered: new client.Counter({
    name: 'portal_bus_delivered_total',
    help: 'Events handled (acked) by bus consumers',
    labelNames: ['topic', 'consumer'] as const,
    registers: [registry],
  }),
};

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** The Prometheus client, so services register their own series on the shared registry. */
export { client as prom };
