/**
 * Federation cases on entities and the common directives: a chain of entity fetches across three
 * subgraphs (aliases, @provides, BatchFetch, conditions, an error in an entity fetch), @requires,
 * @interfaceObject, a union whose members are entities of other subgraphs, and @override.
 */
import type { FederatedCase } from '../support.js';
import { byUpc, productsSubgraph, reviewsSubgraph, usersSubgraph } from './shop.js';

export const DIRECTIVE_CASES: FederatedCase[] = [
  {
    name: 'entities across three subgraphs, aliases, @provides, BatchFetch, conditions and errors',
    subgraphs: [productsSubgraph, reviewsSubgraph, usersSubgraph],
    queries: [
      {
        name: 'a chain of entity fetches, with aliases',
        query: `{ products { upc name reviews { body author { id reviewCount } } } top: product(upc: "p2") { n: name } }`,
        expected: {
          products: [
            {
              upc: 'p1',
              name: 'Table',
              reviews: [
                { body: 'Sturdy', author: { id: 'u1', reviewCount: 2 } },
                { body: 'Heavy', author: { id: 'u2', reviewCount: 1 } },
              ],
            },
            { upc: 'p2', name: 'Couch', reviews: [{ body: 'Comfy', author: { id: 'u1', reviewCount: 2 } }] },
            { upc: 'p3', name: 'Chair', reviews: null },
          ],
          top: { n: 'Couch' },
        },
        errors: [{ message: 'reviews of p3 are being moderated', path: ['products', 2, 'reviews'] }],
      },
      {
        name: '@provides: the author name comes with the review, users is not called',
        query: `{ product(upc: "p1") { reviews { author { username } } } }`,
        expected: { product: { reviews: [{ author: { username: 'ada' } }, { author: { username: 'alan' } }] } },
        calls: { products: 1, reviews: 1, users: 0 },
      },
      {
        name: 'the same entity type at two places: one request to the subgraph (BatchFetch)',
        query: `{ a: product(upc: "p1") { reviews { id } } b: product(upc: "p2") { reviews { id } } }`,
        expected: { a: { reviews: [{ id: 'r1' }, { id: 'r2' }] }, b: { reviews: [{ id: 'r3' }] } },
        calls: { products: 1, reviews: 1 },
      },
      {
        name: '@include with a variable, true',
        query: `query($withReviews: Boolean!) { product(upc: "p2") { name reviews @include(if: $withReviews) { body } } }`,
        variables: { withReviews: true },
        expected: { product: { name: 'Couch', reviews: [{ body: 'Comfy' }] } },
      },
      {
        name: '@include with a variable, false: the other subgraph is not called',
        query: `query($withReviews: Boolean!) { product(upc: "p2") { name reviews @include(if: $withReviews) { body } } }`,
        variables: { withReviews: false },
        expected: { product: { name: 'Couch' } },
        calls: { products: 1, reviews: 0 },
      },
    ],
  },
  {
    name: '@requires: a field computed from fields of another subgraph',
    subgraphs: [
      productsSubgraph,
      {
        name: 'shipping',
        sdl: `type Product @key(fields: "upc") { upc: ID! price: Int! @external weight: Int! @external
          shippingEstimate: Int! @requires(fields: "price weight") }`,
        resolvers: {
          Product: {
            __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ref,
            shippingEstimate: (p: { price: number; weight: number }) => (p.price >= 1000 ? 0 : p.weight * 2),
          },
        },
      },
    ],
    queries: [
      {
        name: 'shippingEstimate needs price and weight from products',
        query: `{ products { upc shippingEstimate } }`,
        expected: {
          products: [
            { upc: 'p1', shippingEstimate: 40 },
            { upc: 'p2', shippingEstimate: 0 },
            { upc: 'p3', shippingEstimate: 16 },
          ],
        },
      },
    ],
  },
  {
    name: '@interfaceObject: fields of an interface entity from a subgraph that does not know its types',
    subgraphs: [
      {
        name: 'media',
        sdl: `type Query { media: [Media!]! }
          interface Media @key(fields: "id") { id: ID! title: String! }
          type Book implements Media @key(fields: "id") { id: ID! title: String! author: String! }
          type Movie implements Media @key(fields: "id") { id: ID! title: String! director: String! }`,
        resolvers: {
          Query: {
            media: () => [
              { __typename: 'Book', id: 'b1', title: 'Dune', author: 'Herbert' },
              { __typename: 'Movie', id: 'm1', title: 'Alien', director: 'Scott' },
            ],
          },
          Media: {
            __resolveReference: (ref: { id: string }) =>
              ref.id.startsWith('b')
                ? { __typename: 'Book', id: ref.id, title: 'Dune', author: 'Herbert' }
                : { __typename: 'Movie', id: ref.id, title: 'Alien', director: 'Scott' },
            __resolveType: (m: { __typename: string }) => m.__typename,
          },
          Book: { __resolveReference: (ref: { id: string }) => ({ __typename: 'Book', id: ref.id, title: 'Dune', author: 'Herbert' }) },
          Movie: { __resolveReference: (ref: { id: string }) => ({ __typename: 'Movie', id: ref.id, title: 'Alien', director: 'Scott' }) },
        },
      },
      {
        name: 'ratings',
        sdl: `type Query { topRated: [Media!]! } type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int! }`,
        resolvers: {
          Query: { topRated: () => [{ id: 'm1' }, { id: 'b1' }] },
          Media: {
            __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
            stars: (m: { id: string }) => (m.id === 'b1' ? 5 : 4),
          },
        },
      },
    ],
    queries: [
      {
        name: 'concrete types from media, stars from the interface object',
        query: `{ media { id title stars ... on Book { author } ... on Movie { director } } }`,
        expected: {
          media: [
            { id: 'b1', title: 'Dune', stars: 5, author: 'Herbert' },
            { id: 'm1', title: 'Alien', stars: 4, director: 'Scott' },
          ],
        },
      },
      {
        name: 'a list of the interface object resolves to concrete types',
        query: `{ topRated { __typename id stars ... on Movie { director } } }`,
        expected: {
          topRated: [
            { __typename: 'Movie', id: 'm1', stars: 4, director: 'Scott' },
            { __typename: 'Book', id: 'b1', stars: 5 },
          ],
        },
      },
    ],
  },
  {
    name: 'a union whose members are entities of other subgraphs, and @override',
    subgraphs: [
      productsSubgraph,
      {
        name: 'search',
        sdl: `type Query { search(term: String!): [SearchResult!]! } union SearchResult = Product | Category
          type Product @key(fields: "upc") { upc: ID! } type Category { name: String! }`,
        resolvers: {
          Query: {
            search: () => [
              { __typename: 'Product', upc: 'p3' },
              { __typename: 'Category', name: 'Seating' },
              { __typename: 'Product', upc: 'p1' },
            ],
          },
          SearchResult: { __resolveType: (r: { __typename: string }) => r.__typename },
        },
      },
      {
        name: 'pricing',
        sdl: `type Product @key(fields: "upc") { upc: ID! price: Int! @override(from: "products") }`,
        resolvers: {
          Product: { __resolveReference: (ref: { upc: string }) => ref, price: (p: { upc: string }) => byUpc(p.upc)!.price * 2 },
        },
      },
    ],
    queries: [
      {
        name: 'entity fields only for the union members that are entities',
        query: `{ search(term: "c") { __typename ... on Product { name price } ... on Category { name } } }`,
        expected: {
          search: [
            { __typename: 'Product', name: 'Chair', price: 100 },
            { __typename: 'Category', name: 'Seating' },
            { __typename: 'Product', name: 'Table', price: 200 },
          ],
        },
      },
      {
        name: '@override: price now comes from pricing',
        query: `{ product(upc: "p2") { price } }`,
        expected: { product: { price: 2000 } },
        calls: { pricing: 1 },
      },
    ],
  },
];
