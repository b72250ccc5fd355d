/**
 * The inventory subgraph's internal API for the orders subgraph (gateway-signed viewer required):
 * re-run ATP for a cart against the ERP at submit — fresh, no cache — and say per line whether the
 * promise differs from what the buyer saw.
 */
import { z } from 'zod';
import { ErpRequestError, ErpUnavailableError } from '@portal/erp/port';
import type { BaseConfig } from '@portal/platform/config';
import { HttpError, readJsonBody, sendJson, type Route } from '@portal/platform/http';
import { viewerOr401 } from '@portal/platform/subgraph';
import { AvailabilityRefused, type AvailabilityService } from './availability-service.js';
import { promiseChanged } from './domain/availability.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const seenSchema = z.object({
  status: z.string(),
  scheduleLines: z.array(z.object({ date: isoDate, availableDate: isoDate.optional(), quantity: z.number().int() })),
});
const recheckSchema = z.object({
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1).max(64),
        sku: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(1_000_000),
        requestedDate: isoDate.nullish(),
        warehouse: z.string().min(1).max(64).nullish(),
        /** What the buyer was shown; without it every line reports `changed: false` and just the answer. */
        seen: seenSchema.nullish(),
      }),
    )
    .min(1)
    .max(5000),
});

const authorise = viewerOr401;

const lookupSchema = z.object({ skus: z.array(z.string().min(1).max(64)).min(1).max(5000) });

export function internalRoutes(opts: {
  availability: AvailabilityService;
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>;
  lookupItems: (skus: string[]) => Promise<{ sku: string; name: string; discontinued: boolean; successorSku: string | null }[]>;
}): Record<string, Route> {
  return {
    /** Item facts for cart validation in the orders subgraph: exists, discontinued, successor. */
    'POST /internal/items/lookup': async (req, res) => {
      authorise(req, opts.config);
      const parsed = lookupSchema.safeParse(await readJsonBody(req, 500_000));
      if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'body must be {"skus": [string]}');
      sendJson(res, 200, { items: await opts.lookupItems([...new Set(parsed.data.skus)]) });
    },
    'POST /internal/availability/recheck': async (req, res) => {
      const viewer = authorise(req, opts.config);
      const parsed = recheckSchema.safeParse(await readJsonBody(req, 2_000_000));
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
      sendJson(res, 200, { checkedAgainst: 'ERP', changed: results.some((r) => r.changed), lines: results });
    },
  };
}
