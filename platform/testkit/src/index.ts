/** Private test kit: isolated databases, the whole stack on random ports, GraphQL helpers. */
export * from './database.js';
export * from './wait.js';
export * from './bus-contract.js';
export * from './nats.js';
