/**
 * No database transaction stays open across a call to another system. A transaction held while
 * the ERP or another service answers keeps its locks (and, on the embedded database, its only
 * session) for as long as the other side takes; the rule is: record the intent and commit, call,
 * record the result in a new transaction. Every remote call of the portal (the ERP adapters, the
 * internal service client) asks this guard first.
 *
 * The open transaction is found through MikroORM's transaction context, which follows the async
 * call chain of `em.transactional(...)`. Under test (NODE_ENV=test) or with
 * REMOTE_CALL_GUARD=throw a violation throws, so a test that takes such a path fails; otherwise
 * it is logged once per call site and the call goes ahead.
 */
import { TransactionContext } from '@mikro-orm/core';

export class OpenTransactionError extends Error {
  constructor(readonly target: string) {
    super(`a database transaction is open while calling ${target}: commit first, then call (record intent, commit, call, record result)`);
    this.name = 'OpenTransactionError';
  }
}

type Mode = 'throw' | 'log' | 'off';
let mode: Mode | undefined;
const reported = new Set<string>();

function currentMode(): Mode {
  if (mode) return mode;
  const configured = process.env.REMOTE_CALL_GUARD;
  if (configured === 'throw' || configured === 'log' || configured === 'off') return configured;
  return process.env.NODE_ENV === 'test' ? 'throw' : 'log';
}

/** For tests of the guard itself. */
export function setRemoteCallGuardMode(m: Mode | undefined): void {
  mode = m;
}

/** True when the calling async context is inside an open MikroORM transaction. */
export function inOpenTransaction(): boolean {
  const em = TransactionContext.currentTransactionContext()?.em;
  // The context outlives the transaction (work started inside may run after the commit), and
  // MikroORM leaves the finished knex transaction on it: only one not completed yet counts.
  const trx = em?.getTransactionContext<{ isCompleted?: () => boolean }>();
  return !!trx && !(trx.isCompleted?.() ?? false);
}

/** Call before any request to another system; `target` names it ("ERP createSalesOrder", "pricing POST /internal/…"). */
export function assertNoOpenTransaction(target: string): void {
  const m = currentMode();
  if (m === 'off' || !inOpenTransaction()) return;
  const err = new OpenTransactionError(target);
  if (m === 'throw') throw err;
  if (reported.has(target)) return;
  reported.add(target);
  process.emitWarning(err.message, { code: 'PORTAL_OPEN_TRANSACTION', detail: err.stack });
}
