/**
 * What the reference ERP's route modules share: the route registrar, paging by key (stable under
 * concurrent inserts, resumable), request field shapes and the condition payload.
 */
import type http from 'node:http';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError } from '@portal/platform/http';
import { Decimal } from '@portal/platform/money';
import { BusinessClock } from '../clock.js';
import type { ErpContext } from '../context.js';
import { type ConditionEntity, type CustomerEntity } from '../entities/index.js';
import { FaultInjector } from '../faults.js';
import { queryParams } from '../validation.js';

/** Registers a route: API-key check, fault injection (unless turned off), JSON out. */
export type Api = (
  key: string,
  handler: (req: http.IncomingMessage, params: Record<string, string>, res: http.ServerResponse) => Promise<unknown>,
  opts?: { faults?: boolean },
) => void;

export interface RouteDeps {
  ctx: ErpContext;
  clock: BusinessClock;
  faults: FaultInjector;
  em: () => EntityManager;
  notFound: (what: string) => HttpError;
  customerOr404: (id: string) => Promise<CustomerEntity>;
  /** Aborted when the service starts to close: long-polls answer at once instead of waiting on. */
  closing: AbortSignal;
}
export const MAX_LIMIT = 1000;
/** Condition records are small and full syncs read millions of them: larger pages for that export. */
export const CONDITION_MAX_LIMIT = 10_000;

/** A condition record as the export gives it (the API's names, decimals and dates as text). */
export interface ConditionRow {
  id: string;
  version: number;
  conditionType: string;
  access: string;
  sku: string | null;
  accountId: string | null;
  priceListId: string | null;
  tier: string | null;
  currency: string;
  amount: string | null;
  rate: string | null;
  scales: { from: string; amount?: string; rate?: string }[];
  validFrom: string;
  validTo: string | null;
  contractId: string | null;
  contractVersion: number | null;
  country: string | null;
  taxClass: string | null;
}
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const sku = z.string().min(1).max(64);
export const quantity = z.number().int().min(1).max(1_000_000);

export function pageParams(req: http.IncomingMessage, maxLimit = MAX_LIMIT): { after: string | undefined; limit: number } {
  const q = queryParams(req);
  const limitText = q.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw new HttpError(400, 'BAD_LIMIT', `limit must be an integer between 1 and ${maxLimit}`);
  const cursor = q.get('cursor');
  if (!cursor) return { after: undefined, limit };
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof after !== 'string') throw new Error('not a key');
    return { after, limit };
  } catch {
    throw new HttpError(400, 'BAD_CURSOR', 'cursor is not one this ERP issued');
  }
}

export const encodeCursor = (key: string) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * Keyset pagination over a string primary key: stable under concurrent inserts, resumable.
 * `maxLimit`: the largest page this export allows (MAX_LIMIT unless it says otherwise).
 */
export async function keysetPage<E, T>(
  req: http.IncomingMessage,
  fetch: (after: string | undefined, limit: number) => Promise<E[]>,
  key: (row: E) => string,
  map: (rows: E[]) => Promise<T[]> | T[],
  maxLimit = MAX_LIMIT,
) {
  const { after, limit } = pageParams(req, maxLimit);
  const rows = await fetch(after, limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await map(pageRows), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

export function conditionPayload(c: ConditionEntity) {
  return {
    id: c.id,
    version: c.version,
    conditionType: c.conditionType,
    access: c.access,
    sku: c.sku ?? null,
    accountId: c.accountId ?? null,
    priceListId: c.priceListId ?? null,
    tier: c.tier ?? null,
    currency: c.currency,
    amount: c.amount === null || c.amount === undefined ? null : new Decimal(c.amount).toFixed(),
    rate: c.rate === null || c.rate === undefined ? null : new Decimal(c.rate).toFixed(),
    scales: c.scales,
    validFrom: c.validFrom,
    validTo: c.validTo ?? null,
    contractId: c.contractId ?? null,
    contractVersion: c.contractVersion ?? null,
    country: c.country ?? null,
    taxClass: c.taxClass ?? null,
  };
}
