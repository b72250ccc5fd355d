/**
 * The internal HTTP contract between the orders subgraph and pricing / inventory, written once:
 * each call's path, request and answer as zod schemas. The serving subgraph validates requests
 * with the request schema and types its answer with the answer schema; the orders subgraph sends
 * requests of the request type and parses every answer (`callInternal`), so a drift between the
 * two sides fails at the call, by name, instead of as an `undefined` somewhere in a submit.
 *
 * An answer's schema names the fields the caller reads; the parse keeps those (a server may add
 * a field without a lockstep release) and refuses an answer that lacks one or has another type.
 */
import { z } from 'zod';
import type { Viewer } from './auth.js';
import { InternalCallError, type InternalCallOptions, type InternalClient } from './internal-client.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sku = z.string().min(1).max(64);

// ---------- inventory ----------

/** `POST /internal/items/lookup`: item facts for cart validation (exists, discontinued, successor). */
export const itemsLookup = {
  method: 'POST',
  path: '/internal/items/lookup',
  request: z.object({ skus: z.array(sku).min(1).max(5000) }),
  answer: z.object({
    items: z.array(z.object({ sku: z.string(), name: z.string(), discontinued: z.boolean(), successorSku: z.string().nullable() })),
  }),
} as const;

/** A promise as the buyer was shown it (status and schedule lines). */
export const shownPromise = z.object({
  status: z.string(),
  scheduleLines: z.array(z.object({ date: isoDate, availableDate: isoDate.optional(), quantity: z.number().int() })),
});

/**
 * `POST /internal/availability/recheck`: ATP for a cart's lines re-run against the ERP (no cache),
 * and per line whether the promise differs from what the buyer saw.
 */
export const availabilityRecheck = {
  method: 'POST',
  path: '/internal/availability/recheck',
  request: z.object({
    lines: z
      .array(
        z.object({
          lineId: z.string().min(1).max(64),
          sku,
          quantity: z.number().int().min(1).max(1_000_000),
          requestedDate: isoDate.nullish(),
          warehouse: z.string().min(1).max(64).nullish(),
          /** What the buyer was shown; without it the service compares with what it last showed. */
          seen: shownPromise.nullish(),
        }),
      )
      .min(1)
      .max(5000),
  }),
  answer: z.object({
    checkedAgainst: z.literal('ERP'),
    changed: z.boolean(),
    lines: z.array(
      z.object({
        lineId: z.string(),
        sku: z.string(),
        quantity: z.number(),
        changed: z.boolean(),
        old: z.object({ status: z.string(), scheduleLines: z.array(z.object({ date: z.string() })) }).nullable(),
        new: z.object({ status: z.string(), atpDate: z.string().nullable() }),
      }),
    ),
  }),
} as const;

// ---------- pricing ----------

/** A quote as pricing keeps it (`GET /internal/quotes/:id`). */
export const quoteView = z.object({
  id: z.string(),
  accountId: z.string(),
  cartId: z.string().nullable(),
  pricingDate: z.string(),
  currency: z.string(),
  source: z.string(),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), quantity: z.number(), unitPrice: z.string(), netAmount: z.string() })),
  /** Every total pricing computed (subtotal, discount, surcharge, freight, net, total), kept whole. */
  totals: z
    .object({ subtotal: z.string().optional(), discount: z.string().optional(), freight: z.string().optional(), total: z.string() })
    .catchall(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** `GET /internal/quotes/:id`: the viewer's account's quote, or 404 `QUOTE_NOT_FOUND`. */
export const quoteGet = {
  method: 'GET',
  route: '/internal/quotes/:id',
  path: (quoteId: string) => `/internal/quotes/${encodeURIComponent(quoteId)}`,
  answer: quoteView,
} as const;

const pricedLine = z.object({ netAmount: z.string(), unitPrice: z.string() });

/**
 * `POST /internal/quotes/validate`: the quote against the ERP's price simulation, line by line
 * with zero tolerance; when prices moved, the differences and a fresh quote to accept. `accepted`
 * is the validated quote itself as stored (what `GET /internal/quotes/:id` answers), so a caller
 * needs no second call for it.
 */
export const quoteValidate = {
  method: 'POST',
  path: '/internal/quotes/validate',
  request: z.object({ quoteId: z.string().min(1).max(100) }),
  answer: z.object({
    status: z.enum(['VALID', 'EXPIRED', 'CHANGED']),
    checkedAgainst: z.literal('ERP'),
    quote: z.object({ id: z.string(), expiresAt: z.string() }),
    differences: z.array(
      z.object({ lineId: z.string(), sku: z.string(), quantity: z.number(), old: pricedLine.nullable(), new: pricedLine.nullable() }),
    ),
    freight: z.object({ old: z.string(), new: z.string() }).nullable(),
    /** Document amounts (header discount, tax, total) that moved, quoted and now. */
    totals: z.array(z.object({ field: z.enum(['headerDiscount', 'tax', 'total']), old: z.string(), new: z.string() })).default([]),
    accepted: quoteView.optional(),
  }),
} as const;

export type ItemsLookupRequest = z.input<typeof itemsLookup.request>;
export type ItemsLookupAnswer = z.output<typeof itemsLookup.answer>;
export type AvailabilityRecheckRequest = z.input<typeof availabilityRecheck.request>;
export type AvailabilityRecheckAnswer = z.output<typeof availabilityRecheck.answer>;
export type QuoteView = z.output<typeof quoteView>;
export type QuoteValidateRequest = z.input<typeof quoteValidate.request>;
export type QuoteValidateAnswer = z.output<typeof quoteValidate.answer>;

// ---------- the caller's side ----------

interface PostContract {
  method: 'POST';
  path: string;
  request: z.ZodType;
  answer: z.ZodType;
}

/** An answer that does not match its schema is the callee's fault: 502 `INTERNAL_CONTRACT_MISMATCH`. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data as z.output<S>;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new InternalCallError(502, 'INTERNAL_CONTRACT_MISMATCH', `${what} answered outside its contract: ${issues}`);
}

/** POST a contract's request and parse its answer. */
export async function postInternal<C extends PostContract>(
  client: InternalClient,
  contract: C,
  body: z.input<C['request']>,
  viewer: Viewer,
  o?: InternalCallOptions,
): Promise<z.output<C['answer']>> {
  return parseAnswer<C['answer']>(contract.answer, await client.post<unknown>(contract.path, body, viewer, o), `POST ${contract.path}`);
}

/** GET a quote and parse it. */
export async function getQuote(client: InternalClient, quoteId: string, viewer: Viewer, o?: InternalCallOptions): Promise<QuoteView> {
  return parseAnswer(quoteGet.answer, await client.get<unknown>(quoteGet.path(quoteId), viewer, o), `GET ${quoteGet.route}`);
}
