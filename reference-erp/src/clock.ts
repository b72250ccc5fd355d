/**
 * The business clock. Real time by default, plus an offset that a demo or test can advance
 * (`POST /admin/clock/advance`) so fulfilment, due dates and ATP move on without waiting days.
 * The offset is stored, so a restart keeps the business date.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClockState } from './entities/index.js';

export class BusinessClock {
  private offsetMs = 0;

  private constructor(private readonly em: EntityManager) {}

  /** `start`: an ISO instant the clock should show now (only applied when no offset is stored yet). */
  static async load(em: EntityManager, start?: string): Promise<BusinessClock> {
    const clock = new BusinessClock(em.fork());
    const state = await clock.em.findOne(ClockState, { id: 1 });
    if (state) clock.offsetMs = Number(state.offsetMs);
    else {
      clock.offsetMs = start ? new Date(start).getTime() - Date.now() : 0;
      await clock.persist();
    }
    return clock;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today in UTC (`YYYY-MM-DD`); warehouses compute their own local day from `now()`. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Seeding only: put the clock at `instant` (history is replayed from the past up to now). */
  async set(instant: Date): Promise<void> {
    this.offsetMs = instant.getTime() - Date.now();
    await this.persist();
  }

  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the business clock only moves forward');
    this.offsetMs += ms;
    await this.persist();
    return this.now();
  }

  private async persist(): Promise<void> {
    await this.em.upsert(ClockState, { id: 1, offsetMs: String(Math.round(this.offsetMs)) as never });
  }
}
