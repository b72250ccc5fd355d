/** The ERP ports and their adapters. Subgraphs import only this. */
export * from './types.js';
export * from './reference.js';
export * from './config.js';
