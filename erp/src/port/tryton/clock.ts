/**
 * Tryton's business clock. Tryton reckons "today" with `ir.date.today` (the server's date in the
 * company's time zone, or the `date` of the context when one is set): that is the business date the
 * ports answer. Tryton keeps no business instant of its own, so the time is the server's.
 */
import type { ClockPort } from '../types.js';
import type { TrytonSession } from './session.js';

export function createTrytonClock(session: TrytonSession): ClockPort {
  return {
    async now() {
      const [ctx, m] = await Promise.all([session.rpc.context(), session.master()]);
      const date = await session.rpc.model<string | { year: number; month: number; day: number }>('ir.date', 'today', [], ctx);
      const day =
        typeof date === 'string'
          ? date.slice(0, 10)
          : `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
      return { date: day, at: new Date().toISOString(), ...(m.company.timezone ? { timezone: m.company.timezone } : {}) };
    },
  };
}
