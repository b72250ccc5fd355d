/** A graphql-ws client for tests: collects a subscription's results and waits for a number of them. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected<T = any> {
  results: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `n` results have arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

export function wsClient(url: string, connectionParams: Record<string, unknown>): Client {
  return createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const out: Collected<T> = {
    results: [],
    errors: [],
    completed: false,
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (out.results.length >= n) return resolve(out.results.slice(0, n));
          if (out.errors.length) return reject(new Error(`subscription failed: ${JSON.stringify(out.errors)}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`only ${out.results.length} of ${n} results after ${timeoutMs} ms`));
          setTimeout(check, 20);
        };
        check();
      });
    },
    stop: () => {},
  };
  out.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        if (r.errors?.length) out.errors.push(r.errors);
        else out.results.push(r.data as T);
      },
      error: (e) => out.errors.push(e),
      complete: () => (out.completed = true),
    },
  );
  return out;
}
