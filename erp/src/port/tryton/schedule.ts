/**
 * Schedule lines over Tryton's stock moves. Tryton 6.0 plans one customer move per sale line, dated
 * by the product's sale lead time and the sale's shipping date, and a customer shipment groups the
 * moves of one planned date. The promise the portal makes at submit (its ATP answer: dated
 * quantities, each resting on supply or on the lead time) is kept two ways:
 *
 * - in the moves themselves: right after Tryton confirms the sale, a line promised on two dates
 *   gets two moves in two shipments, each on its date (`applyPromise`), so that Tryton's own stock
 *   forecast, its shipments and later availability answers all see what was promised;
 * - in the sale line's note (`portal-promise: 30 on 2026-12-07 (SUPPLY), …`), which also keeps what
 *   Tryton has no field for: the basis of each date, and the line's own requested date
 *   (`portal-requested: …`; Tryton 6.0 keeps a requested shipping date per sale, not per line).
 *
 * Schedule lines are read back from the moves (planned date and quantity, as Tryton's users may have
 * changed them); only the basis comes from the note.
 */
import type { AvailabilityAnswer, ErpScheduleLine } from '../types.js';
import { tDate } from './rpc.js';
import { today, type Row, type TrytonSession } from './session.js';

export interface PromisePart {
  date: string;
  quantity: number;
  basis: 'SUPPLY' | 'LEAD_TIME';
}

export interface LineNote {
  requested: string | null;
  promise: PromisePart[];
}

const REQUESTED = /^portal-requested:\s*(\d{4}-\d{2}-\d{2})\s*$/m;
const PROMISE = /^portal-promise:(.*)$/m;
const PART = /(\d+(?:\.\d+)?) on (\d{4}-\d{2}-\d{2}) \((SUPPLY|LEAD_TIME)\)/g;

/** What the adapter wrote in a sale line's note (a note without it: no requested date, no promise). */
export function readLineNote(note: unknown): LineNote {
  const text = String(note ?? '');
  const promise = [...(PROMISE.exec(text)?.[1] ?? '').matchAll(PART)].map((m) => ({
    quantity: Number(m[1]),
    date: m[2]!,
    basis: m[3] as PromisePart['basis'],
  }));
  return { requested: REQUESTED.exec(text)?.[1] ?? null, promise };
}

/** The note's text for a line: the requested date and the promise, each on its own line. */
export function lineNoteText(n: LineNote): string | null {
  const lines = [
    ...(n.requested ? [`portal-requested: ${n.requested}`] : []),
    ...(n.promise.length ? [`portal-promise: ${n.promise.map((p) => `${p.quantity} on ${p.date} (${p.basis})`).join(', ')}`] : []),
  ];
  return lines.length ? lines.join('\n') : null;
}

/** The promise of an availability answer: one part per date (Tryton has no outbound days: available = delivered). */
export function promiseOf(answer: Pick<AvailabilityAnswer, 'scheduleLines'>): PromisePart[] {
  return mergeByDate(answer.scheduleLines.map((s) => ({ date: s.deliveryDate, quantity: s.quantity, basis: s.basis })));
}

function mergeByDate(parts: PromisePart[]): PromisePart[] {
  const out: PromisePart[] = [];
  for (const p of [...parts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const last = out[out.length - 1];
    if (last?.date === p.date) out[out.length - 1] = { ...last, quantity: last.quantity + p.quantity, basis: worse(last.basis, p.basis) };
    else out.push({ ...p });
  }
  return out;
}

const worse = (a: PromisePart['basis'], b: PromisePart['basis']) => (a === 'LEAD_TIME' || b === 'LEAD_TIME' ? 'LEAD_TIME' : 'SUPPLY');

/** A customer move (sale line → customer), not a return. */
export const isCustomerMove = (mv: Row) => mv['to_location.']?.type === 'customer';

/**
 * A line's schedule lines: its live customer moves, one per planned date (a done move keeps the date
 * it was planned for). The basis of a date is the promise's; a date the promise did not make (Tryton's
 * users re-planned) rests on the lead time when it is on or after a promised lead-time date.
 */
export function scheduleFromMoves(moves: Row[], promise: PromisePart[], fallbackDate: string): ErpScheduleLine[] {
  const dated = moves
    .filter((mv) => isCustomerMove(mv) && mv.state !== 'cancelled')
    .map((mv) => ({
      date: (mv.planned_date as string | null) ?? (mv.effective_date as string | null) ?? fallbackDate,
      quantity: Number(mv.quantity),
      basis: 'SUPPLY' as const,
    }));
  const leadTimeFrom = promise
    .filter((p) => p.basis === 'LEAD_TIME')
    .map((p) => p.date)
    .sort()[0];
  return mergeByDate(dated).map((p) => {
    const basis = promise.find((x) => x.date === p.date)?.basis ?? (leadTimeFrom && p.date >= leadTimeFrom ? 'LEAD_TIME' : 'SUPPLY');
    return { availableDate: p.date, deliveryDate: p.date, quantity: p.quantity, basis };
  });
}

/** Fields of a sale read to apply a promise: its shipments and every field a new move needs. */
export const PLAN_FIELDS = [
  'state',
  'lines.type',
  'lines.note',
  'lines.moves.state',
  'lines.moves.quantity',
  'lines.moves.planned_date',
  'lines.moves.to_location.type',
  'lines.moves.shipment',
  'lines.moves.product',
  'lines.moves.uom',
  'lines.moves.from_location',
  'lines.moves.to_location',
  'lines.moves.company',
  'lines.moves.unit_price',
  'lines.moves.currency',
  'shipments.state',
  'shipments.planned_date',
  'shipments.customer',
  'shipments.delivery_address',
  'shipments.warehouse',
  'shipments.company',
];

interface MovePlan {
  /** The move kept for this part (its quantity rewritten), or null for a new move like `template`. */
  move: Row | null;
  template: Row;
  lineId: number;
  date: string;
  quantity: number;
}

/**
 * Makes the sale's customer moves say its lines' promises: per line one move per promised date, in
 * one shipment per date. Only right after confirmation (every shipment still draft or waiting, every
 * move draft, the moves adding up to the promise); a sale already in the warehouse's hands is left as
 * Tryton has it. Returns whether anything changed. Dates before today move to today. A promise that
 * only moves dates is one write (the shipments' planned dates, which their moves follow).
 */
export async function applyPromise(session: TrytonSession, sale: Row): Promise<boolean> {
  const { rpc } = session;
  const day = today();
  const shipments = (sale['shipments.'] as Row[] | undefined) ?? [];
  if (!shipments.length || shipments.some((s) => !['draft', 'waiting'].includes(s.state as string))) return false;
  const lines = ((sale['lines.'] as Row[] | undefined) ?? []).filter((l) => l.type === 'line').sort((a, b) => a.id - b.id);
  const plans: MovePlan[] = [];
  let differs = false;
  for (const l of lines) {
    const moves = ((l['moves.'] as Row[]) ?? []).filter((mv) => isCustomerMove(mv) && mv.state !== 'cancelled').sort((a, b) => a.id - b.id);
    if (!moves.length) continue;
    if (moves.some((mv) => mv.state !== 'draft')) return false;
    const current = mergeByDate(
      moves.map((mv) => ({ date: String(mv.planned_date ?? ''), quantity: Number(mv.quantity), basis: 'SUPPLY' })),
    );
    const promise = readLineNote(l.note).promise.map((p) => ({ ...p, date: p.date < day ? day : p.date }));
    const parts = promise.length ? mergeByDate(promise) : current;
    const total = (ps: { quantity: number }[]) => ps.reduce((t, p) => t + p.quantity, 0);
    if (total(parts) !== total(current)) return false; // Tryton plans another quantity than was promised: leave it
    if (moves.length !== parts.length || parts.some((p, i) => p.date !== current[i]!.date || p.quantity !== current[i]!.quantity))
      differs = true;
    parts.forEach((p, i) =>
      plans.push({ move: moves[i] ?? null, template: moves[0]!, lineId: l.id as number, date: p.date, quantity: p.quantity }),
    );
    // More moves than dates: the extra ones go (their quantity is in the kept ones).
    for (const extra of moves.slice(parts.length))
      plans.push({ move: extra, template: extra, lineId: l.id as number, date: '', quantity: 0 });
  }
  if (!differs) return false;

  // One shipment per date: an existing shipment already on the date, else any existing one, else a new one.
  const dates = [...new Set(plans.filter((p) => p.quantity > 0).map((p) => p.date))].sort();
  const free = [...shipments].sort((a, b) => a.id - b.id);
  const shipmentOf = new Map<string, Row | null>();
  for (const d of dates) {
    const i = free.findIndex((s) => s.planned_date === d);
    if (i >= 0) shipmentOf.set(d, free.splice(i, 1)[0]!);
  }
  for (const d of dates) if (!shipmentOf.has(d)) shipmentOf.set(d, free.shift() ?? null);

  // Waiting shipments are changed as they are (Tryton re-plans a waiting shipment: waiting → waiting), never
  // taken back to draft, so a clerk looking at them meanwhile never finds them gone.
  const quantityWrites = plans
    .filter((p) => p.move && p.quantity > 0 && Number(p.move.quantity) !== p.quantity)
    .flatMap((p) => [[p.move!.id], { quantity: p.quantity }]);
  if (quantityWrites.length) await rpc.model('stock.move', 'write', quantityWrites);

  const newMove = (p: MovePlan) => ({
    product: p.template.product,
    uom: p.template.uom,
    quantity: p.quantity,
    from_location: p.template.from_location,
    to_location: p.template.to_location,
    company: p.template.company,
    unit_price: p.template.unit_price === null ? null : { __class__: 'Decimal', decimal: String(p.template.unit_price) },
    currency: p.template.currency,
    origin: `sale.line,${p.lineId}`,
    planned_date: tDate(p.date),
  });
  const shipmentRef = (id: number) => `stock.shipment.out,${id}`;
  const movesFor = (d: string, into: number | null) => {
    const forDate = plans.filter((p) => p.quantity > 0 && p.date === d);
    const add = forDate.filter((p) => p.move && (into === null || p.move.shipment !== shipmentRef(into))).map((p) => p.move!.id as number);
    const create = forDate.filter((p) => !p.move).map(newMove);
    return [...(add.length ? [['add', add]] : []), ...(create.length ? [['create', create]] : [])];
  };
  let moved = false;
  const writes = dates
    .filter((d) => shipmentOf.get(d))
    .flatMap((d) => {
      const shipment = shipmentOf.get(d)!;
      const moves = movesFor(d, shipment.id as number);
      if (moves.length) moved = true;
      if (!moves.length && shipment.planned_date === d) return [];
      return [[shipment.id], { planned_date: tDate(d), ...(moves.length ? { outgoing_moves: moves } : {}) }];
    });
  if (writes.length) await rpc.model('stock.shipment.out', 'write', writes);
  const template = shipments[0]!;
  const created = dates.filter((d) => !shipmentOf.get(d));
  const newIds = created.length
    ? await rpc.model<number[]>('stock.shipment.out', 'create', [
        created.map((d) => ({
          customer: template.customer,
          delivery_address: template.delivery_address,
          warehouse: template.warehouse,
          company: template.company,
          planned_date: tDate(d),
          outgoing_moves: movesFor(d, null),
        })),
      ])
    : [];
  const dropped = plans.filter((p) => p.move && p.quantity === 0).map((p) => p.move!.id as number);
  if (dropped.length) await rpc.model('stock.move', 'delete', [dropped]);
  if (free.length) await rpc.model('stock.shipment.out', 'delete', [free.map((s) => s.id as number)]);
  // Only a change of quantities or moves needs the inventory moves made again; new dates reach them with the shipment's.
  if (quantityWrites.length || moved || newIds.length || dropped.length) {
    const used = [...dates.map((d) => shipmentOf.get(d)?.id as number | undefined).filter((x): x is number => x !== undefined), ...newIds];
    await rpc.model('stock.shipment.out', 'wait', [used]);
  }
  return true;
}
