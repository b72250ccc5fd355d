/**
 * Idempotent order creation over Tryton, which has no idempotency keys of its own. The key is the
 * sale's `reference`, looked up before creating under a lock per key, with the payload's hash in
 * the sale's comment (same key, other payload → `IDEMPOTENCY_KEY_REUSED`). The lock is per
 * process; across processes (replicas) the lowest sale id of a key wins and the other sale is
 * deleted. A sale left half-way (draft or quotation after an outage) is completed by the retry.
 * Creation runs with long timeouts, to its end even when the caller stops waiting, so that the
 * caller's retry finds and replays the sale.
 *
 * The sale is written as Tryton's own fields say it: the requested delivery date in `shipping_date`
 * (Tryton then plans no shipment before it), Tryton's own unit prices, and per line the promise
 * the availability check makes now (with the line's own requested date) in the line's note; once
 * Tryton has confirmed the sale, its moves are planned to that promise (schedule.ts).
 */
import { createHash } from 'node:crypto';
import { ErpRequestError, type CreateSalesOrderInput, type ErpSalesOrder, type InventoryPort } from '../types.js';
import type { TrytonPricing } from './pricing.js';
import { tDate, tDecimal } from './rpc.js';
import type { TrytonSales } from './sales.js';
import { lineNoteText, promiseOf } from './schedule.js';
import { today, type Master, type Row, type TrytonAccount, type TrytonSession } from './session.js';
import { lineTaxes } from './tax-mapping.js';

export type CreateOrder = (input: CreateSalesOrderInput, idempotencyKey: string) => Promise<{ order: ErpSalesOrder; replayed: boolean }>;

/** Keys whose sale is past quotation (its id and payload hash no longer change), per process. */
const settledKeys = new Map<string, { id: number; hash: string }>();

/** Where a create under the key's lock ended: the sale, whether it was there before, whether it is past quotation. */
interface Decision {
  id: number;
  replayed: boolean;
  settled: boolean;
}

/** In-process serialisation of creates per idempotency key (shared by every adapter instance of this process). */
const keyLocks = new Map<string, Promise<unknown>>();
function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = keyLocks.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  const tail = next.catch(() => undefined);
  keyLocks.set(key, tail);
  void tail.then(() => {
    if (keyLocks.get(key) === tail) keyLocks.delete(key);
  });
  return next;
}

const payloadHash = (input: CreateSalesOrderInput) =>
  createHash('sha256')
    .update(
      JSON.stringify({
        p: input.portalOrderId,
        a: input.accountId,
        r: input.customerReference ?? null,
        d: input.requestedDeliveryDate ?? null,
        l: input.lines,
      }),
    )
    .digest('hex');

function validate(input: CreateSalesOrderInput, idempotencyKey: string) {
  if (!idempotencyKey || idempotencyKey.length > 255)
    throw new ErpRequestError(400, 'VALIDATION_FAILED', 'idempotency key must be 1–255 characters');
  if (!input.lines?.length) throw new ErpRequestError(400, 'VALIDATION_FAILED', 'an order needs at least one line');
  for (const l of input.lines)
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1)
      throw new ErpRequestError(400, 'VALIDATION_FAILED', `${l.sku}: quantity must be a positive whole number`);
}

function validateItems(input: CreateSalesOrderInput, m: Master) {
  for (const l of input.lines) {
    const p = m.bySku.get(l.sku);
    if (!p) throw new ErpRequestError(422, 'UNKNOWN_ITEM', `unknown SKU ${l.sku}`);
    if (!p.salable) throw new ErpRequestError(422, 'ITEM_DISCONTINUED', `${l.sku} is not salable in Tryton (discontinued)`);
  }
}

const reused = () => new ErpRequestError(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for another order');

export function createTrytonOrderCreation(
  session: TrytonSession,
  pricing: TrytonPricing,
  sales: TrytonSales,
  inventory: InventoryPort,
): CreateOrder {
  const { rpc } = session;
  const inner = Math.max(session.timeoutMs, 60_000);

  /** A sale made earlier under this key: refused for another payload, else brought to its end and replayed. */
  async function replay(found: Row, hash: string): Promise<Decision> {
    if (!String(found.comment ?? '').includes(`idempotency-hash:${hash}`)) throw reused();
    // An attempt that stopped half-way (e.g. Tryton went down after the create) is completed; the workflow
    // ignores transitions already made, so this is safe even if its first owner is still at it.
    if (found.state === 'draft') await rpc.model('sale.sale', 'quote', [[found.id]], {}, inner);
    const settled =
      found.state === 'draft' || found.state === 'quotation' ? await sales.confirmAndProcess(found.id as number, inner) : true;
    return { id: found.id as number, replayed: true, settled };
  }

  /**
   * The draft sale, priced as Tryton prices it for this customer today (one call per quantity
   * band) and promised as the availability check promises it now, both asked at once.
   * `createdAt` starts its commit window.
   */
  async function createDraft(input: CreateSalesOrderInput, idempotencyKey: string, hash: string, m: Master, a: TrytonAccount) {
    const date = today();
    const party = a.party;
    const [prices, promise] = await Promise.all([
      pricing.linePrices(
        input.accountId,
        input.lines.map((l) => ({ id: m.bySku.get(l.sku)!.id as number, quantity: l.quantity })),
        date,
      ),
      inventory.checkAvailability(
        input.accountId,
        input.lines.map((l, i) => ({
          lineId: String(i),
          sku: l.sku,
          quantity: l.quantity,
          requestedDeliveryDate: l.requestedDeliveryDate ?? input.requestedDeliveryDate ?? null,
        })),
      ),
    ]);
    // Tryton refuses a shipping date before the sale date: such a request stays in the comment.
    const requested = input.requestedDeliveryDate ?? null;
    const shippingDate = requested && requested >= date ? requested : null;
    const comment = [
      `idempotency-hash:${hash}`,
      ...(requested && !shippingDate ? [`requested:${requested}`] : []),
      ...(input.customerReference ? [`customer-reference:${input.customerReference}`] : []),
    ].join('\n');
    // Each line's taxes as Tryton's sale line computes them: the product's account category's, through the party's tax rule.
    const rule = party.customer_tax_rule ? (m.tax.ruleLines.get(party.customer_tax_rule as number) ?? []) : null;
    const lines = input.lines.map((l, i) => {
      const p = m.bySku.get(l.sku)!;
      const taxes = lineTaxes(m.tax.categories.get(p.account_category as number), rule, date);
      return {
        type: 'line',
        product: p.id,
        quantity: l.quantity,
        unit: p.default_uom,
        unit_price: tDecimal(prices.get(`${p.id}|${l.quantity}`)!),
        description: p.name,
        note: lineNoteText({ requested: l.requestedDeliveryDate ?? null, promise: promiseOf(promise.lines[i]!) }),
        ...(taxes.length ? { taxes: [['add', taxes]] } : {}),
      };
    });
    const sale = {
      party: party.id,
      company: m.company.id,
      currency: m.currencies.get(a.currency),
      warehouse: m.whByCode.get(a.warehouse)!.id,
      price_list: party.sale_price_list,
      payment_term: party.customer_payment_term,
      invoice_address: (party.addresses as number[])[0],
      shipment_address: (party.addresses as number[])[0],
      sale_date: tDate(date),
      ...(shippingDate ? { shipping_date: tDate(shippingDate) } : {}),
      reference: idempotencyKey,
      description: `portal:${input.portalOrderId}`,
      comment,
      lines: [['create', lines]],
    };
    const createdAt = Date.now();
    const [id] = await rpc.model<number[]>('sale.sale', 'create', [[sale]], {}, inner);
    return { id: id!, createdAt };
  }

  /**
   * The lock is per process: another process (a second replica) may be creating the same key right now.
   * The lowest sale id wins and the other sale is deleted. A lower id that is not committed yet is
   * invisible, so the key is looked up after twice the time our own create took (its commit window);
   * the sale is quoted meanwhile (a loser's quotation is cancelled and deleted like a draft).
   */
  async function settle(id: number, idempotencyKey: string, createdAt: number): Promise<Decision> {
    const window = new Promise((r) => setTimeout(r, Math.max(250, 2 * (Date.now() - createdAt))));
    await Promise.all([rpc.model('sale.sale', 'quote', [[id]], {}, inner), window]);
    const winner = await sales.findByKey(idempotencyKey);
    if (winner && winner.id !== id) {
      await rpc.model('sale.sale', 'delete', [[id]], {}, inner);
      if (winner.state === 'draft') await rpc.model('sale.sale', 'quote', [[winner.id]], {}, inner);
      return { id: winner.id as number, replayed: true, settled: await sales.confirmAndProcess(winner.id as number, inner) };
    }
    return { id, replayed: false, settled: await sales.confirmAndProcess(id, inner) };
  }

  /** Attempts of one key that finish together read the sale once. */
  const reading = new Map<number, Promise<ErpSalesOrder>>();
  function readSale(id: number): Promise<ErpSalesOrder> {
    let read = reading.get(id);
    if (!read) {
      const p = sales.load([['id', '=', id]]).then((rows) => rows[0]!);
      const done = () => {
        if (reading.get(id) === p) reading.delete(id);
      };
      p.then(done, done);
      reading.set(id, (read = p));
    }
    return read;
  }

  return async function createUnbounded(input, idempotencyKey) {
    // Validation runs under the key's lock too, so attempts are served in arrival order: a retry finds the first attempt's sale.
    const lockKey = `${session.opts.url}|${session.opts.database}|${idempotencyKey}`;
    // Under the lock only the decision (find or create) is made; reading the order back happens outside, in parallel.
    const { id: saleId, replayed } = await withKeyLock(lockKey, async (): Promise<Decision> => {
      validate(input, idempotencyKey);
      const { m, a } = await session.account(input.accountId);
      validateItems(input, m);
      const hash = payloadHash(input);
      const known = settledKeys.get(lockKey);
      if (known) {
        if (known.hash !== hash) throw reused();
        return { id: known.id, replayed: true, settled: true };
      }
      const found = await sales.findByKey(idempotencyKey);
      let decision: Decision;
      if (found) decision = await replay(found, hash);
      else {
        const { id, createdAt } = await createDraft(input, idempotencyKey, hash, m, a);
        decision = await settle(id, idempotencyKey, createdAt);
      }
      // Past quotation the sale and its payload hash cannot change: the attempts still waiting for this key need no lookup.
      if (decision.settled) {
        settledKeys.set(lockKey, { id: decision.id, hash });
        if (settledKeys.size > 10_000) settledKeys.delete(settledKeys.keys().next().value!);
      }
      return decision;
    });
    return { order: await readSale(saleId), replayed };
  };
}
