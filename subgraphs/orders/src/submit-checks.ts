/**
 * The checks a submit (and an approval, before it places the order) makes with the other
 * subgraphs on a snapshot of the cart's lines: the quote the buyer accepted must be what the ERP
 * prices now, to the cent (pricing), and the availability promise must still hold (inventory).
 * Both ask the ERP, so they run at the same time within one limit; changes come back as data.
 */
import { GraphQLError } from 'graphql';
import { timeStep } from '@portal/platform';
import type { Viewer } from '@portal/platform/auth';
import { InternalCallError } from '@portal/platform/internal-client';
import {
  availabilityRecheck,
  getQuote,
  postInternal,
  quoteValidate,
  type QuoteValidateAnswer,
  type QuoteView,
} from '@portal/platform/internal-contracts';
import type { OrdersDeps } from './deps.js';

/** A cart line as the submit took it, under the cart's lock. */
export interface SnapshotLine {
  lineId: string;
  sku: string;
  quantity: number;
  requestedDate: string | null;
}

export interface PriceChange {
  lineId: string;
  sku: string;
  quantity: number;
  oldNetAmount: string | null;
  newNetAmount: string | null;
  oldUnitPrice: string | null;
  newUnitPrice: string | null;
}

export interface AvailabilityChange {
  lineId: string;
  sku: string;
  quantity: number;
  oldStatus: string | null;
  newStatus: string;
  oldDate: string | null;
  newDate: string | null;
}

/** A document amount that moved between the quote and the ERP's prices now. */
export interface TotalChange {
  total: 'FREIGHT' | 'HEADER_DISCOUNT' | 'TAX' | 'TOTAL';
  old: string;
  new: string;
}

const TOTAL_OF = { headerDiscount: 'HEADER_DISCOUNT', tax: 'TAX', total: 'TOTAL' } as const;

/** What a check can answer besides "ok". */
export type CheckOutcome =
  | { kind: 'PriceChanged'; cartId: string; quoteId: string; changes: PriceChange[]; totalChanges: TotalChange[] }
  | { kind: 'AvailabilityChanged'; cartId: string; changes: AvailabilityChange[] }
  | { kind: 'SubmitRejected'; errorCode: string; message: string };

const rejected = (errorCode: string, message: string): CheckOutcome => ({ kind: 'SubmitRejected', errorCode, message });

export type { QuoteView };
export type Limit = () => { timeoutMs: number };

/** The quote the buyer saw must be what the ERP prices now, to the cent. */
export async function checkPrices(
  deps: OrdersDeps,
  viewer: Viewer,
  quoteId: string,
  cartId: string,
  lines: SnapshotLine[],
  limit: Limit,
): Promise<{ kind: 'ok'; quoteView: QuoteView } | CheckOutcome> {
  let validation: QuoteValidateAnswer;
  let quoteView: QuoteView;
  try {
    // One call: the validation answers the quote it validated as well.
    validation = await postInternal(deps.pricing, quoteValidate, { quoteId }, viewer, limit());
    quoteView = validation.accepted ?? (await getQuote(deps.pricing, quoteId, viewer, limit()));
  } catch (err) {
    if (err instanceof InternalCallError && err.status === 404) return rejected('QUOTE_NOT_FOUND', 'no such quote for your account');
    if (err instanceof InternalCallError)
      throw new GraphQLError(`prices cannot be confirmed right now (${err.code}); nothing was submitted`, {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    throw err;
  }
  // The quote must be of the snapshot's lines before its prices count.
  const byLine = new Map(quoteView.lines.map((q) => [q.lineId, q]));
  const sameLines =
    quoteView.lines.length === lines.length &&
    lines.every((l) => byLine.get(l.lineId)?.sku === l.sku && byLine.get(l.lineId)?.quantity === l.quantity);
  if (!sameLines) return rejected('QUOTE_OUTDATED', 'the cart changed after this quote; take the current Cart.quote');
  if (validation.status === 'VALID') return { kind: 'ok', quoteView };
  return {
    kind: 'PriceChanged',
    cartId,
    quoteId: validation.quote.id,
    changes: validation.differences.map((d) => ({
      lineId: d.lineId,
      sku: d.sku,
      quantity: d.quantity,
      oldNetAmount: d.old?.netAmount ?? null,
      newNetAmount: d.new?.netAmount ?? null,
      oldUnitPrice: d.old?.unitPrice ?? null,
      newUnitPrice: d.new?.unitPrice ?? null,
    })),
    totalChanges: [
      ...(validation.freight ? [{ total: 'FREIGHT' as const, ...validation.freight }] : []),
      ...validation.totals.map((t) => ({ total: TOTAL_OF[t.field], old: t.old, new: t.new })),
    ],
  };
}

/** Availability re-checked against the ERP; a changed promise goes back to the buyer. */
export async function recheckAvailability(
  deps: OrdersDeps,
  viewer: Viewer,
  cartId: string,
  lines: SnapshotLine[],
  limit: Limit,
): Promise<{ kind: 'ok'; availability: SubmissionSnapshot['availability'] } | CheckOutcome> {
  try {
    const atp = await postInternal(
      deps.inventory,
      availabilityRecheck,
      { lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, requestedDate: l.requestedDate })) },
      viewer,
      limit(),
    );
    if (atp.changed)
      return {
        kind: 'AvailabilityChanged',
        cartId,
        changes: atp.lines
          .filter((l) => l.changed)
          .map((l) => ({
            lineId: l.lineId,
            sku: l.sku,
            quantity: l.quantity,
            oldStatus: l.old?.status ?? null,
            newStatus: l.new.status,
            oldDate: l.old?.scheduleLines.at(-1)?.date ?? null,
            newDate: l.new.atpDate,
          })),
      };
    return {
      kind: 'ok',
      availability: atp.lines.map((l) => ({
        lineId: l.lineId,
        sku: l.sku,
        quantity: l.quantity,
        status: l.new.status,
        atpDate: l.new.atpDate,
      })),
    };
  } catch (err) {
    if (err instanceof InternalCallError)
      throw new GraphQLError(`availability cannot be confirmed right now (${err.code}); nothing was submitted`, {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    throw err;
  }
}

/**
 * Both checks at the same time; a price change is reported first, as the buyer has to look at
 * prices before dates.
 */
export async function checkSnapshot(
  deps: OrdersDeps,
  viewer: Viewer,
  quoteId: string,
  cartId: string,
  lines: SnapshotLine[],
  limitMs: number,
): Promise<{ kind: 'ok'; quoteView: QuoteView; availability: SubmissionSnapshot['availability'] } | CheckOutcome> {
  const end = Date.now() + limitMs;
  const limit: Limit = () => ({ timeoutMs: end - Date.now() });
  const [price, atp] = await Promise.allSettled([
    timeStep('orders', 'submit: quote check', () => checkPrices(deps, viewer, quoteId, cartId, lines, limit)),
    timeStep('orders', 'submit: ATP re-check', () => recheckAvailability(deps, viewer, cartId, lines, limit)),
  ]);
  if (price.status === 'rejected') throw price.reason;
  if (price.value.kind !== 'ok') return price.value;
  if (atp.status === 'rejected') throw atp.reason;
  if (atp.value.kind !== 'ok') return atp.value;
  return { kind: 'ok', quoteView: price.value.quoteView, availability: atp.value.availability };
}

/** The prices and availability the buyer submitted with, and the approval if one was needed. */
export interface SubmissionSnapshot {
  submittedBy: string;
  submittedAt: string;
  /** The cart's lines and header when the submit took them: the order is made of exactly these. */
  lines: SnapshotLine[];
  header: { name: string | null; requestedDeliveryDate: string | null; currency: string };
  quote: {
    id: string;
    pricingDate: string;
    currency: string;
    totals: Record<string, string | undefined>;
    lines: { sku: string; quantity: number; unitPrice: string; netAmount: string }[];
  };
  availability: { lineId: string; sku: string; quantity: number; status: string; atpDate: string | null }[];
  approval?: { total: string; spendingLimit: string };
}
