/**
 * Steering Tryton the way its users would, for tests and demos (Tryton has no business clock):
 * ship an order's shipments (assign → pick → pack → done, with a tracking reference), let the sale
 * create its invoices and post them. Not used by the portal.
 */
import { ErpRequestError } from '../types.js';
import type { TrytonRpc } from './rpc.js';

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
  return {
    /** Ships every open shipment of the order in full and posts the invoices that follow. */
    async shipAndBill(orderNumber: string): Promise<void> {
      const sale = await saleOf(orderNumber);
      const shipments = await rpc.model<Row[]>('stock.shipment.out', 'read', [sale.shipments, ['number', 'state']]);
      for (const s of shipments) {
        if (['done', 'cancelled'].includes(s.state as string)) continue;
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
      await rpc.model('sale.sale', 'process', [[sale.id]], {}, long);
      const { invoices } = await saleOf(orderNumber);
      const drafts = (await rpc.model<Row[]>('account.invoice', 'read', [invoices, ['state']])).filter((i) => i.state === 'draft');
      if (drafts.length) await rpc.model('account.invoice', 'post', [drafts.map((i) => i.id)], {}, long);
    },
  };
}
