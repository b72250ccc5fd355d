/**
 * Done customer shipments (`stock.shipment.out`) read as the ports' deliveries. Each delivery line
 * is the order line its move comes from (the move's origin, a sale line), never its place in the
 * shipment. Tryton 6.0 without the carrier module has no carriers or tracking URLs: the shipment's
 * `reference` is the tracking number, each shipment is one package, and there is no delivered state.
 */
import type { ErpDelivery } from '../types.js';
import { lineNumbers } from './sales.js';
import type { Row, TrytonSession } from './session.js';

export async function trytonDeliveries(session: TrytonSession, domain: unknown[] = []): Promise<ErpDelivery[]> {
  const m = await session.master();
  const rows = await session.read(
    'stock.shipment.out',
    [['state', '=', 'done'], ...domain],
    [
      'number',
      'reference',
      'customer',
      'warehouse',
      'effective_date',
      'write_date',
      'outgoing_moves.product',
      'outgoing_moves.quantity',
      'outgoing_moves.origin',
      'outgoing_moves.state',
    ],
    [['number', 'ASC']],
  );
  if (!rows.length) return [];
  const moves = rows.flatMap((r) => ((r['outgoing_moves.'] as Row[]) ?? []).filter((mv) => mv.state !== 'cancelled'));
  const lineOf = await lineNumbers(
    session.rpc,
    moves.map((mv) => mv.origin),
  );
  const partyCode = new Map(m.parties.map((p) => [p.id as number, p.code as string]));
  return rows.map((r) => {
    const rMoves = ((r['outgoing_moves.'] as Row[]) ?? []).filter((mv) => mv.state !== 'cancelled');
    const sale = rMoves.map((mv) => lineOf(mv.origin)).find(Boolean);
    // One delivery line per order line (a line may travel in several moves of one shipment); a move of no sale line is line 0.
    const byLine = new Map<string, { lineNo: number; sku: string; quantity: number }>();
    for (const mv of rMoves) {
      const lineNo = lineOf(mv.origin)?.lineNo ?? 0;
      const sku = (m.byId.get(mv.product as number)?.code as string) ?? '';
      const key = `${lineNo}|${sku}`;
      const line = byLine.get(key) ?? { lineNo, sku, quantity: 0 };
      line.quantity += Number(mv.quantity);
      byLine.set(key, line);
    }
    const lines = [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo);
    const shippedAt = new Date(Date.parse(r.write_date ?? `${r.effective_date}T00:00:00Z`)).toISOString();
    const trackingNumber = (r.reference as string | null) ?? r.number;
    return {
      number: r.number as string,
      orderNumber: sale?.saleNumber ?? '',
      portalOrderId: sale?.portalOrderId ?? null,
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
