/**
 * Done customer shipments (`stock.shipment.out`) read as the ports' deliveries. Tryton 6.0 without
 * the carrier module has no carriers or tracking URLs: the shipment's `reference` is the tracking
 * number, each shipment is one package, and there is no delivered state.
 */
import type { ErpDelivery } from '../types.js';
import { salesOfOrigins } from './sales.js';
import { portalIdOf, type Row, type TrytonSession } from './session.js';

export async function trytonDeliveries(session: TrytonSession, domain: unknown[] = []): Promise<ErpDelivery[]> {
  const m = await session.master();
  const rows = await session.read(
    'stock.shipment.out',
    [['state', '=', 'done'], ...domain],
    ['number', 'reference', 'customer', 'warehouse', 'effective_date', 'outgoing_moves', 'write_date'],
    [['number', 'ASC']],
  );
  if (!rows.length) return [];
  const moves = await session.rpc.model<Row[]>('stock.move', 'read', [
    rows.flatMap((r) => r.outgoing_moves as number[]),
    ['shipment', 'product', 'quantity', 'origin'],
  ]);
  const saleOf = await salesOfOrigins(
    session,
    moves.map((mv) => mv.origin),
  );
  const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
  return rows.map((r) => {
    const rMoves = moves.filter((mv) => mv.shipment === `stock.shipment.out,${r.id}`);
    const sale = rMoves.map((mv) => saleOf(mv.origin)).find(Boolean);
    const lines = rMoves.map((mv, i) => ({
      lineNo: (i + 1) * 10,
      sku: (m.byId.get(mv.product as number)?.code as string) ?? '',
      quantity: Number(mv.quantity),
    }));
    const shippedAt = new Date(Date.parse(r.write_date ?? `${r.effective_date}T00:00:00Z`)).toISOString();
    const trackingNumber = (r.reference as string | null) ?? r.number;
    return {
      number: r.number as string,
      orderNumber: sale?.number ?? '',
      portalOrderId: portalIdOf(sale?.description) ?? null,
      accountId: partyCode.get(r.customer as number) ?? '',
      warehouseId: (m.whById.get(r.warehouse as number)?.code as string) ?? '',
      carrierId: 'NONE',
      trackingNumber,
      trackingUrl: null,
      status: 'SHIPPED',
      shippedAt,
      plannedDeliveryDate: (r.effective_date as string | null) ?? shippedAt.slice(0, 10),
      deliveredAt: null,
      lines,
      packages: [{ packageNo: 1, trackingNumber, lines }],
    };
  });
}
