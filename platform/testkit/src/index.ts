/** Private test kit: isolated databases, the whole stack on random ports, GraphQL helpers. */
export * from './database.js';
