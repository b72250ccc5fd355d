/**
 * A protocol-aware query queue for pglite-socket. PGlite runs one backend, so the socket server
 * multiplexes client connections onto it. Its stock queue interleaves connections message by
 * message, which breaks the extended protocol (one client's Parse can replace another's unnamed
 * statement between Parse and Bind: "unnamed prepared statement does not exist"), and it stalls
 * for good when a message throws. This queue keeps a connection's extended-protocol sequence
 * (Parse … Sync) and its open transaction together, and survives errors.
 *
 * Two things a Postgres server does that the stock queue does not:
 * - **Answers in one piece.** The server buffers what it sends until Sync (or Flush, or the end of
 *   a simple query) and then writes it at once. The stock queue ran every message on its own and
 *   wrote every piece PGlite produced as it came — five runs and five writes, and as many reads
 *   and wake-ups for the client, for one parameterised statement. Here a connection's messages up
 *   to its Sync run in one go (PGlite takes several messages in one buffer) and the answer goes
 *   out whole.
 * - **Takes `COPY … FROM STDIN`.** PGlite reads a COPY's data from a file, not from the protocol,
 *   and the socket hands it one message at a time, so the copy used to lose its data. Here the
 *   queue answers the Query with CopyInResponse itself, keeps the connection's CopyData until
 *   CopyDone, and then runs the same COPY reading that data from PGlite's `/dev/blob` device: the
 *   backend's own CommandComplete (or error) and ReadyForQuery go back to the client. CopyFail
 *   raises `query_canceled` in the backend, as the server does, so an open transaction fails.
 *   The data goes through a temporary table of the named columns, then into the target with one
 *   INSERT … SELECT: PGlite's COPY into a table takes longer the larger the table already is
 *   (10,000 rows into a table of 400,000 took ten times as long as into an empty one), its INSERT
 *   does not. The client sees the COPY's own answer only.
 *
 * And one thing it does so that transactions hold the one backend for less: a plain `BEGIN` is
 * answered at once and run with the connection's next message. A transaction owns the backend
 * from its first statement to its end (no other connection's statement can run in between), and
 * until that statement comes it has nothing to hold it for; the client's round trip after BEGIN
 * — a wake-up of a busy event loop — no longer keeps everyone else waiting. The backend sees the
 * same BEGIN, just later (`now()`, the transaction's start, is its first statement's time).
 */
import type { PGlite } from '@electric-sql/pglite';
import { closes, prepares, scopeStatement } from './pglite-names.js';

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/** The blob device PGlite reads `COPY … FROM '/dev/blob'` from (internal but declared API). */
interface BlobDevice {
  _handleBlob(blob?: Blob): Promise<void>;
  _cleanupBlob(): Promise<void>;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const FLUSH = 0x48; // 'H'
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'
/** A Sync message: ends an extended-protocol sequence (and its implicit transaction). */
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);
/** Parse, Bind, Describe, Execute, Close, Flush: a sequence that lasts until Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, FLUSH]);

/** A plain BEGIN (or START TRANSACTION) with no options, as ORMs and drivers send it. */
const PLAIN_BEGIN = /^\s*(begin|start\s+transaction)\s*;?\s*$/i;

/** `COPY <target> FROM STDIN [options]` as one simple query; the target and the options. */
const COPY_FROM_STDIN = /^\s*copy\s+([\s\S]+?)\s+from\s+stdin\b([\s\S]*?)[\s;]*$/i;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A simple Query message for `sql`. */
export function queryMessage(sql: string): Uint8Array {
  const text = encoder.encode(sql);
  const out = new Uint8Array(text.length + 6);
  const view = new DataView(out.buffer);
  out[0] = QUERY;
  view.setInt32(1, text.length + 5);
  out.set(text, 5);
  return out;
}

/** The SQL of a simple Query message. */
function queryText(message: Uint8Array): string {
  const end = message[message.length - 1] === 0 ? message.length - 1 : message.length;
  return decoder.decode(message.subarray(5, end));
}

/** CopyInResponse: text format, `columns` columns (0 when the statement names none). */
function copyInResponse(columns: number): Uint8Array {
  const out = new Uint8Array(8 + 2 * columns);
  const view = new DataView(out.buffer);
  out[0] = 0x47; // 'G'
  view.setInt32(1, 7 + 2 * columns);
  out[5] = 0; // text
  view.setInt16(6, columns);
  return out;
}

/** The number of columns a `COPY table (a, b, c)` target names, 0 if none. */
function namedColumns(target: string): number {
  const list = /\(([\s\S]*)\)\s*$/.exec(target);
  return list ? list[1]!.split(',').length : 0;
}

/** A COPY target's table and its column list (the text between the parentheses), if it names one. */
export function copyTarget(target: string): { table: string; columns: string | null } {
  let quoted = false;
  for (let i = 0; i < target.length; i++) {
    const c = target[i];
    if (c === '"') quoted = !quoted;
    else if (c === '(' && !quoted) {
      const close = target.lastIndexOf(')');
      return { table: target.slice(0, i).trim(), columns: target.slice(i + 1, close).trim() };
    }
  }
  return { table: target.trim(), columns: null };
}

/**
 * The answer of a staged COPY as a COPY's: every message but the CommandComplete of the statements
 * around it (the temporary table's creation and removal, the INSERT).
 */
function onlyCopyAnswer(answer: Uint8Array): Uint8Array {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const kept: Uint8Array[] = [];
  for (let at = 0; at + 5 <= answer.length;) {
    const next = at + 1 + view.getInt32(at + 1);
    const message = answer.subarray(at, next);
    // 'C' with a tag other than "COPY n" is one of the statements around the COPY.
    const around = answer[at] === 0x43 && decoder.decode(message.subarray(5, 10)) !== 'COPY ';
    if (!around) kept.push(message);
    at = next;
  }
  return concat(kept);
}

/** What the backend answers a BEGIN: CommandComplete "BEGIN", ReadyForQuery in a transaction. */
const BEGIN_ANSWER = (() => {
  const tag = encoder.encode('BEGIN\0');
  const out = new Uint8Array(1 + 4 + tag.length + 6);
  const view = new DataView(out.buffer);
  out[0] = 0x43; // 'C'
  view.setInt32(1, 4 + tag.length);
  out.set(tag, 5);
  const z = 5 + tag.length;
  out[z] = 0x5a; // 'Z'
  view.setInt32(z + 1, 5);
  out[z + 5] = 0x54; // 'T'
  return out;
})();

/** The answer after its first ReadyForQuery (what a deferred BEGIN answered), or all of it if BEGIN failed. */
function afterBegin(answer: Uint8Array): Uint8Array {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  for (let at = 0; at + 5 <= answer.length;) {
    const type = answer[at]!;
    if (type === 0x45) return answer; // 'E': BEGIN itself failed — the client sees why
    const next = at + 1 + view.getInt32(at + 1);
    if (type === 0x5a) return answer.subarray(next);
    at = next;
  }
  return answer;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class ProtocolAwareQueue {
  private queue: Item[] = [];
  private processing = false;
  /** The connection whose open transaction (or sequence run up to a Flush) owns the backend. */
  private owner: number | null = null;
  /** A connection's extended-protocol messages since its last Sync: run together at Sync or Flush. */
  private pending = new Map<number, Uint8Array[]>();
  /** Connections whose extended-protocol sequence ran up to a Flush and waits for its Sync. */
  private flushed = new Set<number>();
  /** Connections whose BEGIN was answered and waits to run with their next message. */
  private begun = new Set<number>();
  /** Connections in COPY FROM STDIN: the statement to run and the data so far. */
  private copying = new Map<number, { target: string; options: string; data: Uint8Array[] }>();
  /** COPYs run so far: each names its temporary table by it (the one backend is every connection's session). */
  private copies = 0;
  /** The statements each connection has prepared, by their names in the backend. */
  private prepared = new Map<number, Set<string>>();
  /** Statements of connections that went away, to deallocate when no transaction is open. */
  private unused: string[] = [];
  /** Connections that went away, until the loop has given back what they held. */
  private gone = new Set<number>();
  /** Set when the database is closing: no more deallocation. */
  private closing = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next(): Item | undefined {
    if (this.owner === null) return this.queue.shift();
    const idx = this.queue.findIndex((i) => i.handlerId === this.owner);
    return idx === -1 ? undefined : this.queue.splice(idx, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        // A connection that went away while it held the backend gives it back here, in the loop:
        // its last message may still have been running when it went.
        if (this.owner !== null && this.gone.has(this.owner)) await this.release(this.owner);
        if (this.owner === null && this.unused.length && !this.closing) {
          await this.run(queryMessage(`deallocate "${this.unused.pop()!.replace(/"/g, '""')}"`)).catch(() => {});
          continue;
        }
        const item = this.next();
        if (!item) break;
        const type = item.message[0] ?? 0;
        try {
          item.resolve(await this.handle(item, type));
        } catch (err) {
          this.pending.delete(item.handlerId);
          item.reject(err);
        }
        // A sequence run up to a Flush (a portal may be suspended) keeps the backend for its
        // connection until its Sync; an open transaction until COMMIT/ROLLBACK.
        if (type === FLUSH) this.flushed.add(item.handlerId);
        else if (type === SYNC || type === QUERY || type === TERMINATE) this.flushed.delete(item.handlerId);
        const holds = (this.db.isInTransaction() && type !== TERMINATE) || this.flushed.has(item.handlerId);
        this.owner = holds ? item.handlerId : null;
      }
      for (const id of this.gone) if (id !== this.owner && !this.queue.some((i) => i.handlerId === id)) this.gone.delete(id);
    } finally {
      this.processing = false;
    }
  }

  /**
   * Ends what a connection left open on the backend: the implicit transaction of a sequence run up
   * to a Flush (a Sync closes it) and an open transaction (rolled back).
   */
  private async release(handlerId: number): Promise<void> {
    if (this.flushed.delete(handlerId)) await this.run(SYNC_MESSAGE);
    if (this.db.isInTransaction()) await this.run(queryMessage('ROLLBACK'));
    if (this.owner === handlerId) this.owner = null;
  }

  /**
   * One message of a connection. Parse, Bind, Describe, Execute and Close wait for the Sync (or
   * Flush) that ends them and then run with it in one go: no other connection's statement can come
   * between them, and the backend is entered once per statement, not five times. What the backend
   * answers goes to the client in one piece.
   */
  private async handle(item: Item, type: number): Promise<number> {
    const id = item.handlerId;
    const copy = this.copying.get(id);
    if (copy) {
      if (type === COPY_DATA) {
        copy.data.push(item.message.subarray(5));
        return 0;
      }
      if (type === FLUSH || type === SYNC) return 0; // ignored during COPY, as by the server
      this.copying.delete(id);
      if (type === COPY_DONE) return this.send(item, await this.copyIn(copy));
      if (type === COPY_FAIL) {
        const reason = queryText(item.message);
        return this.send(item, await this.run(queryMessage(raiseCanceled(`COPY from stdin failed: ${reason}`))));
      }
      // Anything else ends the copy as a protocol error would; the message itself runs as usual.
    }
    if (EXTENDED.has(type) && type !== FLUSH) {
      // A statement's name in the backend is the connection's own (pglite-names.ts).
      const { message, name } = scopeStatement(id, item.message);
      if (name && prepares(message)) this.preparedBy(id).add(name);
      else if (name && closes(message)) this.preparedBy(id).delete(name);
      const pending = this.pending.get(id);
      if (pending) pending.push(message);
      else this.pending.set(id, [message]);
      return 0;
    }
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (type === TERMINATE) {
      // The connection ends, not the backend every connection shares: what it left open (a
      // transaction, a sequence up to a Flush) ends with it. A begun transaction never ran.
      this.begun.delete(id);
      await this.release(id);
      return 0;
    }
    if (type === QUERY && !pending) {
      const text = queryText(item.message);
      if (PLAIN_BEGIN.test(text) && !this.begun.has(id) && !this.db.isInTransaction()) {
        this.begun.add(id);
        return this.send(item, BEGIN_ANSWER);
      }
      const match = COPY_FROM_STDIN.exec(text);
      if (match) {
        if (this.begun.delete(id)) await this.run(queryMessage('BEGIN'));
        this.copying.set(id, { target: match[1]!, options: match[2] ?? '', data: [] });
        return this.send(item, copyInResponse(namedColumns(match[1]!)));
      }
    }
    const message = pending ? concat([...pending, item.message]) : item.message;
    if (!this.begun.delete(id)) return this.send(item, await this.run(message));
    return this.send(item, afterBegin(await this.run(concat([queryMessage('BEGIN'), message]))));
  }

  /** Hands the connection an answer, in one piece. */
  private send(item: Item, answer: Uint8Array): number {
    if (answer.length) item.onData(answer);
    return answer.length;
  }

  /** Runs one message on the backend; its whole answer. */
  private async run(message: Uint8Array): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        // PGlite may reuse the buffer it hands over: keep a copy.
        onRawData: (data: Uint8Array) => parts.push(data.slice()),
      }),
    );
    return parts.length ? concat(parts) : new Uint8Array(0);
  }

  /**
   * A finished COPY FROM STDIN: its data from the blob device into a temporary table of the named
   * columns (no constraints: the target's apply when the rows reach it), then into the target, in
   * one message — one transaction of its own, or a part of the connection's. The answer is the
   * COPY's (its row count, or the error that ended the message) and the ReadyForQuery.
   */
  private async copyIn(copy: { target: string; options: string; data: Uint8Array[] }): Promise<Uint8Array> {
    const device = this.db as unknown as BlobDevice;
    const { table, columns } = copyTarget(copy.target);
    const temp = `pg_temp.portal_copy_in_${++this.copies}`;
    await device._handleBlob(new Blob(copy.data as Uint8Array<ArrayBuffer>[]));
    try {
      const answer = await this.run(
        queryMessage(
          [
            `create temporary table ${temp} as select ${columns ?? '*'} from ${table} limit 0`,
            `copy ${temp} from '/dev/blob'${copy.options}`,
            `insert into ${table} ${columns ? `(${columns}) ` : ''}select * from ${temp}`,
            `drop table ${temp}`,
          ].join(';\n'),
        ),
      );
      return onlyCopyAnswer(answer);
    } finally {
      await device._cleanupBlob();
    }
  }

  private preparedBy(handlerId: number): Set<string> {
    let names = this.prepared.get(handlerId);
    if (!names) this.prepared.set(handlerId, (names = new Set()));
    return names;
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.gone.add(handlerId);
    this.unused.push(...(this.prepared.get(handlerId) ?? []));
    this.prepared.delete(handlerId);
    this.pending.delete(handlerId);
    this.begun.delete(handlerId);
    this.copying.delete(handlerId);
    this.queue = this.queue.filter((i) => {
      if (i.handlerId !== handlerId) return true;
      i.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection went away: the loop rolls back what it left open and lets the others run. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.begun.delete(handlerId);
    await this.process();
  }

  /**
   * The database is about to close: no more deallocation, and the answer once the loop has
   * stopped (so nothing runs on a closed database).
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.processing) await new Promise((r) => setTimeout(r, 5));
  }
}

/** A statement that fails with `query_canceled` and `message`, as a cancelled COPY does. */
function raiseCanceled(message: string): string {
  const body = `begin raise exception using errcode = 'query_canceled', message = ${literal(message.replaceAll('$copy_fail$', ''))}; end`;
  return `do $copy_fail$ ${body} $copy_fail$`;
}
