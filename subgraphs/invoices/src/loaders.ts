/** Request-scoped DataLoaders of the invoices subgraph, restricted to what the viewer may read. */
import DataLoader from 'dataloader';
import { groupBy } from '@portal/platform/batch';
import { IsolationLevel, type EntityManager } from '@mikro-orm/postgresql';
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

/** Invoices and credit memos in the order they were issued; payments in the order received. */
const byIssue = { issuedAt: 'asc', number: 'asc' } as const;
const byReceipt = { receivedAt: 'asc', id: 'asc' } as const;

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
  const creditMemosByInvoice = new DataLoader<string, CreditMemoEntity[]>(async (numbers) => {
    const rows = await em.find(CreditMemo, { ...tenancy, invoiceNumber: { $in: [...numbers] } }, { orderBy: byIssue });
    return groupBy(numbers, rows, (r) => r.invoiceNumber);
  });
  const paymentsByInvoice = new DataLoader<string, PaymentEntity[]>(async (numbers) => {
    const rows = await em.find(Payment, { ...tenancy, invoiceNumber: { $in: [...numbers] } }, { orderBy: byReceipt });
    return groupBy(numbers, rows, (r) => r.invoiceNumber);
  });
  /**
   * Invoices with their credit memos and payments, read from one snapshot: the feed stores a memo or
   * a payment together with the invoice's new balance, and a balance shown beside the documents it
   * comes from must agree with them. The documents are kept for the invoices' own fields. With
   * `orderIds`, every credit memo of those orders too.
   */
  async function withDocuments(where: { number: { $in: string[] } } | { orderId: { $in: string[] } }, orderIds?: string[]) {
    const read = await em.transactional(
      async (tx) => {
        const invoices = await tx.find(Invoice, { ...tenancy, ...where }, { orderBy: byIssue });
        const numbers = invoices.map((i) => i.number);
        const memoWhere = { $or: [{ invoiceNumber: { $in: numbers } }, ...(orderIds ? [{ orderId: { $in: orderIds } }] : [])] };
        const memos = numbers.length || orderIds ? await tx.find(CreditMemo, { ...tenancy, ...memoWhere }, { orderBy: byIssue }) : [];
        const payments = numbers.length
          ? await tx.find(Payment, { ...tenancy, invoiceNumber: { $in: numbers } }, { orderBy: byReceipt })
          : [];
        return { invoices, memos, payments };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    const numbers = read.invoices.map((i) => i.number);
    const memosOf = groupBy(numbers, read.memos, (m) => m.invoiceNumber);
    const paymentsOf = groupBy(numbers, read.payments, (p) => p.invoiceNumber);
    read.invoices.forEach((i, n) => {
      creditMemosByInvoice.prime(i.number, memosOf[n]!);
      paymentsByInvoice.prime(i.number, paymentsOf[n]!);
    });
    return read;
  }
  /** An order's invoices and credit memos (and the invoices' payments), from one snapshot. */
  const billingByOrder = new DataLoader<string, { invoices: InvoiceEntity[]; memos: CreditMemoEntity[] }>(async (orderIds) => {
    const ids = [...orderIds];
    const read = await withDocuments({ orderId: { $in: ids } }, ids);
    const invoices = groupBy(orderIds, read.invoices, (r) => r.orderId);
    const memos = groupBy(orderIds, read.memos, (r) => r.orderId);
    return orderIds.map((_, n) => ({ invoices: invoices[n]!, memos: memos[n]! }));
  });
  return {
    businessDate: () => (day ??= businessDate()),
    invoiceByNumber: new DataLoader<string, InvoiceEntity | null>(async (numbers) => {
      const rows = await withDocuments({ number: { $in: [...numbers] } });
      const map = new Map(rows.invoices.map((r) => [r.number, r]));
      return numbers.map((n) => map.get(n) ?? null);
    }),
    creditMemoByNumber: new DataLoader<string, CreditMemoEntity | null>(async (numbers) => {
      const rows = await em.find(CreditMemo, { ...tenancy, number: { $in: [...numbers] } });
      const map = new Map(rows.map((r) => [r.number, r]));
      return numbers.map((n) => map.get(n) ?? null);
    }),
    invoicesByOrder: { load: async (orderId: string) => (await billingByOrder.load(orderId)).invoices },
    creditMemosByOrder: { load: async (orderId: string) => (await billingByOrder.load(orderId)).memos },
    creditMemosByInvoice,
    paymentsByInvoice,
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
