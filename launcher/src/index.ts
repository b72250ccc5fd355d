/** Compose and run the whole stack in one process (demo, tests). */
export * from './stack.js';
export * from './tokens.js';
