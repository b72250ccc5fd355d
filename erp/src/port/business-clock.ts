/**
 * The business clock a service reads: the ERP's business date and time (its `ClockPort`), kept for a
 * short while (and moved on with the machine clock meanwhile) so a request does not add an ERP
 * round trip. Every business-dated decision — pricing
 * date, contract validity, quote validity, ATP, due dates and aging, report defaults, the business
 * time of timeline facts — takes its date from here, never from the machine. The machine's clock is
 * for technical stamps only (row timestamps, timeouts, retries).
 *
 * When the ERP cannot be asked, the last known business time moves on with the machine's clock; a
 * service that has never reached the ERP uses the machine's time until it does.
 */
import { ErpRequestError, ErpUnavailableError, type BusinessNow, type ClockPort } from './types.js';

export interface BusinessClock {
  /** The business date and instant now (from the memo when it is younger than `ttlMs`). */
  now(): Promise<BusinessNow>;
  /** The business date, `YYYY-MM-DD`. */
  today(): Promise<string>;
  /**
   * Without asking the ERP: the last known business time moved on by the machine time elapsed since
   * (for paths that must not wait, e.g. an answer while the ERP is down).
   */
  peek(): BusinessNow;
  /** Forget the memo: the next read asks the ERP (e.g. when its feed says the clock moved). */
  invalidate(): void;
}

export const DEFAULT_BUSINESS_CLOCK_TTL_MS = 1_000;

/** The calendar day of `instant` in `timeZone` (UTC when none or unknown). */
function dayOf(instant: Date, timeZone?: string): string {
  if (!timeZone || timeZone === 'UTC') return instant.toISOString().slice(0, 10);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}

export function createBusinessClock(
  port: ClockPort,
  opts: { ttlMs?: number; onError?: (err: unknown) => void; wallClock?: () => number } = {},
): BusinessClock {
  const ttlMs = opts.ttlMs ?? DEFAULT_BUSINESS_CLOCK_TTL_MS;
  const wall = opts.wallClock ?? Date.now;
  /** The last answer and the machine time it was read at. */
  let known: { value: BusinessNow; readAt: number } | null = null;
  let inFlight: Promise<BusinessNow> | null = null;
  let generation = 0;

  /** The last known business time, moved on by the machine time elapsed since. */
  function extrapolate(): BusinessNow {
    if (!known) {
      const at = new Date(wall());
      return { date: dayOf(at), at: at.toISOString() };
    }
    const elapsed = wall() - known.readAt;
    const at = new Date(Date.parse(known.value.at) + elapsed);
    return { ...known.value, date: dayOf(at, known.value.timezone), at: at.toISOString() };
  }

  function read(): Promise<BusinessNow> {
    const gen = generation;
    const readAt = wall();
    const p = port.now().then(
      (value) => {
        if (gen === generation) known = { value, readAt };
        return value;
      },
      (err: unknown) => {
        if (!(err instanceof ErpUnavailableError || err instanceof ErpRequestError)) throw err;
        opts.onError?.(err);
        return extrapolate();
      },
    );
    inFlight = p;
    const done = () => {
      if (inFlight === p) inFlight = null;
    };
    p.then(done, done);
    return p;
  }

  const clock: BusinessClock = {
    now() {
      if (known && wall() - known.readAt < ttlMs) {
        // The memo's instant moved on by the machine time since the read (the business clock runs
        // while it is memoised): facts stamped a moment apart keep their order. The date stays the
        // ERP's own within the short TTL.
        const at = new Date(Date.parse(known.value.at) + (wall() - known.readAt)).toISOString();
        return Promise.resolve({ ...known.value, at });
      }
      return inFlight ?? read();
    },
    peek: extrapolate,
    async today() {
      return (await clock.now()).date;
    },
    invalidate() {
      generation++;
      known = null;
      inFlight = null;
    },
  };
  return clock;
}
