/** Entities of the invoices schema. */
import { SyncState } from '@portal/platform/sync';
import { Invoice } from './invoice.entity.js';

export * from './invoice.entity.js';
export const entities = [Invoice, SyncState];
