/**
 * Tenancy e2e at the subgraphs: every entity type of every subgraph asked for through `_entities`
 * directly, with a correctly signed viewer of the other account — null or empty.
 */
import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { signViewerHeader, VIEWER_HEADER } from '@portal/platform/auth';
import { DEV_INTERNAL_SECRET } from '@portal/platform/config';
import { gql } from '../../support/graphql.js';
import { clientSafe, leaks, selectAll, subgraphSchema, withSchema } from '../support.js';
import type { World } from '../world.js';
import { stack, worlds, DIRECTIONS } from './probes.js';

export function defineSubgraphTenancyTests(): void {
  describe('tenancy at the subgraphs: _entities with a signed viewer of another account', () => {
    /** Representations of the victim's entities (with the fields their @requires need). */
    const representation = (type: string, v: World): Record<string, unknown> | undefined => {
      const line = v.cartLines.find((l) => l.cartId === v.primary.cart) ?? v.cartLines[0]!;
      switch (type) {
        case 'Account':
          return { __typename: 'Account', id: v.account, currency: v.currency };
        case 'Cart':
          return {
            __typename: 'Cart',
            id: v.primary.cart,
            lines: v.cartLines
              .filter((l) => l.cartId === v.primary.cart)
              .map(({ id, sku, quantity }) => ({ __typename: 'CartLine', id, sku, quantity })),
          };
        case 'CartLine':
          return { __typename: 'CartLine', id: line.id, sku: line.sku, quantity: line.quantity, requestedDate: null };
        case 'Order':
          return { __typename: 'Order', id: v.primary.order };
        case 'Invoice':
          return { __typename: 'Invoice', number: v.ids.invoice[0] };
        case 'CreditMemo':
          return v.ids.creditMemo[0] ? { __typename: 'CreditMemo', number: v.ids.creditMemo[0] } : undefined;
        default:
          return undefined;
      }
    };
    /**
     * Extensions computed only from the representation and the viewer's own contract or stock (a
     * cart's or line's price, a line's availability): nothing of the other account is stored there.
     * They are still scanned for the other account's data.
     */
    const DERIVED = new Set(['pricing.Cart', 'pricing.CartLine', 'inventory.CartLine']);
    const SHARED = new Set(['Item']); // the catalogue

    it('every entity type of every subgraph: null or empty for another account', async () => {
      const failures: string[] = [];
      const unknown: string[] = [];
      let probes = 0;
      let types = 0;
      for (const name of ['pricing', 'inventory', 'orders', 'invoices'] as const) {
        const { schema } = subgraphSchema(name);
        const keyed = Object.values(schema.getTypeMap()).filter((t) =>
          t.astNode?.directives?.some(
            (d) =>
              d.name.value === 'key' &&
              !d.arguments?.some((x) => x.name.value === 'resolvable' && x.value.kind === 'BooleanValue' && !x.value.value),
          ),
        );
        const url = `${stack.services[name].url}/graphql`;
        for (const type of keyed) {
          if (SHARED.has(type.name)) continue;
          types++;
          const external = (parent: string, field: string) => {
            const fields = (schema.getType(parent) as GraphQLObjectType | undefined)?.getFields();
            return !!fields?.[field]?.astNode?.directives?.some((d) => d.name.value === 'external');
          };
          const sel = withSchema(schema, () => selectAll(type, 3, external));
          const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${sel} } } }`;
          for (const [a, b] of DIRECTIONS) {
            const rep = representation(type.name, worlds[b]!);
            if (!rep) {
              if (type.name !== 'CreditMemo') unknown.push(`${name}.${type.name}`);
              continue;
            }
            const t = stack.tokens.find((x) => x.accountId === a && x.role === 'buyer')!;
            const header = signViewerHeader({ userId: t.userId, accountId: a, roles: ['buyer'] }, DEV_INTERNAL_SECRET);
            const r = await gql(url, query, { variables: { r: [rep] }, headers: { [VIEWER_HEADER]: header } });
            probes++;
            const label = `${name}.${type.name} ${a}→${b}`;
            const bad = clientSafe(r) ?? leaks(r.body, worlds[b]!.secrets, JSON.stringify(rep)).join(', ');
            if (bad) failures.push(`${label}: ${bad}`);
            const entity = (r.body.data?._entities as unknown[] | undefined)?.[0] as Record<string, unknown> | null | undefined;
            if (!DERIVED.has(`${name}.${type.name}`) && entity) {
              const keys = new Set(Object.keys(rep));
              const filled = Object.entries(entity).filter(
                ([k, v]) => !keys.has(k) && k !== '__typename' && v != null && !(Array.isArray(v) && v.length === 0),
              );
              if (filled.length) failures.push(`${label}: answered ${JSON.stringify(Object.fromEntries(filled)).slice(0, 300)}`);
            }
          }
        }
      }
      console.log(`tenancy/_entities: ${types} entity types across 4 subgraphs, ${probes} probes: ${failures.length} leaks`);
      expect(unknown, 'entity types without a representation in the suite').toEqual([]);
      expect(failures).toEqual([]);
    });
  });
}
