/**
 * The `invoices` filter as one SQL condition, so filtering and paging stay in the database. The
 * derived statuses (OVERDUE, PARTIALLY_PAID) depend on the day; their conditions mirror
 * `invoiceStatus` in domain/invoice-status.ts (the e2e test checks both agree on real data).
 */
import { GraphQLError } from 'graphql';
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { InvoiceStatus } from '../domain/invoice-status.js';
import type { InvoiceEntity } from '../entities/index.js';
import type { InvoiceFilter } from '../generated/resolvers.js';

const owed = () => ({ erpStatus: { $ne: 'CANCELLED' }, balance: { $gt: '0' } });

export function statusCondition(status: InvoiceStatus, today: string): FilterQuery<InvoiceEntity> {
  switch (status) {
    case 'CANCELLED':
      return { erpStatus: 'CANCELLED' };
    case 'PAID':
      return { erpStatus: { $ne: 'CANCELLED' }, balance: { $lte: '0' } };
    case 'OVERDUE':
      return { ...owed(), dueDate: { $lt: today } };
    case 'PARTIALLY_PAID':
      return { ...owed(), dueDate: { $gte: today }, [raw((a) => `${a}.balance < ${a}.total`)]: [] };
    case 'OPEN':
      return { ...owed(), dueDate: { $gte: today }, [raw((a) => `${a}.balance >= ${a}.total`)]: [] };
  }
}

const bad = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Conditions for the filter (all must hold); bad ranges are the caller's error. */
export function filterConditions(filter: InvoiceFilter | null | undefined, today: string): FilterQuery<InvoiceEntity>[] {
  if (!filter) return [];
  const out: FilterQuery<InvoiceEntity>[] = [];
  if (filter.issuedFrom && filter.issuedTo && filter.issuedFrom > filter.issuedTo) throw bad('issuedFrom is after issuedTo');
  if (filter.dueFrom && filter.dueTo && filter.dueFrom > filter.dueTo) throw bad('dueFrom is after dueTo');
  if (filter.status) out.push(statusCondition(filter.status, today));
  if (filter.overdue === true) out.push(statusCondition('OVERDUE', today));
  if (filter.overdue === false) out.push({ $not: statusCondition('OVERDUE', today) });
  if (filter.orderId) out.push({ orderId: filter.orderId });
  if (filter.issuedFrom) out.push({ issuedAt: { $gte: filter.issuedFrom } });
  if (filter.issuedTo) out.push({ issuedAt: { $lte: filter.issuedTo } });
  if (filter.dueFrom) out.push({ dueDate: { $gte: filter.dueFrom } });
  if (filter.dueTo) out.push({ dueDate: { $lte: filter.dueTo } });
  return out;
}
