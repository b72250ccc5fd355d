/**
 * A small shop the federation cases share: products, their reviews and the reviews' authors, and
 * the subgraphs that serve them (products, reviews with @provides, users).
 */

export const products = [
  { upc: 'p1', name: 'Table', price: 100, weight: 20 },
  { upc: 'p2', name: 'Couch', price: 1000, weight: 50 },
  { upc: 'p3', name: 'Chair', price: 50, weight: 8 },
];
export const byUpc = (upc: string) => products.find((p) => p.upc === upc) ?? null;
export const reviews = [
  { id: 'r1', upc: 'p1', body: 'Sturdy', authorId: 'u1' },
  { id: 'r2', upc: 'p1', body: 'Heavy', authorId: 'u2' },
  { id: 'r3', upc: 'p2', body: 'Comfy', authorId: 'u1' },
];
export const users = [
  { id: 'u1', username: 'ada' },
  { id: 'u2', username: 'alan' },
];

export const productsSubgraph = {
  name: 'products',
  sdl: `type Query { products: [Product!]! product(upc: ID!): Product }
    type Product @key(fields: "upc") { upc: ID! name: String! price: Int! weight: Int! }`,
  resolvers: {
    Query: { products: () => products, product: (_: unknown, { upc }: { upc: string }) => byUpc(upc) },
    Product: { __resolveReference: (ref: { upc: string }) => byUpc(ref.upc) },
  },
};

export const reviewsSubgraph = {
  name: 'reviews',
  sdl: `type Product @key(fields: "upc") { upc: ID! reviews: [Review!] }
    type Review { id: ID! body: String! author: User! @provides(fields: "username") }
    type User @key(fields: "id") { id: ID! username: String! @external }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (p: { upc: string }) => {
        if (p.upc === 'p3') throw new Error('reviews of p3 are being moderated');
        return reviews.filter((r) => r.upc === p.upc);
      },
    },
    Review: { author: (r: { authorId: string }) => users.find((u) => u.id === r.authorId) },
  },
};

export const usersSubgraph = {
  name: 'users',
  sdl: `type Query { me: User } type User @key(fields: "id") { id: ID! username: String! @shareable reviewCount: Int! }`,
  resolvers: {
    Query: { me: () => users[0] },
    User: {
      __resolveReference: (ref: { id: string }) => users.find((u) => u.id === ref.id) ?? null,
      reviewCount: (u: { id: string }) => reviews.filter((r) => r.authorId === u.id).length,
    },
  },
};
