/**
 * The inventory subgraph's internal API for the orders subgraph (gateway-signed viewer required):
 * re-run ATP for a cart against the ERP at submit — fresh, no cache — and say per line whether the
 * promise differs from what the buyer saw.
 */
import { ErpRequestError, ErpUnavailableError } from '@portal/erp/port';
import type { BaseConfig } from '@portal/platform/config';
import { HttpError, readJsonBody, sendJson, type Route } from '@portal/platform/http';
import {
  availabilityRecheck,
  itemsLookup,
  type AvailabilityRecheckAnswer,
  type ItemsLookupAnswer,
} from '@portal/platform/internal-contracts';
import { viewerOr401 } from '@portal/platform/subgraph';
import { AvailabilityRefused, type AvailabilityService } from './availability-service.js';
import { promiseChanged } from './domain/availability.js';

const authorise = viewerOr401;

export function internalRoutes(opts: {
  availability: AvailabilityService;
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>;
  lookupItems: (skus: string[]) => Promise<{ sku: string; name: string; discontinued: boolean; successorSku: string | null }[]>;
}): Record<string, Route> {
  return {
    /** Item facts for cart validation in the orders subgraph: exists, discontinued, successor. */
    [`POST ${itemsLookup.path}`]: async (req, res) => {
      authorise(req, opts.config);
      const parsed = itemsLookup.request.safeParse(await readJsonBody(req, 500_000));
      if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'body must be {"skus": [string]}');
      const answer: ItemsLookupAnswer = { items: await opts.lookupItems([...new Set(parsed.data.skus)]) };
      sendJson(res, 200, answer);
    },
    [`POST ${availabilityRecheck.path}`]: async (req, res) => {
      const viewer = authorise(req, opts.config);
      const parsed = availabilityRecheck.request.safeParse(await readJsonBody(req, 2_000_000));
      if (!parsed.success)
        throw new HttpError(400, 'VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const lines = parsed.data.lines;
      const keys = lines.map((l) => ({
        accountId: viewer.accountId,
        sku: l.sku,
        quantity: l.quantity,
        requestedDate: l.requestedDate ?? null,
        warehouse: l.warehouse ?? null,
      }));
      // Without `seen`, compare with what this service last showed for the line.
      const shown = keys.map((k, i) => lines[i]!.seen ?? opts.availability.lastKnownFor(k) ?? null);
      let now;
      try {
        now = await opts.availability.recheck(viewer.accountId, keys);
      } catch (err) {
        if (err instanceof ErpUnavailableError) throw new HttpError(503, 'ERP_UNAVAILABLE', err.message);
        if (err instanceof ErpRequestError || err instanceof AvailabilityRefused) throw new HttpError(422, err.code, err.message);
        throw err;
      }
      const results = lines.map((l, i) => ({
        lineId: l.lineId,
        sku: l.sku,
        quantity: l.quantity,
        changed: shown[i] ? promiseChanged(shown[i] as never, now[i]!) : false,
        old: shown[i] ?? null,
        new: now[i]!,
      }));
      const answer: AvailabilityRecheckAnswer = { checkedAgainst: 'ERP', changed: results.some((r) => r.changed), lines: results };
      sendJson(res, 200, answer);
    },
  };
}
