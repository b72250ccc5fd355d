/** Polling wait for e2e tests: instead of fixed sleeps, wait until a condition holds (or fail). */

export interface WaitForOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Default 10 ms. */
  intervalMs?: number;
  /** Shown in the timeout error; a function is evaluated then, so it can describe the state. */
  message?: string | (() => string);
}

/**
 * Resolves with the predicate's first truthy result; rejects after the timeout. A predicate that
 * throws is retried (the condition may not hold yet), and its last error is reported on timeout.
 */
export async function waitFor<R>(predicate: () => R | Promise<R>, timeoutOrOptions: number | WaitForOptions = {}): Promise<NonNullable<R>> {
  const opts = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await predicate();
      if (result) return result as NonNullable<R>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = typeof opts.message === 'function' ? opts.message() : (opts.message ?? 'condition');
      throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`, lastError ? { cause: lastError } : undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
