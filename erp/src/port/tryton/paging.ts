/**
 * Cursor paging for the adapter's exports. Tryton pages by offset, which shifts under concurrent
 * writes, so exports page by a stable sort key instead; cursors are opaque and refused when they
 * were not issued here.
 */
import { ErpRequestError, type Page, type PageRequest } from '../types.js';

export function encodeCursor(v: string | number): string {
  return `t1.${Buffer.from(JSON.stringify({ a: v })).toString('base64url')}`;
}

export function decodeCursor(c: string | null | undefined): string | number | null {
  if (!c) return null;
  try {
    if (!c.startsWith('t1.')) throw new Error('prefix');
    const v = (JSON.parse(Buffer.from(c.slice(3), 'base64url').toString()) as { a: unknown }).a;
    if (typeof v === 'string' || typeof v === 'number') return v;
  } catch {
    /* fall through */
  }
  throw new ErpRequestError(400, 'BAD_CURSOR', 'cursor was not issued by this adapter');
}

/** One page of `all` (sorted by `key`) after the request's cursor. */
export function pageOf<T>(all: T[], key: (t: T) => string | number, req: PageRequest): Page<T> {
  const after = decodeCursor(req.cursor);
  const limit = Math.max(1, Math.min(req.limit ?? 100, 1000));
  const start = after === null ? 0 : all.findIndex((x) => key(x) > after);
  const items = start === -1 ? [] : all.slice(start, start + limit);
  const more = start !== -1 && start + limit < all.length;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}
