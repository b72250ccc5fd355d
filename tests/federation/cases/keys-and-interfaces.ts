/**
 * Federation cases on keys and abstract types: an entity with several keys (plain, nested, mixed),
 * a non-resolvable @interfaceObject, @requires on fields with arguments, a root field in two
 * subgraphs, and an interface whose fields come from several subgraphs.
 */
import type { FederatedCase } from '../support.js';
import { byUpc, products, productsSubgraph } from './shop.js';

// Several keys on one entity: a plain key, a nested one and a mixed one (a scalar and a nested
// object). The planner must find a way from the key it has to the key another subgraph needs.
const people = [
  { id: 'u1', email: 'ada@example.com', login: 'ada', org: { id: 'o1', region: 'eu' }, name: 'Ada Lovelace' },
  { id: 'u2', email: 'alan@example.com', login: 'alan', org: { id: 'o2', region: 'uk' }, name: 'Alan Turing' },
];
const personBy = (pick: (p: (typeof people)[number]) => boolean) => people.find(pick) ?? null;

export const KEY_AND_INTERFACE_CASES: FederatedCase[] = [
  {
    name: 'an entity with several keys: plain, nested and mixed',
    subgraphs: [
      {
        name: 'accounts',
        sdl: `type Query { people: [Person!]! }
          type Person @key(fields: "id") @key(fields: "email") @key(fields: "org { id region } login") {
            id: ID! email: String! login: String! org: Org! name: String! }
          type Org @shareable { id: ID! region: String! }`,
        resolvers: {
          Query: { people: () => people },
          Person: {
            __resolveReference: (ref: { id?: string; email?: string; login?: string; org?: { id: string } }) =>
              personBy((p) =>
                ref.id !== undefined
                  ? p.id === ref.id
                  : ref.email !== undefined
                    ? p.email === ref.email
                    : p.login === ref.login && p.org.id === ref.org?.id,
              ),
          },
        },
      },
      {
        name: 'mail',
        sdl: `type Query { sender: Person } type Person @key(fields: "email") { email: String! unread: Int! }`,
        resolvers: {
          Query: { sender: () => ({ email: 'alan@example.com' }) },
          Person: {
            __resolveReference: (ref: { email: string }) => ref,
            unread: (p: { email: string }) => (p.email.startsWith('ada') ? 3 : 7),
          },
        },
      },
      {
        name: 'directory',
        sdl: `type Query { desk(login: String!, org: ID!): Person }
          type Person @key(fields: "org { id region } login") { org: Org! login: String! title: String! }
          type Org @shareable { id: ID! region: String! }`,
        resolvers: {
          Query: {
            desk: (_: unknown, a: { login: string; org: string }) => {
              const p = personBy((x) => x.login === a.login && x.org.id === a.org);
              return p && { login: p.login, org: p.org };
            },
          },
          Person: {
            __resolveReference: (ref: { login: string; org: { id: string; region: string } }) => ref,
            title: (p: { login: string; org: { region: string } }) => `${p.login}@${p.org.region}`,
          },
        },
      },
    ],
    queries: [
      {
        name: 'from the email key to the plain and the mixed nested key',
        query: `{ sender { email unread name title } }`,
        expected: { sender: { email: 'alan@example.com', unread: 7, name: 'Alan Turing', title: 'alan@uk' } },
      },
      {
        name: 'from the mixed nested key to the email key, through the subgraph that has both',
        query: `{ desk(login: "ada", org: "o1") { title unread id } }`,
        expected: { desk: { title: 'ada@eu', unread: 3, id: 'u1' } },
      },
      {
        name: 'a list, every key used',
        query: `{ people { id name unread title org { region } } }`,
        expected: {
          people: [
            { id: 'u1', name: 'Ada Lovelace', unread: 3, title: 'ada@eu', org: { region: 'eu' } },
            { id: 'u2', name: 'Alan Turing', unread: 7, title: 'alan@uk', org: { region: 'uk' } },
          ],
        },
      },
    ],
  },
  {
    name: 'a non-resolvable @interfaceObject: references to an interface entity another subgraph resolves',
    subgraphs: [
      {
        name: 'media',
        sdl: `type Query { allMedia: [Media!]! }
          interface Media @key(fields: "id") { id: ID! title: String! }
          type Book implements Media @key(fields: "id") { id: ID! title: String! author: String! }
          type Movie implements Media @key(fields: "id") { id: ID! title: String! director: String! }`,
        resolvers: {
          Media: {
            __resolveReference: (ref: { id: string }) =>
              ref.id.startsWith('b')
                ? { __typename: 'Book', id: ref.id, title: 'Dune', author: 'Herbert' }
                : { __typename: 'Movie', id: ref.id, title: 'Alien', director: 'Scott' },
            __resolveType: (m: { __typename: string }) => m.__typename,
          },
          Query: { allMedia: () => [] },
          Book: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, title: 'Dune', author: 'Herbert' }) },
          Movie: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, title: 'Alien', director: 'Scott' }) },
        },
      },
      {
        name: 'lists',
        sdl: `type Query { watchlist: [Media!]! }
          type Media @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }`,
        resolvers: { Query: { watchlist: () => [{ id: 'm1' }, { id: 'b1' }] } },
      },
    ],
    queries: [
      {
        name: 'the concrete types and their fields come from the subgraph that owns the interface',
        query: `{ watchlist { __typename id title ... on Book { author } ... on Movie { director } } }`,
        expected: {
          watchlist: [
            { __typename: 'Movie', id: 'm1', title: 'Alien', director: 'Scott' },
            { __typename: 'Book', id: 'b1', title: 'Dune', author: 'Herbert' },
          ],
        },
      },
      {
        name: 'only the key: nothing else is fetched',
        query: `{ watchlist { id } }`,
        expected: { watchlist: [{ id: 'm1' }, { id: 'b1' }] },
        calls: { lists: 1, media: 0 },
      },
    ],
  },
  {
    name: '@requires on fields with arguments, and two requires with conflicting arguments',
    subgraphs: [
      {
        name: 'catalog',
        sdl: `type Query { products: [Product!]! }
          type Product @key(fields: "upc") { upc: ID! price(currency: String!): Int! }`,
        resolvers: {
          Query: { products: () => products.map((p) => ({ upc: p.upc })) },
          Product: {
            __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
            price: (p: { upc: string }, a: { currency: string }) => byUpc(p.upc)!.price * (a.currency === 'EUR' ? 2 : 1),
          },
        },
      },
      {
        name: 'shipping',
        sdl: `type Product @key(fields: "upc") { upc: ID! price(currency: String!): Int! @external
          shippingUsd: Int! @requires(fields: "price(currency: \\"USD\\")")
          shippingEur: Int! @requires(fields: "price(currency: \\"EUR\\")") }`,
        resolvers: {
          Product: {
            __resolveReference: (ref: Record<string, unknown>) => ref,
            shippingUsd: (p: { price: number }) => p.price + 1,
            shippingEur: (p: { price: number }) => p.price + 2,
          },
        },
      },
    ],
    queries: [
      {
        name: 'a field that requires a field with an argument',
        query: `{ products { upc shippingUsd } }`,
        expected: {
          products: [
            { upc: 'p1', shippingUsd: 101 },
            { upc: 'p2', shippingUsd: 1001 },
            { upc: 'p3', shippingUsd: 51 },
          ],
        },
      },
      {
        name: 'two fields that require the same field with different arguments',
        query: `{ products { upc shippingUsd shippingEur } }`,
        apolloPlannerFails: 'both representations get the EUR price, so shippingUsd is wrong',
        expected: {
          products: [
            { upc: 'p1', shippingUsd: 101, shippingEur: 202 },
            { upc: 'p2', shippingUsd: 1001, shippingEur: 2002 },
            { upc: 'p3', shippingUsd: 51, shippingEur: 102 },
          ],
        },
      },
      {
        name: 'the client selects the required field with another argument',
        query: `{ products { price(currency: "EUR") shippingUsd } }`,
        apolloPlannerFails: "the representation gets the client's EUR price, so shippingUsd is wrong",
        expected: {
          products: [
            { price: 200, shippingUsd: 101 },
            { price: 2000, shippingUsd: 1001 },
            { price: 100, shippingUsd: 51 },
          ],
        },
      },
    ],
  },
  {
    name: 'a root field in two subgraphs (shared root fields)',
    subgraphs: [
      { ...productsSubgraph, sdl: productsSubgraph.sdl.replace('product(upc: ID!): Product', 'product(upc: ID!): Product @shareable') },
      {
        name: 'stock',
        sdl: `type Query { product(upc: ID!): Product @shareable topSeller: Product }
          type Product @key(fields: "upc") { upc: ID! inStock: Int! }`,
        resolvers: {
          Query: { product: (_: unknown, { upc }: { upc: string }) => (byUpc(upc) ? { upc } : null), topSeller: () => ({ upc: 'p3' }) },
          Product: {
            __resolveReference: (ref: { upc: string }) => ref,
            inStock: (p: { upc: string }) => ({ p1: 4, p2: 0, p3: 12 })[p.upc] ?? 0,
          },
        },
      },
    ],
    queries: [
      {
        name: 'fields from both subgraphs under the shared root field',
        query: `{ product(upc: "p1") { upc name inStock } }`,
        expected: { product: { upc: 'p1', name: 'Table', inStock: 4 } },
      },
      {
        name: 'only the stock subgraph’s fields: one call, to a subgraph that has the root field',
        query: `{ product(upc: "p2") { inStock } }`,
        expected: { product: { inStock: 0 } },
        calls: { stock: 1, products: 0 },
      },
      {
        name: 'a missing product is null from either subgraph',
        query: `{ product(upc: "nope") { upc name inStock } topSeller { name inStock } }`,
        expected: { product: null, topSeller: { name: 'Chair', inStock: 12 } },
      },
    ],
  },
  {
    name: 'an interface across subgraphs: its fields come from the subgraphs that contribute them',
    subgraphs: [
      {
        name: 'zoo',
        sdl: `type Query { animals: [Animal!]! }
          interface Animal { id: ID! name: String! }
          type Dog implements Animal @key(fields: "id") { id: ID! name: String! }
          type Cat implements Animal @key(fields: "id") { id: ID! name: String! lives: Int! }`,
        resolvers: {
          Query: {
            animals: () => [
              { __typename: 'Dog', id: 'd1', name: 'Rex' },
              { __typename: 'Cat', id: 'c1', name: 'Tom', lives: 9 },
            ],
          },
          Animal: { __resolveType: (a: { __typename: string }) => a.__typename },
        },
      },
      {
        name: 'vet',
        sdl: `interface Animal { id: ID! lastVisit: String }
          type Dog implements Animal @key(fields: "id") { id: ID! lastVisit: String vaccinated: Boolean! }
          type Cat implements Animal @key(fields: "id") { id: ID! lastVisit: String }`,
        resolvers: {
          Dog: {
            __resolveReference: (ref: { id: string }) => ({ id: ref.id, lastVisit: '2026-11-02', vaccinated: true }),
          },
          Cat: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, lastVisit: null }) },
        },
      },
    ],
    queries: [
      {
        name: 'an interface field of another subgraph, for every implementation',
        query: `{ animals { __typename name lastVisit } }`,
        expected: {
          animals: [
            { __typename: 'Dog', name: 'Rex', lastVisit: '2026-11-02' },
            { __typename: 'Cat', name: 'Tom', lastVisit: null },
          ],
        },
      },
      {
        name: 'fields of one implementation from each subgraph',
        query: `{ animals { id ... on Dog { vaccinated } ... on Cat { lives } } }`,
        expected: {
          animals: [
            { id: 'd1', vaccinated: true },
            { id: 'c1', lives: 9 },
          ],
        },
        calls: { zoo: 1, vet: 1 },
      },
    ],
  },
];
