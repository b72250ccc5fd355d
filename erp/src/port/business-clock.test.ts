/** The service-side business clock: memoised briefly, shared in flight, and carried on while the ERP is away. */
import { describe, expect, it } from 'vitest';
import { createBusinessClock } from './business-clock.js';
import { ErpRequestError, ErpUnavailableError, type BusinessNow, type ClockPort } from './types.js';

/** An ERP clock that counts its calls; `answer` decides each one. */
function erpClock(answer: () => Promise<BusinessNow>) {
  const port: ClockPort & { calls: number } = {
    calls: 0,
    now() {
      port.calls++;
      return answer();
    },
  };
  return port;
}

describe('business clock', () => {
  it('answers from the memo within the TTL and asks the ERP again after it', async () => {
    let wall = 1_000_000;
    let erpNow: BusinessNow = { date: '2027-01-10', at: '2027-01-10T09:00:00.000Z', timezone: 'UTC' };
    const port = erpClock(async () => erpNow);
    const clock = createBusinessClock(port, { ttlMs: 1_000, wallClock: () => wall });
    expect(await clock.today()).toBe('2027-01-10');
    wall += 999;
    erpNow = { date: '2027-01-31', at: '2027-01-31T09:00:00.000Z', timezone: 'UTC' };
    expect(await clock.today()).toBe('2027-01-10');
    expect(port.calls).toBe(1);
    wall += 1;
    expect(await clock.today()).toBe('2027-01-31');
    expect(port.calls).toBe(2);
  });

  it('moves the memoised instant on with the machine clock, so facts stamped within the TTL keep their order', async () => {
    let wall = 2_000_000;
    const port = erpClock(async () => ({ date: '2027-01-10', at: '2027-01-10T09:00:00.000Z', timezone: 'UTC' }));
    const clock = createBusinessClock(port, { ttlMs: 1_000, wallClock: () => wall });
    expect((await clock.now()).at).toBe('2027-01-10T09:00:00.000Z');
    wall += 400;
    expect(await clock.now()).toEqual({ date: '2027-01-10', at: '2027-01-10T09:00:00.400Z', timezone: 'UTC' });
    expect(port.calls).toBe(1);
  });

  it('shares one ERP call between concurrent readers', async () => {
    let release!: (v: BusinessNow) => void;
    const port = erpClock(() => new Promise((r) => (release = r)));
    const clock = createBusinessClock(port);
    const reads = Promise.all([clock.now(), clock.now(), clock.today()]);
    release({ date: '2027-02-01', at: '2027-02-01T00:00:00.000Z' });
    expect(await reads).toEqual([
      { date: '2027-02-01', at: '2027-02-01T00:00:00.000Z' },
      { date: '2027-02-01', at: '2027-02-01T00:00:00.000Z' },
      '2027-02-01',
    ]);
    expect(port.calls).toBe(1);
  });

  it('invalidate makes the next read ask the ERP', async () => {
    let day = '2027-03-01';
    const port = erpClock(async () => ({ date: day, at: `${day}T12:00:00.000Z` }));
    const clock = createBusinessClock(port, { ttlMs: 60_000 });
    expect(await clock.today()).toBe('2027-03-01');
    day = '2027-03-22';
    expect(await clock.today()).toBe('2027-03-01');
    clock.invalidate();
    expect(await clock.today()).toBe('2027-03-22');
  });

  it('carries the last known business time on with the machine clock while the ERP is unavailable', async () => {
    let wall = 5_000_000;
    let down = false;
    const port = erpClock(async () => {
      if (down) throw new ErpUnavailableError('ERP unreachable');
      return { date: '2027-04-30', at: '2027-04-30T23:00:00.000Z', timezone: 'UTC' };
    });
    const errors: unknown[] = [];
    const clock = createBusinessClock(port, { ttlMs: 1_000, wallClock: () => wall, onError: (e) => errors.push(e) });
    expect(await clock.today()).toBe('2027-04-30');
    down = true;
    wall += 2 * 3_600_000; // two hours later: past midnight on the business clock
    expect(await clock.now()).toEqual({ date: '2027-05-01', at: '2027-05-01T01:00:00.000Z', timezone: 'UTC' });
    expect(errors).toHaveLength(1);
    expect(clock.peek().date).toBe('2027-05-01');
  });

  it('reckons the carried-on date in the ERP time zone', async () => {
    let wall = 0;
    const port = erpClock(async () => {
      if (wall > 0) throw new ErpRequestError(500, 'ERP_ERROR', 'refused');
      return { date: '2027-06-01', at: '2027-06-01T20:00:00.000Z', timezone: 'Europe/Berlin' };
    });
    const clock = createBusinessClock(port, { ttlMs: 1, wallClock: () => wall });
    expect(await clock.today()).toBe('2027-06-01');
    wall = 3 * 3_600_000; // 23:00 UTC is 01:00 on the 2nd in Berlin
    expect(await clock.today()).toBe('2027-06-02');
  });

  it('uses the machine time before it ever reached the ERP, and does not hide other errors', async () => {
    const wall = Date.parse('2027-07-04T10:00:00Z');
    const clock = createBusinessClock(
      erpClock(async () => Promise.reject(new ErpUnavailableError('down'))),
      { wallClock: () => wall },
    );
    expect(await clock.now()).toEqual({ date: '2027-07-04', at: '2027-07-04T10:00:00.000Z' });
    const broken = createBusinessClock(erpClock(async () => Promise.reject(new TypeError('bug'))));
    await expect(broken.now()).rejects.toThrow('bug');
  });
});
