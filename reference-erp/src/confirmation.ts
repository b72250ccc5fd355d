/** Confirming order lines against ATP: schedule lines, confirmed quantities and the dated issues later checks see. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ItemSupply, WarehouseParams } from '@portal/atp-engine';
import { checkAvailability } from './availability.js';
import type { ErpContext } from './context.js';
import type { CustomerEntity, ItemEntity, MovementEntity, ScheduleLine, SalesOrderEntity, SalesOrderLineEntity } from './entities/index.js';
import { Movement } from './entities/index.js';
import { lock } from './locks.js';

/** Confirm a line against ATP: schedule lines become dated issues that later checks see. */
export async function confirmLine(
  ctx: ErpContext,
  tx: EntityManager,
  order: SalesOrderEntity,
  line: SalesOrderLineEntity,
  customer: CustomerEntity,
): Promise<void> {
  await lock(tx, `atp:${line.sku}@${order.warehouseId}`);
  const [atp] = await checkAvailability(tx, ctx.clock.now(), customer, [
    {
      lineId: line.id,
      sku: line.sku,
      quantity: line.quantity,
      requestedDeliveryDate: line.requestedDeliveryDate ?? order.requestedDeliveryDate ?? null,
      warehouseId: order.warehouseId,
    },
  ]);
  if (!atp) throw new Error('availability check returned no answer');
  bookConfirmation(tx, order.warehouseId, line, atp.scheduleLines);
}

/** A line confirmed on these schedule lines: status, confirmed quantity and its ATP issues. */
function bookConfirmation(tx: EntityManager, warehouseId: string, line: SalesOrderLineEntity, scheduleLines: ScheduleLine[]): void {
  confirmedOn(line, scheduleLines);
  bookIssues(tx, warehouseId, line.id, line.sku, scheduleLines);
}

export function confirmedOn(
  line: Pick<SalesOrderLineEntity, 'scheduleLines' | 'confirmedQuantity' | 'status'>,
  scheduleLines: ScheduleLine[],
): void {
  line.scheduleLines = scheduleLines;
  line.confirmedQuantity = scheduleLines.reduce((s, l) => s + l.quantity, 0);
  line.status = 'CONFIRMED';
}

/**
 * The schedule lines a confirmation books as issues. A confirmation at the replenishment lead time
 * rests on supply procured for it, not on what is there: booked as an issue, it would use up
 * (cumulative ATP looks ahead) stock on hand that a later order could ship today. At the lead time
 * everything is available anyway.
 */
const bookedIssues = (scheduleLines: ScheduleLine[]) => scheduleLines.filter((sl) => sl.basis !== 'LEAD_TIME');

/** The dated issues of a confirmation, which later checks see. */
function bookIssues(tx: EntityManager, warehouseId: string, lineId: string, sku: string, scheduleLines: ScheduleLine[]): void {
  for (const m of issueRows(warehouseId, lineId, sku, scheduleLines)) tx.create(Movement, m);
}

/** A movement as its row holds it. */
export type MovementRow = MovementEntity;

/** The movements that book a line's schedule lines as issues (`<line id>#<schedule line>`). */
function issueRows(warehouseId: string, lineId: string, sku: string, scheduleLines: ScheduleLine[]): MovementRow[] {
  return scheduleLines.flatMap((sl, i) =>
    sl.basis === 'LEAD_TIME'
      ? []
      : [{ id: `${lineId}#${i + 1}`, sku, warehouseId, date: sl.availableDate, quantity: -sl.quantity, kind: 'SALES_ORDER', ref: lineId }],
  );
}

/**
 * The schedule lines of a new order's lines, by index, from the stock and movements the caller
 * read under the lines' ATP locks (`supply`, which is updated): one availability check per round —
 * the first line of each SKU in the first round, a second line of the same SKU in the next, which
 * sees what the first would book — the same answers as checking the lines one by one. Nothing is
 * read or written: the issues are booked by `newIssueRows` once the lines have their ids.
 */
export async function confirmNewLines(
  ctx: ErpContext,
  tx: EntityManager,
  customer: Pick<CustomerEntity, 'defaultWarehouse' | 'partialDelivery'>,
  warehouseId: string,
  lines: { index: number; sku: string; quantity: number; requestedDeliveryDate: string | null }[],
  known: {
    items: Map<string, Pick<ItemEntity, 'leadTimeDays'>>;
    warehouses: Map<string, WarehouseParams>;
    supply: Map<string, ItemSupply>;
  },
): Promise<Map<number, ScheduleLine[]>> {
  const confirmed = new Map<number, ScheduleLine[]>();
  const supply = known.supply;
  for (let pending = lines; pending.length;) {
    const seen = new Set<string>();
    const round = pending.filter((l) => !seen.has(l.sku) && seen.add(l.sku));
    pending = pending.filter((l) => !round.includes(l));
    const results = await checkAvailability(
      tx,
      ctx.clock.now(),
      customer,
      round.map((l) => ({
        lineId: String(l.index),
        sku: l.sku,
        quantity: l.quantity,
        requestedDeliveryDate: l.requestedDeliveryDate,
        warehouseId,
      })),
      { items: known.items, warehouses: known.warehouses, supply },
    );
    round.forEach((l, k) => {
      const atp = results[k];
      if (!atp) throw new Error('availability check returned no answer');
      confirmed.set(l.index, atp.scheduleLines);
      // The next round (another line of an SKU of this one) sees what this one books.
      const item = supply.get(`${l.sku}@${warehouseId}`) ?? { stockOnHand: 0, movements: [] };
      const issues = bookedIssues(atp.scheduleLines).map((sl) => ({
        date: sl.availableDate,
        quantity: -sl.quantity,
        kind: 'SALES_ORDER' as const,
        ref: String(l.index),
      }));
      supply.set(`${l.sku}@${warehouseId}`, {
        ...item,
        movements: [...item.movements, ...issues].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      });
    });
  }
  return confirmed;
}

/** The issues of a new order's confirmed lines, now that they have their ids, as rows to insert. */
export function newIssueRows(warehouseId: string, lines: { lineId: string; sku: string; scheduleLines: ScheduleLine[] }[]): MovementRow[] {
  return lines.flatMap((l) => issueRows(warehouseId, l.lineId, l.sku, l.scheduleLines));
}
