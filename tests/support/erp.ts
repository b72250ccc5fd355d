/** Reading the reference ERP in tests and benchmarks: every page of an export, one condition record. */
import { createReferenceErp, type ErpCondition, type Page } from '@portal/erp/port';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';

export { workingDay } from '@portal/erp/contract';

export const erpPorts = (baseUrl: string) => createReferenceErp({ baseUrl, apiKey: DEV_ERP_API_KEY });

export async function allPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let cursor: string | null = null; ;) {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

export async function findCondition(ports: ReturnType<typeof createReferenceErp>, id: string): Promise<ErpCondition> {
  const hit = (await allPages((cursor) => ports.pricing.exportConditions({ cursor, limit: 1000 }))).find((c) => c.id === id);
  if (!hit) throw new Error(`no condition ${id}`);
  return hit;
}
