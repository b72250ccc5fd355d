/**
 * JSON logging (pino). Every line carries `service` and `correlationId` (the request's, or the
 * process's boot id outside a request) and, inside a request, the trace id.
 *
 * Where lines go: JSON on stdout by default (what a deployment collects); with `LOG_DIR`, JSON into
 * `<LOG_DIR>/<service>.log` (what `pnpm start` does, so the terminal shows progress only);
 * `LOG_FORMAT=json` forces stdout, `LOG_FORMAT=pretty` writes short readable lines to stderr.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { currentScope, newCorrelationId } from './context.js';

export type { Logger };

const bootCorrelationId = `boot-${newCorrelationId()}`;

export interface LogSettings {
  LOG_LEVEL?: LevelWithSilent;
  LOG_FORMAT?: 'json' | 'pretty' | undefined;
  LOG_DIR?: string | undefined;
}

const LEVEL_NAMES: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};
const PRETTY_SKIP = new Set(['level', 'time', 'service', 'msg', 'correlationId', 'traceId', 'spanId']);

/** Short readable lines: time, level, service, message, then the other fields as key=value. */
function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = typeof o.time === 'string' ? o.time.slice(11, 23) : '';
      const rest = Object.entries(o)
        .filter(([k]) => !PRETTY_SKIP.has(k))
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      out.write(
        `${time} ${LEVEL_NAMES[String(o.level)] ?? String(o.level)} ${String(o.service)}: ${String(o.msg ?? '')}${rest ? `  ${rest}` : ''}\n`,
      );
    },
  };
}

function destination(service: string, s: LogSettings): DestinationStream | undefined {
  if (s.LOG_FORMAT === 'pretty') return prettyStream(process.stderr);
  if (s.LOG_FORMAT === 'json' || !s.LOG_DIR) return undefined; // stdout
  mkdirSync(s.LOG_DIR, { recursive: true });
  return pino.destination({ dest: path.join(s.LOG_DIR, `${service}.log`), sync: false, mkdir: true });
}

/** A service's logger; `settings` is a level, or the service's config (LOG_LEVEL, LOG_FORMAT, LOG_DIR). */
export function createLogger(service: string, settings: LevelWithSilent | LogSettings = 'info'): Logger {
  const s: LogSettings = typeof settings === 'string' ? { LOG_LEVEL: settings } : settings;
  const options = {
    level: s.LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin() {
      const scope = currentScope();
      if (!scope) return { correlationId: bootCorrelationId };
      return { correlationId: scope.correlationId, traceId: scope.trace.traceId, spanId: scope.trace.spanId };
    },
  };
  const dest = destination(service, s);
  return dest ? pino(options, dest) : pino(options);
}
