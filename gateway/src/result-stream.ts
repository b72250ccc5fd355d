/**
 * Results in several payloads as one stream: a subscription's events, or a deferred query's
 * parts, each formatted by the pipeline on its way out.
 */
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { Logger } from '@portal/platform/logger';
import type { IncrementalResult, ResultStream } from './pipeline-model.js';
import { subscriptionClosed, subscriptionOpened } from './telemetry.js';

/**
 * A subscription's results (or a deferred query's payloads), formatted; a subscription is counted
 * in the active-subscriptions gauge from start to end (exactly once). Not an async generator
 * function: `return()` must reach the executor's stream while a `next()` is still waiting for the
 * upstream, which is how a client that goes away ends the upstream subscription at once.
 */
export function resultStream(
  inner: AsyncGenerator<IncrementalResult>,
  format: (r: IncrementalResult) => FormattedExecutionResult,
  logger: Logger,
  subscription: boolean,
): ResultStream {
  if (subscription) subscriptionOpened();
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    if (subscription) subscriptionClosed();
  };
  const stream: ResultStream = {
    async next() {
      if (!open) return { done: true, value: undefined };
      try {
        const r = await inner.next();
        if (r.done) {
          finish();
          return { done: true, value: undefined };
        }
        return { done: false, value: format(r.value) };
      } catch (err) {
        finish();
        logger.warn({ err: (err as Error)?.message }, 'subscription stream failed');
        throw err;
      }
    },
    async return() {
      finish();
      await inner.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(err: unknown) {
      finish();
      await inner.return(undefined);
      throw err;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** A throw from an executor: an error for the client without the details (formatErrors logs them). */
export const unexpected = (err: unknown): GraphQLError =>
  err instanceof GraphQLError ? err : new GraphQLError('internal error', { originalError: err instanceof Error ? err : null });
