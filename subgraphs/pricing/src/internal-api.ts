/**
 * The pricing subgraph's internal API for the orders subgraph (gateway-signed viewer required):
 * resolve a quote, and validate it against the ERP's price simulation at submit — line by line,
 * zero tolerance — returning the differences and, when prices moved, a fresh quote to accept.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { ErpRequestError, ErpUnavailableError, type BusinessClock, type PricingPort } from '@portal/erp/port';
import type { Viewer } from '@portal/platform/auth';
import type { BaseConfig } from '@portal/platform/config';
import { HttpError, readBody, sendJson, type Route } from '@portal/platform/http';
import { quoteGet, quoteValidate, type QuoteValidateAnswer, type QuoteView } from '@portal/platform/internal-contracts';
import { viewerOr401 } from '@portal/platform/subgraph';
import { compareQuote, snapshotQuote } from './domain/quotes.js';
import { Quote, type QuoteEntity } from './entities/index.js';
import { saveQuote } from './quote-store.js';

const authorise = viewerOr401;

export function quoteView(q: QuoteEntity): QuoteView {
  return {
    id: q.id,
    accountId: q.accountId,
    cartId: q.cartId ?? null,
    pricingDate: q.pricingDate,
    currency: q.currency,
    source: q.source,
    lines: q.lines,
    totals: q.totals,
    createdAt: q.createdAt.toISOString(),
    expiresAt: q.expiresAt.toISOString(),
  };
}

export function internalRoutes(opts: {
  orm: MikroORM;
  erp: PricingPort;
  clock: BusinessClock;
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>;
  quoteTtlHours: number;
}): Record<string, Route> {
  const load = async (viewer: Viewer, id: string) => {
    const q = await opts.orm.em.fork().findOne(Quote, { id, accountId: viewer.accountId });
    if (!q) throw new HttpError(404, 'QUOTE_NOT_FOUND', `no quote ${id} for account ${viewer.accountId}`);
    return q;
  };
  return {
    [`GET ${quoteGet.route}`]: async (req, res, _scope, params) => {
      const viewer = authorise(req, opts.config);
      sendJson(res, 200, quoteView(await load(viewer, params.id!)));
    },
    [`POST ${quoteValidate.path}`]: async (req, res) => {
      const viewer = authorise(req, opts.config);
      let body;
      try {
        body = quoteValidate.request.parse(JSON.parse((await readBody(req, 100_000)).toString('utf8') || '{}'));
      } catch {
        throw new HttpError(400, 'VALIDATION_FAILED', 'body must be {"quoteId": string}');
      }
      const quote = await load(viewer, body.quoteId);
      // The business time (for the quote's expiry), read alongside the simulation rather than after it.
      const businessNow = opts.clock.now();
      businessNow.catch(() => {});
      let sim;
      try {
        sim = await opts.erp.simulate(
          viewer.accountId,
          quote.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
        );
      } catch (err) {
        if (err instanceof ErpUnavailableError) throw new HttpError(503, 'ERP_UNAVAILABLE', err.message);
        if (err instanceof ErpRequestError) throw new HttpError(502, 'ERP_REFUSED', `${err.code}: ${err.message}`);
        throw err;
      }
      const fresh = snapshotQuote(sim, viewer.accountId, quote.cartId ?? null);
      const comparison = compareQuote(quote, fresh);
      const now = new Date((await businessNow).at);
      const expired = quote.expiresAt.getTime() < now.getTime();
      const current = comparison.unchanged && !expired ? quote : await saveQuote(opts.orm.em.fork(), fresh, 'erp', opts.quoteTtlHours, now);
      const answer: QuoteValidateAnswer = {
        status: comparison.unchanged ? (expired ? 'EXPIRED' : 'VALID') : 'CHANGED',
        checkedAgainst: 'ERP',
        quote: { id: current.id, expiresAt: current.expiresAt.toISOString() },
        differences: comparison.differences,
        freight: comparison.freight,
        totals: comparison.totals,
        accepted: quoteView(quote),
      };
      sendJson(res, 200, answer);
    },
  };
}
