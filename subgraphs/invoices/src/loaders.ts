/** Request-scoped DataLoaders of the invoices subgraph, restricted to what the viewer may read. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import { Invoice, type InvoiceEntity } from './entities/index.js';

export function createLoaders(em: EntityManager, viewer: Viewer) {
  // Analysts read across accounts; everyone else only their own account's invoices.
  const tenancy = viewer.roles.includes('analyst') ? {} : { accountId: viewer.accountId };
  return {
    invoiceByNumber: new DataLoader<string, InvoiceEntity | null>(async (numbers) => {
      const rows = await em.find(Invoice, { ...tenancy, number: { $in: [...numbers] } });
      const map = new Map(rows.map((r) => [r.number, r]));
      return numbers.map((n) => map.get(n) ?? null);
    }),
    invoicesByOrder: new DataLoader<string, InvoiceEntity[]>(async (orderIds) => {
      const rows = await em.find(Invoice, { ...tenancy, orderId: { $in: [...orderIds] } }, { orderBy: { issuedAt: 'asc', number: 'asc' } });
      return orderIds.map((id) => rows.filter((r) => r.orderId === id));
    }),
    invoicesByAccount: new DataLoader<string, InvoiceEntity[]>(async (accountIds) => {
      const allowed = accountIds.filter((id) => viewer.roles.includes('analyst') || id === viewer.accountId);
      const rows = allowed.length ? await em.find(Invoice, { accountId: { $in: allowed } }) : [];
      return accountIds.map((id) => rows.filter((r) => r.accountId === id));
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
