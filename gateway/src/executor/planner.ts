/**
 * Query planning for the gateway's own executor: the supergraph, its API schema (what clients
 * see and are validated against) and the query planner, with plans cached per document and
 * operation name. Any valid Federation 2 supergraph works.
 */
import { Supergraph, operationFromDocument, type Operation } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import { print, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface PlannedOperation {
  plan: QueryPlan;
  operation: Operation;
}

export class FederatedPlanner {
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: GraphQLSchema;
  private readonly api: ReturnType<Supergraph['apiSchema']>;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, PlannedOperation>();
  /** Each subgraph's name and routing URL, as composed into the supergraph. */
  readonly subgraphs: readonly { name: string; url: string }[];

  constructor(
    supergraphSdl: string,
    private readonly maxCached = 1000,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.subgraphs = supergraph.subgraphsMetadata();
  }

  /** The plan for an operation of a (validated) document; `key` defaults to the printed document. */
  plan(document: DocumentNode, operationName: string | undefined, key?: string): PlannedOperation {
    const cacheKey = `${operationName ?? ''}\u0000${key ?? print(document)}`;
    const hit = this.cache.get(cacheKey);
    if (hit) {
      // LRU: move to the end.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit;
    }
    const operation = operationFromDocument(this.api, document, { operationName, validate: false });
    const planned = { plan: this.planner.buildQueryPlan(operation), operation };
    this.cache.set(cacheKey, planned);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return planned;
  }
}
