/**
 * A JSON-RPC client for Tryton 6.0 (`POST /<database>/`): login (`common.db.login` → user id +
 * session, sent as `Authorization: Session base64(login:id:session)`), the user's preferences as
 * the call context, Tryton's typed JSON values (dates, datetimes, Decimals) and typed failures:
 * network errors, timeouts, 5xx and database contention are `ErpUnavailableError` (retry); a
 * Tryton `UserError` is `ErpRequestError` (422); a `UserWarning` is `TrytonWarning` (the caller
 * decides, e.g. a credit-limit warning is a credit hold).
 */
import { ErpRequestError, ErpUnavailableError } from '../types.js';
import { assertNoOpenTransaction } from '@portal/platform/remote-call-guard';

export interface TrytonRpcOptions {
  url: string;
  database: string;
  user: string;
  password: string;
  timeoutMs?: number;
}

/** A Tryton warning the user could accept (`res.user.warning`): e.g. the credit limit. */
export class TrytonWarning extends Error {
  constructor(
    readonly warningName: string,
    message: string,
  ) {
    super(message);
    this.name = 'TrytonWarning';
  }
}

/** Tryton's JSON for a date. */
export const tDate = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number);
  return { __class__: 'date', year, month, day };
};
/** Tryton's JSON for a (naive UTC) datetime, from an ISO instant. */
export const tDateTime = (iso: string) => {
  const d = new Date(iso);
  const micro = Number(iso.match(/\.(\d{1,6})/)?.[1]?.padEnd(6, '0') ?? 0);
  return {
    __class__: 'datetime',
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: micro,
  };
};
export const tDecimal = (s: string) => ({ __class__: 'Decimal', decimal: s });

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Tryton's typed values → plain JSON: dates 'YYYY-MM-DD', datetimes ISO with microseconds + 'Z', Decimals strings, timedeltas seconds. */
function revive(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && '__class__' in v) {
    const o = v as Record<string, number | string>;
    switch (o.__class__) {
      case 'date':
        return `${o.year}-${pad(o.month as number)}-${pad(o.day as number)}`;
      case 'datetime':
        return `${o.year}-${pad(o.month as number)}-${pad(o.day as number)}T${pad(o.hour as number)}:${pad(o.minute as number)}:${pad(o.second as number)}.${pad(o.microsecond as number, 6)}Z`;
      case 'Decimal':
        return String(o.decimal);
      case 'timedelta':
        return Number(o.seconds);
      case 'bytes':
        return Buffer.from(String(o.base64), 'base64');
    }
  }
  return v;
}

/** Microseconds since the epoch of an ISO datetime from `revive` (the change feed's cursor unit). */
export function micros(iso: string): number {
  const ms = Date.parse(iso);
  const frac = Number(iso.match(/\.(\d{6})/)?.[1] ?? 0) % 1000;
  return ms * 1000 + frac;
}

/** What the client has sent so far: JSON-RPC calls (logins included) and their time, per method. */
export interface RpcStats {
  calls: number;
  ms: number;
  byMethod: Record<string, { calls: number; ms: number }>;
}

export interface TrytonRpc {
  /** `model.<name>.<method>` with positional args; the context is appended. */
  model<T = unknown>(name: string, method: string, args: unknown[], context?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Any other method, e.g. `report.account.invoice.execute`. */
  call<T = unknown>(method: string, params: unknown[], timeoutMs?: number): Promise<T>;
  /** The user's context (company, language...) as Tryton's client would send it. */
  context(): Promise<Record<string, unknown>>;
  userId(): Promise<number>;
  ping(): Promise<boolean>;
  /** Calls made through this client so far (a copy; subtract two snapshots to measure an operation). */
  stats(): RpcStats;
  /** The same client (login, counters) with another default timeout per call. */
  withTimeout(ms: number): TrytonRpc;
}

/** Every client of this process together (e.g. the subgraphs of one stack): calls and time per method. */
const processStats: RpcStats = { calls: 0, ms: 0, byMethod: {} };
export const trytonRpcTotals = (): RpcStats => ({
  calls: processStats.calls,
  ms: processStats.ms,
  byMethod: Object.fromEntries(Object.entries(processStats.byMethod).map(([k, v]) => [k, { ...v }])),
});

export function createTrytonRpc(opts: TrytonRpcOptions): TrytonRpc {
  const endpoint = `${opts.url.replace(/\/$/, '')}/${encodeURIComponent(opts.database)}/`;
  const loginMs = Math.max(opts.timeoutMs ?? 10_000, 10_000);
  let session: Promise<{ auth: string; userId: number; context: Record<string, unknown> }> | null = null;
  let seq = 0;
  const stats: RpcStats = { calls: 0, ms: 0, byMethod: {} };

  async function post(method: string, params: unknown[], auth: string | null, ms: number, url = endpoint): Promise<unknown> {
    assertNoOpenTransaction(`Tryton ${method}`);
    const started = performance.now();
    try {
      return await send(method, params, auth, ms, url);
    } finally {
      const took = performance.now() - started;
      for (const st of [stats, processStats]) {
        const m = (st.byMethod[method] ??= { calls: 0, ms: 0 });
        m.calls++;
        m.ms += took;
        st.calls++;
        st.ms += took;
      }
    }
  }

  async function send(method: string, params: unknown[], auth: string | null, ms: number, url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ id: ++seq, method, params }),
        signal: AbortSignal.timeout(ms),
      });
    } catch (err) {
      throw new ErpUnavailableError(`Tryton unreachable or timed out (${method}): ${(err as Error).message}`, err);
    }
    if (res.status === 401 || res.status === 403) throw new SessionExpired();
    if (res.status === 429 || res.status >= 500) throw new ErpUnavailableError(`Tryton answered ${res.status} for ${method}`);
    if (!res.ok) throw new ErpRequestError(res.status, 'TRYTON_ERROR', `Tryton answered ${res.status} for ${method}`);
    let body: { result?: unknown; error?: unknown };
    try {
      body = JSON.parse(await res.text(), revive) as typeof body;
    } catch (err) {
      throw new ErpUnavailableError(`Tryton response for ${method} was incomplete`, err);
    }
    if (body.error !== undefined && body.error !== null) throw toError(method, body.error);
    return body.result;
  }

  function login() {
    session ??= (async () => {
      // The login is shared by every timeout of this client: a caller's short timeout is not the login's.
      const result = (await post('common.db.login', [opts.user, { password: opts.password }, 'en'], null, loginMs).catch((err) => {
        session = null;
        if (err instanceof SessionExpired)
          throw new ErpRequestError(401, 'TRYTON_LOGIN_FAILED', `Tryton refused the login of ${opts.user}`);
        throw err;
      })) as [number, string];
      const [userId, key] = result;
      const auth = `Session ${Buffer.from(`${opts.user}:${userId}:${key}`).toString('base64')}`;
      const prefs = (await post('model.res.user.get_preferences', [true, {}], auth, loginMs)) as Record<string, unknown>;
      return { auth, userId, context: prefs };
    })();
    return session;
  }

  async function withSession<T>(fn: (s: Awaited<ReturnType<typeof login>>) => Promise<T>): Promise<T> {
    const s = await login();
    try {
      return await fn(s);
    } catch (err) {
      if (!(err instanceof SessionExpired)) throw err;
      session = null; // expired or server restarted: log in once more
      return fn(await login());
    }
  }

  const client = (timeoutMs: number): TrytonRpc => ({
    model: (name, method, args, context = {}, ms = timeoutMs) =>
      withSession(async (s) => (await post(`model.${name}.${method}`, [...args, { ...s.context, ...context }], s.auth, ms)) as never),
    call: (method, params, ms = timeoutMs) => withSession(async (s) => (await post(method, params, s.auth, ms)) as never),
    context: async () => (await login()).context,
    userId: async () => (await login()).userId,
    async ping() {
      try {
        // Server-wide methods answer on the root, not on the database path.
        await post('common.server.version', [], null, 2_000, `${opts.url.replace(/\/$/, '')}/`);
        return true;
      } catch {
        return false;
      }
    },
    stats: () => ({
      calls: stats.calls,
      ms: stats.ms,
      byMethod: Object.fromEntries(Object.entries(stats.byMethod).map(([k, v]) => [k, { ...v }])),
    }),
    withTimeout: (ms) => client(ms),
  });
  return client(opts.timeoutMs ?? 10_000);
}

/** What happened between two snapshots of `stats()`. */
export function rpcDelta(before: RpcStats, after: RpcStats): RpcStats {
  const byMethod: RpcStats['byMethod'] = {};
  for (const [k, v] of Object.entries(after.byMethod)) {
    const b = before.byMethod[k] ?? { calls: 0, ms: 0 };
    if (v.calls > b.calls) byMethod[k] = { calls: v.calls - b.calls, ms: v.ms - b.ms };
  }
  return { calls: after.calls - before.calls, ms: after.ms - before.ms, byMethod };
}

class SessionExpired extends Error {}

/** Tryton's error payloads: `[exception name, args]` for its own exceptions, `[message, traceback]` for a crash. */
function toError(method: string, error: unknown): Error {
  if (Array.isArray(error)) {
    const [kind, args] = error as [string, unknown];
    const list = Array.isArray(args) ? (args as unknown[]) : [args];
    if (kind === 'UserWarning') return new TrytonWarning(String(list[0]), String(list[1] ?? list[0]));
    if (kind === 'UserError') return new ErpRequestError(422, 'TRYTON_USER_ERROR', String(list[0]));
    if (kind === 'AccessError') return new ErpRequestError(403, 'TRYTON_ACCESS_DENIED', String(list[0]));
    if (kind === 'ConcurrencyException') return new ErpUnavailableError(`Tryton concurrency conflict in ${method}: ${String(list[0])}`);
    if (kind === 'NotLogged') return new SessionExpired();
    if (/could not serialize|could not obtain lock|deadlock|lock_not_available|OperationalError/i.test(String(kind)))
      return new ErpUnavailableError(`Tryton database busy in ${method}: ${String(kind)}`);
    return new ErpRequestError(502, 'TRYTON_ERROR', `Tryton failed in ${method}: ${String(kind).slice(0, 500)}`);
  }
  return new ErpRequestError(502, 'TRYTON_ERROR', `Tryton failed in ${method}: ${JSON.stringify(error).slice(0, 500)}`);
}
