/** Customer contracts from synced condition records: in force, or starting within the window. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { PriceCondition } from './entities/index.js';

export interface ContractView {
  /** The contract and its validity window: unique among an account's entries, the same in every answer. */
  id: string;
  contractId: string;
  status: 'ACTIVE' | 'UPCOMING';
  validFrom: string;
  validTo: string | null;
  endsInDays: number | null;
  startsInDays: number;
  expiringSoon: boolean;
  items: {
    sku: string;
    conditionId: string;
    conditionVersion: number;
    price: { amount: string; currency: string } | null;
    tiers: { minQuantity: number; price: { amount: string; currency: string } }[];
  }[];
}

export type ContractItemView = ContractView['items'][number];

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A contract entry's id: the contract and its validity window (an open end is left empty). */
export const contractEntryId = (contractId: string, validFrom: string, validTo: string | null) =>
  `${contractId}@${validFrom}..${validTo ?? ''}`;

/** `day`: the business date (the ERP's), which validity, `startsInDays` and `endsInDays` are reckoned from. */
export async function contractsOf(em: EntityManager, accountId: string, withinDays: number, day: string): Promise<ContractView[]> {
  const horizon = new Date(Date.parse(`${day}T00:00:00Z`) + withinDays * 86_400_000).toISOString().slice(0, 10);
  const rows = await em.find(
    PriceCondition,
    { accountId, contractId: { $ne: null }, validFrom: { $lte: horizon }, $or: [{ validTo: null }, { validTo: { $gte: day } }] },
    { orderBy: { contractId: 'asc', validFrom: 'asc', sku: 'asc' }, disableIdentityMap: true },
  );
  // One contract can have records with different windows (items added later): group by contract and window.
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.contractId}|${r.validFrom}|${r.validTo ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((records) => {
    const first = records[0]!;
    const validTo = first.validTo ?? null;
    const startsInDays = Math.max(0, days(day, first.validFrom));
    const endsInDays = validTo ? days(day, validTo) : null;
    return {
      id: contractEntryId(first.contractId!, first.validFrom, validTo),
      contractId: first.contractId!,
      status: first.validFrom <= day ? 'ACTIVE' : 'UPCOMING',
      validFrom: first.validFrom,
      validTo,
      endsInDays,
      startsInDays,
      expiringSoon: endsInDays !== null && endsInDays <= withinDays,
      items: records
        .filter((r) => r.sku)
        .map((r) => ({
          sku: r.sku!,
          conditionId: r.id,
          conditionVersion: r.version,
          price: r.amount ? { amount: r.amount, currency: r.currency } : null,
          tiers: r.scales
            .filter((s) => s.amount)
            .map((s) => ({ minQuantity: Number(s.from), price: { amount: s.amount!, currency: r.currency } })),
        })),
    };
  });
}
