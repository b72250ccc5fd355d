/**
 * The condition records that can price a set of SKUs for one customer on one date, in one SQL
 * statement: the customer's own records and the records for everyone (two index-friendly branches
 * of one `union all`, instead of `account_id is null or account_id = ?`, which would read every
 * customer's contracts for the SKUs), optionally with the header records (no SKU). Read as a
 * projection straight into engine records — no entity hydration per row.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { toConditionRecord, type ConditionRecord, type PricingCustomer } from '@portal/pricing-engine';

interface Row {
  id: string;
  version: number;
  condition_type: string;
  access: string;
  sku: string | null;
  account_id: string | null;
  price_list_id: string | null;
  tier: string | null;
  currency: string;
  amount: string | null;
  rate: string | null;
  scales: ConditionRecord['scales'] | null;
  valid_from: string;
  valid_to: string | null;
  contract_id: string | null;
  contract_version: number | null;
  country: string | null;
  tax_class: string | null;
}

const COLUMNS = `p.id, p.version, p.condition_type, p.access, p.sku, p.account_id, p.price_list_id, p.tier, p.currency,
  p.amount::text as amount, p.rate::text as rate, p.scales, to_char(p.valid_from, 'YYYY-MM-DD') as valid_from,
  to_char(p.valid_to, 'YYYY-MM-DD') as valid_to, p.contract_id, p.contract_version, p.country, p.tax_class`;

/** Only records that can apply to this customer on this date (the engine re-checks them all). */
const APPLICABLE = `p.currency = ? and p.valid_from <= ?::date and (p.valid_to is null or p.valid_to >= ?::date)
  and (p.price_list_id is null or p.price_list_id = ?) and (p.tier is null or p.tier = ?)
  and (p.country is null or p.country = ?)`;

export interface ApplicableRecords {
  /** Records without a SKU (header conditions); empty unless asked for. */
  header: ConditionRecord[];
  /** Item records per asked SKU (the customer's own first, then everyone's). */
  bySku: Map<string, ConditionRecord[]>;
}

export async function applicableRecords(
  em: EntityManager,
  customer: PricingCustomer,
  date: string,
  skus: readonly string[],
  withHeader: boolean,
): Promise<ApplicableRecords> {
  const out: ApplicableRecords = { header: [], bySku: new Map(skus.map((s) => [s, []])) };
  if (!skus.length && !withHeader) return out;
  const skuList = skus.map(() => '?').join(', ');
  const which = [withHeader ? 'p.sku is null' : null, skus.length ? `p.sku in (${skuList})` : null].filter(Boolean).join(' or ');
  const filter = [customer.currency, date, date, customer.priceListId, customer.tier, customer.shipToCountry ?? ''];
  const rows = await em.getConnection().execute<Row[]>(
    `select ${COLUMNS} from "pricing"."price_condition" p where p.account_id = ? and ${APPLICABLE} and (${which})
     union all
     select ${COLUMNS} from "pricing"."price_condition" p where p.account_id is null and ${APPLICABLE} and (${which})`,
    [customer.accountId, ...filter, ...skus, ...filter, ...skus],
  );
  // Own records first, then everyone's, as the branches return them.
  const own = rows.filter((r) => r.account_id !== null);
  const general = rows.filter((r) => r.account_id === null);
  for (const r of [...own, ...general]) {
    const record = toRecord(r);
    if (r.sku === null) out.header.push(record);
    else out.bySku.get(r.sku)?.push(record);
  }
  return out;
}

function toRecord(r: Row): ConditionRecord {
  return toConditionRecord({
    id: r.id,
    version: r.version,
    conditionType: r.condition_type,
    access: r.access,
    sku: r.sku,
    accountId: r.account_id,
    priceListId: r.price_list_id,
    tier: r.tier,
    currency: r.currency,
    amount: r.amount,
    rate: r.rate,
    scales: r.scales,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    contractId: r.contract_id,
    contractVersion: r.contract_version,
    country: r.country,
    taxClass: r.tax_class,
  });
}

/**
 * The items' tax classes for a cart of a taxed customer (a second statement, only for customers
 * with a ship-to country; a SKU without a row is not taxed).
 */
export async function taxClassesOf(em: EntityManager, skus: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(skus)];
  if (!unique.length) return new Map();
  const rows = await em
    .getConnection()
    .execute<{ sku: string; tax_class: string | null }[]>(
      `select sku, tax_class from "pricing"."item_tax_class" where sku in (${unique.map(() => '?').join(', ')})`,
      unique,
    );
  return new Map(rows.map((r) => [r.sku, r.tax_class]));
}
