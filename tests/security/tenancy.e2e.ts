/**
 * Security suite, tenancy and roles: a user of one account probing another account's
 * ids gets nothing. The entry points come from schema/api.graphql — every Query field, every
 * Mutation and Subscription taking an id — and every entity type of every subgraph's SDL is asked
 * for through `_entities` directly with a correctly signed viewer of the other account. Probes run
 * both ways (ACME → GLOBEX, GLOBEX → ACME); the victim's data is read back unchanged afterwards.
 * Roles: a buyer cannot approve, reject or release a credit hold; an analyst writes nothing (every
 * mutation → FORBIDDEN) but reads across accounts.
 *
 * One stack for all of them, started here; the tests are in tenancy/, a module per topic, run in
 * the order below; how a probe is built is in tenancy/probes.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import { defineGatewayTenancyTests } from './tenancy/gateway.js';
import { defineSubgraphTenancyTests } from './tenancy/subgraphs.js';
import { defineRoleTests } from './tenancy/roles.js';
import { startTenancyStack, stopTenancyStack } from './tenancy/probes.js';

beforeAll(startTenancyStack);
afterAll(stopTenancyStack);

defineGatewayTenancyTests();
defineSubgraphTenancyTests();
defineRoleTests();
