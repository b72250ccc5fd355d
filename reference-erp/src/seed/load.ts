/**
 * Loads a seed blueprint into an empty reference ERP: master data, conditions, stock and supply
 * in bulk (with progress), then replays the blueprint's history — orders, payments, credits —
 * through the ERP's own order, fulfilment and billing code with the business clock moving day by
 * day, so documents, stock and the change feed are consistent. A non-empty ERP is left alone.
 */
import { Decimal, minorUnits } from '@portal/platform/money';
import { buildBlueprint, type SeedBlueprint, type SeedScale } from './demo.js';
import { issueCreditMemo, receivePayment } from '../billing.js';
import type { ErpContext } from '../context.js';
import { WorkingCalendar, type Weekday } from '@portal/atp-engine';
import { Carrier, Condition, Contact, Customer, Invoice, Item, Movement, SalesOrder, Stock, Warehouse } from '../entities/index.js';
import { runFulfilment } from '../fulfilment.js';
import { cancelLine, releaseCreditHold } from '../order-changes.js';
import { createSalesOrder } from '../order-create.js';

const DAY_MS = 86_400_000;

export interface SeedOptions {
  seed?: number;
  scale?: Partial<SeedScale>;
  onProgress?: (message: string) => void;
}

async function insertChunked<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
  label: string,
  progress: (m: string) => void,
  chunk = 5000,
) {
  for (let i = 0; i < rows.length; i += chunk) {
    await insert(rows.slice(i, i + chunk));
    const done = Math.min(i + chunk, rows.length);
    if (rows.length > chunk && (done % 50_000 < chunk || done === rows.length)) progress(`${label}: ${done}/${rows.length}`);
  }
}

async function loadMasterData(ctx: ErpContext, bp: SeedBlueprint, progress: (m: string) => void): Promise<void> {
  const em = ctx.orm.em.fork();
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Warehouse,
      bp.warehouses.map((w) => ({ ...w })),
    );
    await tx.insertMany(
      Carrier,
      bp.carriers.map((c) => ({ ...c })),
    );
    await tx.insertMany(
      Customer,
      bp.accounts.map((a) => ({ ...a })),
    );
    await tx.insertMany(
      Contact,
      bp.users.map((u) => ({
        userId: u.id,
        customerId: u.accountId,
        name: u.name,
        email: u.email,
        role: u.role,
        spendingLimit: u.spendingLimit,
      })),
    );
    await insertChunked(bp.items, (c) => tx.insertMany(Item, c), 'items', progress);
    await insertChunked(bp.conditions, (c) => tx.insertMany(Condition, c), 'conditions', progress);
    await insertChunked(
      bp.stock.map((s) => ({ id: `${s.sku}@${s.warehouseId}`, ...s })),
      (c) => tx.insertMany(Stock, c),
      'stock',
      progress,
    );
    const calendars = new Map(
      bp.warehouses.map((w) => [w.id, new WorkingCalendar({ workingWeekdays: w.workingDays as Weekday[], holidays: w.holidays })]),
    );
    await insertChunked(
      bp.movements.map((m) => {
        const cal = calendars.get(m.warehouseId)!;
        return {
          id: m.id,
          sku: m.sku,
          warehouseId: m.warehouseId,
          date: cal.addWorkingDays(cal.onOrAfter(bp.businessDate), m.day),
          quantity: m.quantity,
          kind: m.kind,
          ref: m.ref,
        };
      }),
      (c) => tx.insertMany(Movement, c),
      'movements',
      progress,
    );
  });
}

async function replayHistory(ctx: ErpContext, bp: SeedBlueprint, progress: (m: string) => void): Promise<void> {
  const end = ctx.clock.now();
  const first = Math.min(0, ...bp.actions.map((a) => a.day));
  const orderNumbers = new Map<string, string>();
  const em = ctx.orm.em.fork();
  let done = 0;
  for (let day = first; day <= 0; day++) {
    // Mid-morning on each day, before the cut-off, so orders are scheduled from that day.
    await ctx.clock.set(new Date(Math.min(end.getTime(), end.getTime() + day * DAY_MS)));
    await runFulfilment(ctx);
    for (const action of bp.actions.filter((a) => a.day === day)) {
      const number = orderNumbers.get(action.ref);
      switch (action.kind) {
        case 'order': {
          const requested =
            action.requestedInDays !== undefined
              ? new Date(ctx.clock.now().getTime() + action.requestedInDays * DAY_MS).toISOString().slice(0, 10)
              : null;
          const { order } = await createSalesOrder(ctx, {
            idempotencyKey: `seed-${bp.seed}-${action.ref}`,
            portalOrderId: `ord-${action.ref}`,
            accountId: action.accountId,
            requestedDeliveryDate: requested,
            lines: action.lines,
          });
          orderNumbers.set(action.ref, order.number);
          break;
        }
        case 'cancel-line':
          if (number) await cancelLine(ctx, number, action.lineNo);
          break;
        case 'release-hold':
          if (number) await releaseCreditHold(ctx, number, 'seed');
          break;
        case 'pay':
        case 'credit-memo': {
          const invoice = number
            ? await em.fork().findOne(Invoice, { orderNumber: number, status: 'OPEN' }, { orderBy: { number: 'asc' } })
            : null;
          if (!invoice) break;
          if (action.kind === 'pay') {
            const amount =
              action.share === 'full'
                ? new Decimal(invoice.balance)
                : new Decimal(invoice.balance).div(2).toDecimalPlaces(minorUnits(invoice.currency), Decimal.ROUND_DOWN);
            if (amount.gt(0)) await receivePayment(ctx, invoice.number, amount.toFixed());
          } else {
            const line = invoice.lines.find((l) => l.sku !== 'FREIGHT');
            if (line)
              await issueCreditMemo(ctx, {
                invoiceNumber: invoice.number,
                reason: action.reason,
                lines: [{ lineNo: line.lineNo, quantity: Math.min(action.quantity, line.quantity) }],
              });
          }
          break;
        }
      }
      done++;
    }
    if (day % 5 === 0 || day === 0) progress(`history: day ${day}, ${done}/${bp.actions.length} actions`);
  }
  await ctx.clock.set(end);
  await runFulfilment(ctx);
}

/** Seed an empty ERP; returns false (and changes nothing) when it already has customers. */
export async function seedIfEmpty(ctx: ErpContext, opts: SeedOptions = {}): Promise<boolean> {
  if ((await ctx.orm.em.fork().count(Customer, {})) > 0) return false;
  const progress = opts.onProgress ?? ((m: string) => ctx.logger.info(m));
  const bp = buildBlueprint({ seed: opts.seed, businessDate: ctx.clock.today(), scale: opts.scale });
  progress(
    `seeding the reference ERP: ${bp.accounts.length} accounts, ${bp.items.length} items, ${bp.conditions.length} conditions, ${bp.actions.length} history actions`,
  );
  await loadMasterData(ctx, bp, progress);
  await replayHistory(ctx, bp, progress);
  const orders = await ctx.orm.em.fork().count(SalesOrder, {});
  progress(`seeded: ${orders} sales orders`);
  return true;
}
