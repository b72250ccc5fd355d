/** Entities of the invoices schema. */
import { InboxEntry } from '@portal/platform/feed';
import { SyncState } from '@portal/platform/sync';
import { CreditMemo, Invoice, OutboxMessage, Payment } from './invoice.entity.js';

export * from './invoice.entity.js';
export const entities = [Invoice, CreditMemo, Payment, OutboxMessage, SyncState, InboxEntry];
