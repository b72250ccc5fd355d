/**
 * The orders port over Tryton: accounts (parties with their e-mail contacts and payment terms),
 * sales and deliveries, idempotent creation within the caller's timeout (order-create.ts), and the
 * exception actions Tryton 6.0 can carry out — cancelling an order's only open line (all its
 * shipments), releasing a credit hold by accepting the credit-limit warning (the sale is then
 * confirmed and planned to the promise made at submit). Substitutions are not supported.
 */
import { ErpRequestError, ErpUnavailableError, type ErpAccount, type ErpContact, type OrdersPort } from '../types.js';
import { trytonDeliveries } from './deliveries.js';
import { trytonDocumentFlow } from './document-flow.js';
import type { CreateOrder } from './order-create.js';
import { decodeCursor, encodeCursor, pageOf } from './paging.js';
import type { TrytonPricing } from './pricing.js';
import { SALE_FIELDS, type TrytonSales } from './sales.js';
import { moneyIn, type Row, type TrytonSession } from './session.js';

export interface TrytonOrdersDeps {
  pricing: TrytonPricing;
  sales: TrytonSales;
  /** Creation that runs to its end with long timeouts, whatever the caller's timeout. */
  createUnbounded: CreateOrder;
}

/** A contact's portal user, role and spending limit are kept as `key=value` words in its comment. */
function contactOf(c: Row): ErpContact {
  const note = String(c.comment ?? '');
  const kv = (k: string) => new RegExp(`${k}=(\\S+)`).exec(note)?.[1] ?? null;
  return {
    userId: kv('user') ?? c.value,
    name: c.name ?? c.value,
    email: c.value,
    role: (kv('role') ?? 'buyer') as ErpContact['role'],
    spendingLimit: kv('spendingLimit'),
  };
}

export function createTrytonOrders(session: TrytonSession, { pricing, sales, createUnbounded }: TrytonOrdersDeps): OrdersPort {
  const { rpc, read, timeoutMs } = session;

  async function exportAccounts(): Promise<ErpAccount[]> {
    const m = await session.master();
    const [contacts, terms] = await Promise.all([
      read(
        'party.contact_mechanism',
        [
          ['type', '=', 'email'],
          ['party', 'in', m.parties.map((p) => p.id)],
        ],
        ['party', 'value', 'name', 'comment'],
      ),
      read('account.invoice.payment_term.line.delta', [], ['line.payment', 'days']).catch(() => [] as Row[]),
    ]);
    const days = new Map(terms.map((t) => [t['line.']?.payment as number, Number(t.days)]));
    return [...m.accounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, a]) => {
        const pc = pricing.pricingCustomer(id, m);
        return {
          id,
          name: a.party.name,
          currency: a.currency,
          tier: pc.tier ?? '',
          priceListId: pc.priceListId ?? '',
          paymentTermsDays: days.get(a.party.customer_payment_term as number) ?? 0,
          creditLimit: moneyIn(m, a.currency, a.party.credit_limit_amount),
          defaultWarehouse: a.warehouse,
          partialDelivery: a.partial,
          shipToCountry: pc.shipToCountry,
          // Tryton 6.0 has no minimum order value (docs/erp.md, "What Tryton cannot express").
          minimumOrderValue: null,
          contacts: contacts.filter((c) => c.party === a.party.id).map(contactOf),
        };
      });
  }

  return {
    async exportAccounts(req) {
      return pageOf(await exportAccounts(), (a) => a.id, req);
    },
    async exportSalesOrders(req) {
      const after = decodeCursor(req.cursor);
      const limit = Math.max(1, Math.min(req.limit ?? 100, 1000));
      const rows = await read(
        'sale.sale',
        [['number', '!=', null], ...(after === null ? [] : [['id', '>', Number(after)]])],
        SALE_FIELDS,
        [['id', 'ASC']],
        limit + 1,
      );
      const items = await sales.map(rows.slice(0, limit));
      return { items, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1]!.id as number) : null };
    },
    async exportDeliveries(req) {
      return pageOf(await trytonDeliveries(session), (d) => d.number, req);
    },
    async createSalesOrder(input, idempotencyKey) {
      // A caller with a short timeout still gets a create that finishes in Tryton, so its retry replays it.
      const work = createUnbounded(input, idempotencyKey);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ErpUnavailableError(`Tryton did not confirm the order within ${timeoutMs} ms (retry with the same key)`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([work, timeout]);
      } finally {
        clearTimeout(timer);
        work.catch(() => undefined);
      }
    },
    getSalesOrder: (number) => sales.get(number),
    async findSalesOrderByPortalId(portalOrderId) {
      // A sale entered in Tryton is known by the id derived from its number (it has no portal description).
      const entered = /^erp:(.+)$/.exec(portalOrderId)?.[1];
      const found = await sales.load(entered ? [['number', '=', entered]] : [['description', '=', `portal:${portalOrderId}`]]);
      return found.find((o) => o.portalOrderId === portalOrderId) ?? null;
    },
    async cancelLine(orderNumber, lineNo) {
      const { order, row } = await sales.require(orderNumber);
      const line = order.lines.find((l) => l.lineNo === lineNo);
      if (!line) throw new ErpRequestError(404, 'NOT_FOUND', `order ${orderNumber} has no line ${lineNo}`);
      const open = order.lines.filter((l) => l.status !== 'CANCELLED');
      if (open.length !== 1 || open[0]!.lineNo !== lineNo || line.shippedQuantity > 0)
        throw new ErpRequestError(
          409,
          'NOT_SUPPORTED_BY_ERP',
          'Tryton 6.0 cancels a confirmed sale as a whole (its unshipped shipments), not one line of several',
        );
      const ships = await rpc.model<Row[]>('stock.shipment.out', 'read', [row.shipments, ['state']]);
      const cancellable = ships.filter((s) => ['draft', 'waiting', 'assigned'].includes(s.state as string)).map((s) => s.id);
      if (cancellable.length) await rpc.model('stock.shipment.out', 'cancel', [cancellable]);
      else if (['draft', 'quotation'].includes(row.state as string)) await rpc.model('sale.sale', 'cancel', [[row.id]]);
      return (await sales.get(orderNumber))!;
    },
    documentFlow: (number) => trytonDocumentFlow(session, sales, number),
    async acceptSubstitution() {
      throw new ErpRequestError(409, 'NOT_SUPPORTED_BY_ERP', 'Tryton 6.0 does not propose substitutions');
    },
    async releaseCreditHold(orderNumber) {
      const { order, row } = await sales.require(orderNumber);
      if (order.status !== 'ON_HOLD') throw new ErpRequestError(409, 'NOT_ON_HOLD', `order ${orderNumber} is not on credit hold`);
      // Accepting the credit-limit warning is how a Tryton user with the credit-limit right releases it.
      await rpc.model('res.user.warning', 'create', [
        [{ user: await rpc.userId(), name: `credit_limit_amount_sale.sale,${row.id}`, always: false }],
      ]);
      await sales.confirmAndProcess(row.id as number, Math.max(timeoutMs, 60_000));
      return (await sales.get(orderNumber))!;
    },
  };
}
