// Entry of the embedded database's worker thread: the worker itself is TypeScript (pglite-worker.ts),
// loaded through tsx's API because a worker thread does not inherit the loader of the thread that
// started it (under vitest there is none to inherit).
import { tsImport } from 'tsx/esm/api';

await tsImport('./pglite-worker.ts', import.meta.url);
