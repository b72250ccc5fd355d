/**
 * The federation suite's cases: each a few subgraphs of its own that exercise one thing a
 * federated gateway must get right, with queries and the answers they must give. The portal's
 * supergraph uses only some of these (entities, nested entity fetches); the rest — @requires
 * (also on fields with arguments), @provides, @interfaceObject (also non-resolvable), several
 * keys (nested, mixed), unions and interfaces across subgraphs, shared root fields, @override,
 * BatchFetch, conditions, errors in entity fetches — are here so the executor's every path meets
 * a real plan. A query `@apollo/query-planner` gets wrong says so (`apolloPlannerFails`).
 */
import type { FederatedCase } from './support.js';
import { DIRECTIVE_CASES } from './cases/directives.js';
import { KEY_AND_INTERFACE_CASES } from './cases/keys-and-interfaces.js';

export const CASES: FederatedCase[] = [...DIRECTIVE_CASES, ...KEY_AND_INTERFACE_CASES];
