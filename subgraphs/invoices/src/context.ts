/** The resolver context of the invoices subgraph. */
import type { SubgraphContext } from '@portal/platform/subgraph';
import type { Loaders } from './loaders.js';

export type Context = SubgraphContext<Loaders>;
