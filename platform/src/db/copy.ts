/**
 * `COPY … FROM STDIN` (text format) through a `pg` client, without a stream library: `pg` takes
 * any object with `submit(connection)` and the protocol handlers as a query, and hands it the
 * connection when the server asks for the data (CopyInResponse). The rows go as a few CopyData
 * messages, then CopyDone; the server parses them with no array literal, `unnest` or bind
 * parameter per value. The embedded database takes it too: its socket server keeps the data until
 * CopyDone and hands it to PGlite in one piece (pglite-queue.ts).
 */

/** The part of `pg`'s connection a COPY FROM STDIN uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** The part of a `pg` client that runs a query object. */
export interface CopyClient {
  query(query: CopyFrom | CopyTo, callback: (err: Error | null, rowCount?: number) => void): unknown;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value as a field of COPY's text format: `\N` for null (a text "\N" comes out as `\\N`);
 * backslash, tab, newline and carriage return escaped, everything else as it is.
 */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** Rows per CopyData message: a few hundred kilobytes each, not one string of the whole page. */
const ROWS_PER_CHUNK = 2000;

/** Rows as COPY text: fields separated by tabs, one line per row, in chunks of whole lines. */
export function copyChunks<T>(items: readonly T[], fields: readonly ((item: T) => string | number | null)[]): string[] {
  const chunks: string[] = [];
  for (let from = 0; from < items.length; from += ROWS_PER_CHUNK) {
    let text = '';
    const to = Math.min(items.length, from + ROWS_PER_CHUNK);
    for (let i = from; i < to; i++) {
      const item = items[i]!;
      let line = copyField(fields[0]!(item));
      for (let f = 1; f < fields.length; f++) line += '\t' + copyField(fields[f]!(item));
      text += line + '\n';
    }
    chunks.push(text);
  }
  return chunks;
}

/**
 * What both directions share as a query object of a `pg` client: the statement, the row count from
 * CommandComplete, and the end (an error, or ReadyForQuery).
 */
abstract class CopyQuery {
  callback?: ((err: Error | null, rowCount?: number) => void) | undefined;
  private rowCount = 0;

  constructor(private readonly sql: string) {}

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  abstract handleCopyInResponse(connection: CopyConnection): void;
  abstract handleCopyData(msg: { chunk: Buffer }): void;

  handleCommandComplete(msg: { text?: string }): void {
    this.rowCount = Number(/\d+$/.exec(msg.text ?? '')?.[0] ?? 0);
  }

  /** The client forgets the query before it reports an error, so this is its end. */
  handleError(err: Error): void {
    this.finish(err);
  }

  handleReadyForQuery(): void {
    this.finish(null);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  private finish(err: Error | null): void {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(err, this.rowCount);
  }
}

/** A `COPY … FROM STDIN` statement with its data, run as one query of a `pg` client. */
export class CopyFrom extends CopyQuery {
  constructor(
    sql: string,
    private readonly chunks: readonly (string | Buffer)[],
  ) {
    super(sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    connection.endCopyFrom();
  }

  handleCopyData(): void {}
}

/** Runs `COPY … FROM STDIN` with the given text on a `pg` client; resolves with the rows copied. */
export function copyFrom(client: CopyClient, sql: string, chunks: readonly (string | Buffer)[]): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyFrom(sql, chunks), (err, rowCount) => (err ? reject(err) : resolve(rowCount ?? 0)));
  });
}

/** A `COPY … TO STDOUT` statement, run as one query of a `pg` client: the data as the server sent it. */
export class CopyTo extends CopyQuery {
  readonly chunks: Buffer[] = [];

  handleCopyData(msg: { chunk: Buffer }): void {
    // A view into the connection's read buffer, which the next socket read may overwrite: copied.
    this.chunks.push(Buffer.from(msg.chunk));
  }

  handleCopyInResponse(connection: CopyConnection): void {
    // Not a COPY FROM: end it rather than leave the connection waiting for data.
    connection.endCopyFrom();
  }
}

/**
 * Runs `COPY … TO STDOUT` (text format) on a `pg` client; resolves with the server's text (one line
 * per row, fields separated by tabs, COPY's escapes) and the number of rows.
 */
export function copyTo(client: CopyClient, sql: string): Promise<{ data: Buffer; rows: number }> {
  const query = new CopyTo(sql);
  return new Promise((resolve, reject) => {
    client.query(query, (err, rowCount) => (err ? reject(err) : resolve({ data: Buffer.concat(query.chunks), rows: rowCount ?? 0 })));
  });
}
