import { describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { copyTarget, ProtocolAwareQueue, queryMessage as query } from './pglite-queue.js';

describe('copyTarget', () => {
  it('splits a COPY target into its table and the columns it names', () => {
    expect(copyTarget('"pricing"."price_condition_staging" (id, version)')).toEqual({
      table: '"pricing"."price_condition_staging"',
      columns: 'id, version',
    });
    expect(copyTarget('c(id,name)')).toEqual({ table: 'c', columns: 'id,name' });
  });

  it('takes a parenthesis inside a quoted name as part of the name', () => {
    expect(copyTarget('"copy (target)" ("a (b)", c)')).toEqual({ table: '"copy (target)"', columns: '"a (b)", c' });
    expect(copyTarget('"copy (target)"')).toEqual({ table: '"copy (target)"', columns: null });
    expect(copyTarget(' plain ')).toEqual({ table: 'plain', columns: null });
  });
});

/** A stand-in backend: records the SQL of each simple query and lets a test hold one open. */
class FakeBackend {
  inTransaction = false;
  ran: string[] = [];
  private hold: { sql: string; release: Promise<void> } | undefined;
  private tail = Promise.resolve();
  holdNext(sql: string): () => void {
    let release!: () => void;
    this.hold = { sql, release: new Promise<void>((r) => (release = r)) };
    return release;
  }
  isInTransaction(): boolean {
    return this.inTransaction;
  }
  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }
  async execProtocolRawStream(message: Uint8Array, opts: { onRawData: (d: Uint8Array) => void }): Promise<void> {
    const sql = messages(message).join('; ');
    this.ran.push(sql);
    if (this.hold && sql.includes(this.hold.sql)) await this.hold.release;
    if (/^begin/i.test(sql)) this.inTransaction = true;
    if (/(commit|rollback)\s*$/i.test(sql)) this.inTransaction = false;
    opts.onRawData(new Uint8Array([0x5a, 0, 0, 0, 5, this.inTransaction ? 0x54 : 0x49]));
  }
}

/** The messages of a buffer: a simple query's SQL, else the message's type letter. */
function messages(buffer: Uint8Array): string[] {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const out: string[] = [];
  for (let at = 0; at < buffer.length; at += 1 + view.getInt32(at + 1)) {
    const end = at + 1 + view.getInt32(at + 1);
    out.push(buffer[at] === 0x51 ? new TextDecoder().decode(buffer.subarray(at + 5, end - 1)) : String.fromCharCode(buffer[at]!));
  }
  return out;
}

describe('ProtocolAwareQueue: a connection that goes away', () => {
  it('gives the backend back when it went while its first statement in a transaction was running', async () => {
    const backend = new FakeBackend();
    const queue = new ProtocolAwareQueue(backend as unknown as PGlite);
    const none = () => {};
    await queue.enqueue(1, query('BEGIN'), none); // answered at once, run with the next statement
    const release = backend.holdNext('insert');
    const running = queue.enqueue(1, query('insert into t values (1)'), none);
    await new Promise((r) => setTimeout(r, 10));
    // The connection closes while its statement runs; then that statement ends, inside the transaction.
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    release();
    await running;
    const other = await Promise.race([
      queue.enqueue(2, query('select 2'), none).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('stalled'), 1000)),
    ]);
    expect(other).toBe('answered');
    expect(backend.ran).toEqual(['BEGIN; insert into t values (1)', 'ROLLBACK', 'select 2']);
    expect(backend.inTransaction).toBe(false);
  });

  it('rolls back a transaction its connection ended with Terminate, and runs no Terminate on the shared backend', async () => {
    const backend = new FakeBackend();
    const queue = new ProtocolAwareQueue(backend as unknown as PGlite);
    const none = () => {};
    await queue.enqueue(1, query('BEGIN'), none);
    await queue.enqueue(1, query('insert into t values (1)'), none);
    await queue.enqueue(1, new Uint8Array([0x58, 0, 0, 0, 4]), none);
    await queue.enqueue(2, query('select 2'), none);
    expect(backend.ran).toEqual(['BEGIN; insert into t values (1)', 'ROLLBACK', 'select 2']);
  });
});
