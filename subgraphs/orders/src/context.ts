/** The resolver context of the orders subgraph: per request, the DataLoaders and the commands. */
import type { SubgraphContext } from '@portal/platform/subgraph';
import type { Commands } from './commands.js';
import type { Loaders } from './loaders.js';

export type RequestScope = Loaders & Commands;
export type Context = SubgraphContext<RequestScope>;
