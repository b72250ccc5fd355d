/** The shared kernel every service uses. Subpath exports keep heavy modules opt-in. */
export * from './auth.js';
export * from './config.js';
export * from './context.js';
export * from './http.js';
export * from './logger.js';
export * from './metrics.js';
export * from './money.js';
export * from './request-work.js';
export * from './service.js';
export * from './trace.js';
