/** Database access for services: embedded PGlite or a real server, MikroORM per schema. */
export * from './embedded.js';
export * from './orm.js';
export * from './copy.js';
export * from './sql-transaction.js';
export * from './prepared.js';
