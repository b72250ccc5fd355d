/** Request-scoped DataLoaders of the invoices subgraph, restricted to what the viewer may read. */
import DataLoader from 'dataloader';
import { groupBy } from '@portal/platform/batch';
import type { EntityManager } from '@mikro-orm/postgresql';
import { signDocumentPath, type DocumentKind, type Viewer, readsAllAccounts } from '@portal/platform/auth';
import {
  CreditMemo,
  Invoice,
  Payment,
  type BillingLine,
  type CreditMemoEntity,
  type InvoiceEntity,
  type PaymentEntity,
} from './entities/index.js';

export type PaymentView = PaymentEntity & { currency: string };
export type BillingLineView = BillingLine & { currency: string; orderId: string };
export interface DocumentView {
  url: string;
  contentType: string;
  expiresAt: Date;
}

export interface DocumentLinks {
  secret: string;
  ttlSeconds: number;
  /** The gateway's public origin, or '' for root-relative links. */
  baseUrl: string;
  /** What the ERP renders documents as (the link serves exactly that). */
  contentType: string;
}

/** `businessDate`: the ERP's business date (the service's business clock), read once per request. */
export function createLoaders(
  em: EntityManager,
  viewer: Viewer,
  documents: DocumentLinks,
  businessDate: () => Promise<string>,
  creditBalance: (accountId: string) => Promise<{ amount: string }> = async () => ({ amount: '0' }),
) {
  let day: Promise<string> | undefined;
  // Analysts and credit controllers read across accounts; everyone else only their own account's documents.
  const analyst = readsAllAccounts(viewer);
  const tenancy = analyst ? {} : { accountId: viewer.accountId };
  return {
    businessDate: () => (day ??= businessDate()),
    invoiceByNumber: new DataLoader<string, InvoiceEntity | null>(async (numbers) => {
      const rows = await em.find(Invoice, { ...tenancy, number: { $in: [...numbers] } });
      const map = new Map(rows.map((r) => [r.number, r]));
      return numbers.map((n) => map.get(n) ?? null);
    }),
    creditMemoByNumber: new DataLoader<string, CreditMemoEntity | null>(async (numbers) => {
      const rows = await em.find(CreditMemo, { ...tenancy, number: { $in: [...numbers] } });
      const map = new Map(rows.map((r) => [r.number, r]));
      return numbers.map((n) => map.get(n) ?? null);
    }),
    invoicesByOrder: new DataLoader<string, InvoiceEntity[]>(async (orderIds) => {
      const rows = await em.find(Invoice, { ...tenancy, orderId: { $in: [...orderIds] } }, { orderBy: { issuedAt: 'asc', number: 'asc' } });
      return groupBy(orderIds, rows, (r) => r.orderId);
    }),
    creditMemosByOrder: new DataLoader<string, CreditMemoEntity[]>(async (orderIds) => {
      const rows = await em.find(
        CreditMemo,
        { ...tenancy, orderId: { $in: [...orderIds] } },
        { orderBy: { issuedAt: 'asc', number: 'asc' } },
      );
      return groupBy(orderIds, rows, (r) => r.orderId);
    }),
    creditMemosByInvoice: new DataLoader<string, CreditMemoEntity[]>(async (numbers) => {
      const rows = await em.find(
        CreditMemo,
        { ...tenancy, invoiceNumber: { $in: [...numbers] } },
        { orderBy: { issuedAt: 'asc', number: 'asc' } },
      );
      return groupBy(numbers, rows, (r) => r.invoiceNumber);
    }),
    paymentsByInvoice: new DataLoader<string, PaymentEntity[]>(async (numbers) => {
      const rows = await em.find(
        Payment,
        { ...tenancy, invoiceNumber: { $in: [...numbers] } },
        { orderBy: { receivedAt: 'asc', id: 'asc' } },
      );
      return groupBy(numbers, rows, (r) => r.invoiceNumber);
    }),
    /** Invoices with something owed (the input of balances and aging), per account. */
    openInvoicesByAccount: new DataLoader<string, InvoiceEntity[]>(async (accountIds) => {
      const allowed = accountIds.filter((id) => analyst || id === viewer.accountId);
      const rows = allowed.length
        ? await em.find(Invoice, { accountId: { $in: allowed }, erpStatus: { $ne: 'CANCELLED' }, balance: { $gt: '0' } })
        : [];
      return groupBy(accountIds, rows, (r) => r.accountId);
    }),
    /** The credit an account holds with the ERP (read from the ERP; '0' for an account the viewer may not read). */
    creditBalanceByAccount: new DataLoader<string, string>((accountIds) =>
      Promise.all(accountIds.map(async (id) => (analyst || id === viewer.accountId ? (await creditBalance(id)).amount : '0'))),
    ),
    /** A signed link to a document of `accountId` (the owner), valid for the configured time. */
    document(kind: DocumentKind, number: string, accountId: string): DocumentView {
      const exp = Math.floor(Date.now() / 1000) + documents.ttlSeconds;
      const path = signDocumentPath({ kind, number, accountId, userId: viewer.userId, exp }, documents.secret);
      return { url: `${documents.baseUrl}${path}`, contentType: documents.contentType, expiresAt: new Date(exp * 1000) };
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
