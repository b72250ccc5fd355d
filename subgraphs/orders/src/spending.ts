/**
 * The spending limit that applies to a user, from the portal's records: users the portal has not
 * seen before are created on first sight with the account's default limit; a user without a limit
 * of their own gets the account's default at decision time. Admins of an account set the default.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@portal/platform/auth';
import { Decimal, amountText, minorUnits } from '@portal/platform/money';
import { effectiveLimit } from './domain/approval-rules.js';
import { Account, type AccountEntity } from './entities/index.js';

export interface UserLimit {
  limit: Decimal;
  currency: string;
  /** True when the user was created just now (first sight). */
  created: boolean;
}

type LimitRow = { currency: string; default_limit: string | null; user_id: string | null; user_limit: string | null };

/** The account and the user in one read (a projection: nothing here is changed). */
export const limitRead = (viewer: Viewer) => ({
  sql: `select a.currency, a.default_spending_limit as default_limit, u.id as user_id, u.spending_limit as user_limit
           from "orders"."account" a left join "orders"."portal_user" u on u.id = ? and u.account_id = a.id
          where a.id = ?`,
  params: [viewer.userId, viewer.accountId],
});

/**
 * The viewer's limit in the account currency; creates the user on first sight. `rows`: what
 * `limitRead` answered, when the caller sent it with statements of its own.
 */
export async function limitOf(em: EntityManager, viewer: Viewer, rows?: LimitRow[]): Promise<UserLimit> {
  const read = () => {
    const { sql, params } = limitRead(viewer);
    return em.getConnection().execute<LimitRow[]>(sql, params);
  };
  let [row] = rows ?? (await read());
  if (!row) throw new Error(`account ${viewer.accountId} is not known to the portal`);
  let created = false;
  if (!row.user_id) {
    const inserted = await em
      .getConnection()
      .execute<{ id: string }[]>(
        `insert into "orders"."portal_user" (id, account_id, name, email, role, spending_limit) values (?, ?, ?, '', ?, ?) on conflict (id) do nothing returning id`,
        [viewer.userId, viewer.accountId, viewer.userId, viewer.roles[0] ?? 'buyer', row.default_limit ?? null],
      );
    created = inserted.length > 0;
    // Created with the account's default; else someone else created the user meanwhile: read it.
    if (!created) [row] = await read();
    else row = { ...row, user_limit: row.default_limit };
  }
  return { limit: effectiveLimit(row!.user_limit, row!.default_limit), currency: row!.currency, created };
}

export type DefaultLimitOutcome = { account: AccountEntity } | { invalid: string };

/** Set the account's default limit (the account's admins). */
export async function setDefaultSpendingLimit(em: EntityManager, viewer: Viewer, amount: Decimal | string): Promise<DefaultLimitOutcome> {
  let value: Decimal;
  try {
    value = new Decimal(amount);
  } catch {
    return { invalid: 'amount is not a decimal number' };
  }
  const account = await em.findOneOrFail(Account, { id: viewer.accountId });
  // An amount has its currency's places at most (ISO 4217: JPY 0, USD 2, KWD 3).
  const places = minorUnits(account.currency);
  if (!value.isFinite() || value.isNegative() || value.gt('1e12') || value.decimalPlaces() > places)
    return {
      invalid: `amount must be between 0 and 1,000,000,000,000 with at most ${places} decimal${places === 1 ? '' : 's'} (${account.currency})`,
    };
  account.defaultSpendingLimit = amountText(value, account.currency);
  await em.flush();
  return { account };
}
