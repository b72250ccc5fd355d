/**
 * Steering Tryton the way its users would, for tests and demos (Tryton has no business clock): a
 * warehouse clerk ships an order's shipments (assign → pick → pack → done, with a tracking
 * reference) — all of them, or the next one due — and the sale creates its invoices, which an
 * accountant posts; a sales clerk enters a sale in Tryton's own client (no portal id); an
 * accountant credits part of an invoice with Tryton's Credit wizard. Not used by the portal.
 */
import { ErpRequestError } from '../types.js';
import type { TrytonRpc } from './rpc.js';
import { tDate, tDecimal } from './rpc.js';
import { contended, lineNumbers } from './sales.js';
import { lineTaxes, type TTaxRuleLine } from './tax-mapping.js';

type Row = Record<string, any>;

export function createTrytonControl(rpc: TrytonRpc) {
  const long = 60_000;
  async function saleOf(orderNumber: string): Promise<Row> {
    const [sale] = await rpc.model<Row[]>('sale.sale', 'search_read', [
      [['number', '=', orderNumber]],
      0,
      1,
      null,
      ['shipments', 'invoices'],
    ]);
    if (!sale) throw new ErpRequestError(404, 'NOT_FOUND', `no sale ${orderNumber} in Tryton`);
    return sale;
  }

  async function ship(s: Row) {
    await rpc.model('stock.shipment.out', 'write', [[s.id], { reference: `TRK-${s.number as string}` }]);
    if (s.state === 'draft') await rpc.model('stock.shipment.out', 'wait', [[s.id]], {}, long);
    if (['draft', 'waiting'].includes(s.state as string)) {
      const assigned = await rpc.model<boolean>('stock.shipment.out', 'assign_try', [[s.id]], {}, long);
      if (!assigned) await rpc.model('stock.shipment.out', 'assign_force', [[s.id]], {}, long);
    }
    if (!['picked', 'packed'].includes(s.state as string)) await rpc.model('stock.shipment.out', 'pick', [[s.id]], {}, long);
    if (s.state !== 'packed') await rpc.model('stock.shipment.out', 'pack', [[s.id]], {}, long);
    await rpc.model('stock.shipment.out', 'done', [[s.id]], {}, long);
  }

  /**
   * The sale processes what was shipped (its invoices) and the accountant posts them. Another
   * transaction may be processing the sale at that moment (Tryton then refuses the lock): the
   * clerk tries again.
   */
  async function bill(orderNumber: string, saleId: number) {
    await contended(() => rpc.model('sale.sale', 'process', [[saleId]], {}, long));
    const { invoices } = await saleOf(orderNumber);
    const drafts = (await rpc.model<Row[]>('account.invoice', 'read', [invoices, ['state']])).filter((i) => i.state === 'draft');
    if (drafts.length) await rpc.model('account.invoice', 'post', [drafts.map((i) => i.id)], {}, long);
  }

  async function openShipments(sale: Row): Promise<Row[]> {
    const shipments = await rpc.model<Row[]>('stock.shipment.out', 'read', [sale.shipments, ['number', 'state', 'planned_date']]);
    return shipments
      .filter((s) => !['done', 'cancelled'].includes(s.state as string))
      .sort((a, b) => String(a.planned_date ?? '').localeCompare(String(b.planned_date ?? '')) || a.id - b.id);
  }

  return {
    /** Ships every open shipment of the order in full and posts the invoices that follow. */
    async shipAndBill(orderNumber: string): Promise<void> {
      const sale = await saleOf(orderNumber);
      for (const s of await openShipments(sale)) await ship(s);
      await bill(orderNumber, sale.id as number);
    },

    /** Ships the order's next shipment (the earliest planned one) in full and posts the invoice that follows. */
    async shipNext(orderNumber: string): Promise<void> {
      const sale = await saleOf(orderNumber);
      const [next] = await openShipments(sale);
      if (!next) throw new ErpRequestError(409, 'NOTHING_TO_SHIP', `sale ${orderNumber} has no open shipment`);
      await ship(next);
      await bill(orderNumber, sale.id as number);
    },

    /**
     * A sale entered in Tryton's client by a sales clerk: the customer's price list, payment term,
     * address and warehouse, the prices Tryton proposes, no description (so no portal id); quoted and
     * confirmed unless `quotation` (then left as a quotation).
     */
    enterSale: (accountId: string, lines: { sku: string; quantity: number }[], o: { quotation?: boolean } = {}): Promise<string> =>
      enterSale(rpc, long, accountId, lines, o),

    /**
     * Credits `quantity` units of one line of an invoice (its order line number) as an accountant
     * would: Tryton's Credit wizard (without refund) drafts a credit note of the whole invoice, the
     * lines not in dispute are removed, the quantity set, and the credit note posted. Its number.
     */
    async creditInvoiceLine(invoiceNumber: string, lineNo: number, quantity: number): Promise<string> {
      const [invoice] = await rpc.model<Row[]>('account.invoice', 'search_read', [
        [
          ['number', '=', invoiceNumber],
          ['type', '=', 'out'],
        ],
        0,
        1,
        null,
        ['lines.origin'],
      ]);
      if (!invoice) throw new ErpRequestError(404, 'NOT_FOUND', `no invoice ${invoiceNumber} in Tryton`);
      const numbers = await lineNumbers(
        rpc,
        (invoice['lines.'] as Row[]).map((l) => l.origin),
      );
      const target = (invoice['lines.'] as Row[]).find((l) => numbers(l.origin)?.lineNo === lineNo);
      if (!target) throw new ErpRequestError(404, 'UNKNOWN_LINE', `invoice ${invoiceNumber} bills no order line ${lineNo}`);
      const ctx = { ...(await rpc.context()), active_model: 'account.invoice', active_id: invoice.id, active_ids: [invoice.id] };
      const [session] = await rpc.call<[number]>('wizard.account.invoice.credit.create', [ctx]);
      let creditId: number;
      try {
        const result = await rpc.call<{ actions: [Row, { res_id: number[] }][] }>(
          'wizard.account.invoice.credit.execute',
          [session, { start: { with_refund: false, invoice_date: null } }, 'credit', ctx],
          long,
        );
        creditId = result.actions[0]![1].res_id[0]!;
      } finally {
        await rpc.call('wizard.account.invoice.credit.delete', [session, ctx]).catch(() => undefined);
      }
      const credit = await rpc.model<Row[]>('account.invoice', 'read', [[creditId], ['lines.origin']]);
      const others = (credit[0]!['lines.'] as Row[]).filter((l) => l.origin !== `account.invoice.line,${target.id}`);
      const kept = (credit[0]!['lines.'] as Row[]).find((l) => l.origin === `account.invoice.line,${target.id}`)!;
      if (others.length) await rpc.model('account.invoice.line', 'delete', [others.map((l) => l.id)]);
      await rpc.model('account.invoice.line', 'write', [[kept.id], { quantity: -quantity }]);
      // As the client does after a line changes: the draft's taxes are computed again (a write of the invoice does it).
      await rpc.model('account.invoice', 'write', [[creditId], {}]);
      await rpc.model('account.invoice', 'post', [[creditId]], {}, long);
      const [posted] = await rpc.model<Row[]>('account.invoice', 'read', [[creditId], ['number']]);
      return posted!.number as string;
    },
  };
}

/**
 * A sale entered in Tryton's client by a sales clerk: the customer's price list, payment term,
 * address and warehouse, the prices Tryton proposes, no description (so no portal id); quoted and
 * confirmed unless `quotation` (then left as a quotation).
 */
async function enterSale(
  rpc: TrytonRpc,
  long: number,
  accountId: string,
  lines: { sku: string; quantity: number }[],
  o: { quotation?: boolean } = {},
): Promise<string> {
  const [party] = await rpc.model<Row[]>('party.party', 'search_read', [
    [['code', '=', accountId]],
    0,
    1,
    null,
    ['sale_price_list', 'customer_payment_term', 'addresses', 'categories.name', 'categories.parent.name', 'customer_tax_rule'],
  ]);
  if (!party) throw new ErpRequestError(404, 'UNKNOWN_CUSTOMER', `no Tryton party ${accountId}`);
  const category = (parent: string) =>
    (party['categories.'] as Row[]).find((c) => c['parent.']?.name === parent)?.name as string | undefined;
  const ctx = await rpc.context();
  const [[warehouse], [currency], products] = await Promise.all([
    rpc.model<Row[]>('stock.location', 'search_read', [[['code', '=', category('Warehouse') ?? 'WH-US']], 0, 1, null, ['id']]),
    rpc.model<Row[]>('currency.currency', 'search_read', [[['code', '=', category('Currency') ?? 'USD']], 0, 1, null, ['id']]),
    rpc.model<Row[]>('product.product', 'search_read', [
      [['code', 'in', lines.map((l) => l.sku)]],
      0,
      null,
      null,
      ['code', 'default_uom', 'account_category.customer_taxes_used'],
    ]),
  ]);
  // The client sets a line's taxes when the product is chosen: the product's, through the party's tax rule.
  const rule = party.customer_tax_rule as number | null;
  const ruleLines = rule
    ? await rpc.model<TTaxRuleLine[]>('account.tax.rule.line', 'search_read', [
        [['rule', '=', rule]],
        0,
        null,
        null,
        ['rule', 'sequence', 'origin_tax', 'tax', 'group', 'keep_origin', 'start_date', 'end_date'],
      ])
    : null;
  const today = new Date().toISOString().slice(0, 10);
  const priced = await Promise.all(
    lines.map(async (l) => {
      const p = products.find((x) => x.code === l.sku);
      if (!p) throw new ErpRequestError(422, 'UNKNOWN_ITEM', `unknown SKU ${l.sku}`);
      const [price] = await rpc.model<Row[]>('product.product', 'read', [[p.id], ['sale_price_uom']], {
        customer: party.id,
        price_list: party.sale_price_list,
        currency: currency!.id,
        quantity: l.quantity,
        sale_date: tDate(today),
      });
      return {
        type: 'line',
        product: p.id,
        quantity: l.quantity,
        unit: p.default_uom,
        unit_price: tDecimal(String(price!.sale_price_uom)),
        taxes: [['add', lineTaxes({ taxes: p['account_category.']?.customer_taxes_used ?? [] }, ruleLines, today)]],
      };
    }),
  );
  const [id] = await rpc.model<number[]>('sale.sale', 'create', [
    [
      {
        party: party.id,
        company: ctx.company,
        currency: currency!.id,
        warehouse: warehouse!.id,
        price_list: party.sale_price_list,
        payment_term: party.customer_payment_term,
        invoice_address: (party.addresses as number[])[0],
        shipment_address: (party.addresses as number[])[0],
        sale_date: tDate(today),
        lines: [['create', priced]],
      },
    ],
  ]);
  await rpc.model('sale.sale', 'quote', [[id]], {}, long);
  if (!o.quotation) await rpc.model('sale.sale', 'confirm', [[id]], {}, long);
  const [sale] = await rpc.model<Row[]>('sale.sale', 'read', [[id], ['number']]);
  return sale!.number as string;
}
