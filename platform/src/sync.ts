/**
 * Resumable full sync from an ERP export into a service's own tables. The cursor is stored in
 * `sync_state` in the same transaction as each page's writes, so a crash resumes where it
 * stopped and never applies a page twice. A completed sync is not repeated at start.
 */
import { defineEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from './logger.js';

export const SyncState = defineEntity({
  name: 'SyncState',
  tableName: 'sync_state',
  properties: (p) => ({
    name: p.string().primary(),
    cursor: p.text().nullable(),
    rows: p.integer().default(0),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});

export interface FullSyncOptions<T> {
  name: string;
  em: EntityManager;
  logger: Logger;
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>;
  /** Write one page (inside the transaction that also stores the cursor). */
  apply: (em: EntityManager, items: T[]) => Promise<void>;
  /** Run again even if a previous full sync completed. */
  force?: boolean;
}

export interface FullSyncResult {
  name: string;
  rows: number;
  skipped: boolean;
  /** Wall time of this run (absent when skipped). */
  ms?: number;
  /** Where that time went, by phase (ms), where the sync measures it. */
  phases?: Record<string, number>;
}

export async function runFullSync<T>(opts: FullSyncOptions<T>): Promise<FullSyncResult> {
  const em = opts.em.fork();
  let state = await em.findOne(SyncState, { name: opts.name });
  if (state?.completedAt && !opts.force) return { name: opts.name, rows: state.rows, skipped: true };
  if (!state || opts.force) {
    state = em.create(SyncState, { name: opts.name, cursor: null, rows: 0, startedAt: new Date(), completedAt: null }, { persist: false });
    await em.upsert(SyncState, state);
  }
  let cursor = state.cursor ?? null;
  let rows = state.rows;
  const started = Date.now();
  for (;;) {
    const page = await opts.fetchPage(cursor);
    await em.transactional(async (tx) => {
      await opts.apply(tx, page.items);
      rows += page.items.length;
      await tx.upsert(SyncState, {
        name: opts.name,
        cursor: page.nextCursor,
        rows,
        startedAt: state!.startedAt ?? new Date(),
        completedAt: page.nextCursor ? null : new Date(),
      });
    });
    cursor = page.nextCursor;
    opts.logger.info({ sync: opts.name, rows, done: !cursor }, `full sync ${opts.name}: ${rows} rows`);
    if (!cursor) break;
  }
  opts.logger.info({ sync: opts.name, rows, ms: Date.now() - started }, `full sync ${opts.name} complete`);
  return { name: opts.name, rows, skipped: false, ms: Date.now() - started };
}
