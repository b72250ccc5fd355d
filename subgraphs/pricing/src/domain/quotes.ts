/**
 * Quotes: the priced cart a buyer saw, as a content-addressed snapshot (the same lines priced from
 * the same records on the same day give the same quote id), and the zero-tolerance comparison of
 * a quote with a fresh pricing of the same lines (the ERP's simulation at submit). Pure.
 */
import { createHash } from 'node:crypto';
import type { DocumentPrice, LinePrice } from '@portal/pricing-engine';

export interface QuoteLineSnapshot {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: string;
  netAmount: string;
  components: {
    conditionType: string;
    type: string;
    label: string;
    rate: string | null;
    amount: string;
    conditionId: string;
    conditionVersion: number;
  }[];
  basis: Record<string, unknown>;
}

export interface QuoteSnapshot {
  id: string;
  accountId: string;
  cartId: string | null;
  pricingDate: string;
  currency: string;
  lines: QuoteLineSnapshot[];
  /**
   * The document's totals (with headerDiscount and tax) and, for an account that has one, its
   * minimumOrderValue: what the cart was priced against, so submit refuses a cart below it.
   */
  totals: { subtotal: string; discount: string; surcharge: string; freight: string; net: string; total: string } & Record<string, string>;
}

function snapshotLine(l: LinePrice): QuoteLineSnapshot {
  return {
    lineId: l.lineId,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    netAmount: l.netAmount,
    components: l.components.map((c) => ({
      conditionType: c.conditionType,
      type: c.type,
      label: c.label,
      rate: c.rate,
      amount: c.amount,
      conditionId: c.conditionId,
      conditionVersion: c.conditionVersion,
    })),
    basis: { ...l.basis },
  };
}

export function snapshotQuote(
  doc: DocumentPrice,
  accountId: string,
  cartId: string | null,
  minimumOrderValue: string | null = null,
): QuoteSnapshot {
  const lines = doc.lines.map(snapshotLine);
  const totals = minimumOrderValue === null ? { ...doc.totals } : { ...doc.totals, minimumOrderValue };
  const body = { accountId, cartId, pricingDate: doc.pricingDate, currency: doc.currency, lines, totals };
  const id = `q_${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}`;
  return { id, ...body };
}

export interface LineDifference {
  lineId: string;
  sku: string;
  quantity: number;
  /** What the buyer was shown (null: the line was not priced then). */
  old: QuoteLineSnapshot | null;
  /** What it costs now (null: no valid price any more). */
  new: QuoteLineSnapshot | null;
}

export interface QuoteComparison {
  /** True when every line, the freight and the document totals match to the cent (zero tolerance). */
  unchanged: boolean;
  differences: LineDifference[];
  freight: { old: string; new: string } | null;
  /** Document totals that differ with every line the same: a changed tax rate or header discount. */
  totals: { field: (typeof DOCUMENT_TOTALS)[number]; old: string; new: string }[];
}

/**
 * Totals compared besides the lines: the header discount and tax are priced on the document, so
 * they can change while every line stays as it was; the total is what the buyer approved. A quote
 * saved without a field (before it carried it) is compared on the fields it has.
 */
const DOCUMENT_TOTALS = ['headerDiscount', 'tax', 'total'] as const;

const same = (a: QuoteLineSnapshot, b: QuoteLineSnapshot) =>
  a.sku === b.sku &&
  a.quantity === b.quantity &&
  a.unitPrice === b.unitPrice &&
  a.netAmount === b.netAmount &&
  a.components.length === b.components.length &&
  a.components.every((c, i) => c.amount === b.components[i]!.amount && c.conditionType === b.components[i]!.conditionType);

export function compareQuote(quote: Pick<QuoteSnapshot, 'lines' | 'totals'>, fresh: QuoteSnapshot): QuoteComparison {
  const byId = new Map(fresh.lines.map((l) => [l.lineId, l]));
  const oldIds = new Set(quote.lines.map((l) => l.lineId));
  const differences: LineDifference[] = [];
  for (const old of quote.lines) {
    const now = byId.get(old.lineId) ?? null;
    if (!now || !same(old, now)) differences.push({ lineId: old.lineId, sku: old.sku, quantity: old.quantity, old, new: now });
  }
  for (const now of fresh.lines)
    if (!oldIds.has(now.lineId)) differences.push({ lineId: now.lineId, sku: now.sku, quantity: now.quantity, old: null, new: now });
  const freight = quote.totals.freight === fresh.totals.freight ? null : { old: quote.totals.freight, new: fresh.totals.freight };
  const totals = DOCUMENT_TOTALS.flatMap((field) => {
    const [was, now] = [quote.totals[field], fresh.totals[field]];
    return was === undefined || was === now ? [] : [{ field, old: was, new: now ?? '' }];
  });
  return { unchanged: !differences.length && !freight && !totals.length, differences, freight, totals };
}
