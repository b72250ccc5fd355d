/**
 * Writes of the billing read model, shared by the full sync and the change feed: batched,
 * idempotent statements. Invoices are snapshots guarded by feed position; credit memos and
 * payments are immutable documents inserted once by their ERP id.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErpCreditMemo, ErpInvoice, ErpPayment } from '@portal/erp/port';

/** A billing document's tax lines as stored: rate, base and amount. */
const taxLinesOf = (d: Pick<ErpInvoice | ErpCreditMemo, 'taxLines'>) =>
  (d.taxLines ?? []).map((t) => ({ rate: t.rate, base: t.base, amount: t.amount }));

/** Rows per statement: well under Postgres' 65,535 bind parameters. */
const CHUNK = 1000;

async function insertRows(tx: EntityManager, sql: (values: string) => string, rows: unknown[][], placeholders: string): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.map(() => placeholders).join(',\n');
    const out = await tx.getConnection().execute<{ key: string }[]>(sql(values), chunk.flat(), 'all', tx.getTransactionContext());
    keys.push(...out.map((r) => r.key));
  }
  return keys;
}

/**
 * Store ERP invoice snapshots taken at feed position `seq`. `newer`: only replace a row holding an
 * older snapshot (the feed: a late or repeated event changes nothing); `atLeast`: also replace one
 * at the same position (the full sync, whose export is at least as new as the feed's start).
 * Returns the numbers of the rows written.
 */
export function upsertInvoices(tx: EntityManager, invoices: readonly ErpInvoice[], seq: number, mode: 'newer' | 'atLeast') {
  const guard = mode === 'newer' ? '<' : '<=';
  return insertRows(
    tx,
    (values) => `insert into "invoices"."invoice"
        (number, account_id, order_id, erp_order_number, delivery_number, currency, issued_at, due_date, total, balance, erp_status, lines,
         header_discount, tax, tax_lines, source_seq)
      values ${values}
      on conflict (number) do update set
        account_id = excluded.account_id, order_id = excluded.order_id, erp_order_number = excluded.erp_order_number,
        delivery_number = excluded.delivery_number, currency = excluded.currency, issued_at = excluded.issued_at,
        due_date = excluded.due_date, total = excluded.total, balance = excluded.balance, erp_status = excluded.erp_status,
        lines = excluded.lines, header_discount = excluded.header_discount, tax = excluded.tax, tax_lines = excluded.tax_lines,
        source_seq = excluded.source_seq
      where "invoice".source_seq ${guard} excluded.source_seq
      returning number as key`,
    invoices.map((i) => [
      i.number,
      i.accountId,
      i.portalOrderId,
      i.orderNumber,
      i.deliveryNumber ?? null,
      i.currency,
      i.issuedAt,
      i.dueDate,
      i.total,
      i.balance,
      i.status,
      JSON.stringify(i.lines ?? []),
      i.headerDiscount ?? '0',
      i.tax ?? '0',
      JSON.stringify(taxLinesOf(i)),
      seq,
    ]),
    '(?, ?, ?, ?, ?, ?, ?::date, ?::date, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?)',
  );
}

/** Insert credit memos not stored yet; returns the numbers inserted. */
export function insertCreditMemos(tx: EntityManager, memos: readonly ErpCreditMemo[]) {
  return insertRows(
    tx,
    (values) => `insert into "invoices"."credit_memo"
        (number, account_id, invoice_number, order_id, erp_order_number, currency, issued_at, total, reason, lines,
         header_discount, tax, tax_lines)
      values ${values}
      on conflict (number) do nothing
      returning number as key`,
    memos.map((m) => [
      m.number,
      m.accountId,
      m.invoiceNumber,
      m.portalOrderId,
      m.orderNumber,
      m.currency,
      m.issuedAt,
      m.total,
      m.reason,
      JSON.stringify(m.lines ?? []),
      m.headerDiscount ?? '0',
      m.tax ?? '0',
      JSON.stringify(taxLinesOf(m)),
    ]),
    '(?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?::jsonb, ?, ?, ?::jsonb)',
  );
}

export type PaymentRow = Pick<ErpPayment, 'id' | 'invoiceNumber' | 'accountId' | 'portalOrderId' | 'amount' | 'receivedAt'>;

/** Insert payments not stored yet; returns the ids inserted. */
export function insertPayments(tx: EntityManager, payments: readonly PaymentRow[]) {
  return insertRows(
    tx,
    (values) => `insert into "invoices"."payment" (id, invoice_number, account_id, order_id, amount, received_at)
      values ${values}
      on conflict (id) do nothing
      returning id as key`,
    payments.map((p) => [p.id, p.invoiceNumber, p.accountId, p.portalOrderId ?? null, p.amount, p.receivedAt]),
    '(?, ?, ?, ?, ?, ?::timestamptz)',
  );
}

export interface OutboxInput {
  eventId: string;
  topic: string;
  key: string;
  type: string;
  payload: object;
  correlationId: string | null;
}

/** Queue a bus event in the caller's transaction (once per event id). */
export async function enqueueOutbox(tx: EntityManager, m: OutboxInput): Promise<void> {
  await tx.getConnection().execute(
    `insert into "invoices"."outbox" (event_id, topic, key, type, payload, correlation_id, created_at, attempts)
       values (?, ?, ?, ?, ?::jsonb, ?, now(), 0) on conflict (event_id) do nothing`,
    [m.eventId, m.topic, m.key, m.type, JSON.stringify(m.payload), m.correlationId],
    'run',
    tx.getTransactionContext(),
  );
}
