/**
 * @portal/atp-engine: cumulative availability-to-promise, scheduling over working calendars and
 * the business-date arithmetic they need. Pure (no I/O, no clock): the reference ERP and the
 * Tryton adapter load stock and movements and pass "now".
 */
export * from './atp.js';
export * from './calendar.js';
