/**
 * JSON logging (pino). Every line carries `service` and `correlationId` (the request's, or the
 * process's boot id outside a request) and, inside a request, the trace id.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { currentScope, newCorrelationId } from './context.js';

export type { Logger };

const bootCorrelationId = `boot-${newCorrelationId()}`;

export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const scope = currentScope();
      if (!scope) return { correlationId: bootCorrelationId };
      return { correlationId: scope.correlationId, traceId: scope.trace.traceId, spanId: scope.trace.spanId };
    },
  });
}
