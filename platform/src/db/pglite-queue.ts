/**
 * A protocol-aware query queue for pglite-socket. PGlite runs one backend, so the socket server
 * multiplexes client connections onto it. Its stock queue interleaves connections message by
 * message, which breaks the extended protocol (one client's Parse can replace another's unnamed
 * statement between Parse and Bind: "unnamed prepared statement does not exist"), and it stalls
 * for good when a message throws. This queue keeps a connection's extended-protocol sequence
 * (Parse … Sync) and its open transaction together, and survives errors.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
/** Parse, Bind, Describe, Execute, Close, Flush: a sequence that lasts until Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

export class ProtocolAwareQueue {
  private queue: Item[] = [];
  private processing = false;
  /** The connection whose extended-protocol sequence or transaction owns the backend. */
  private owner: number | null = null;

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
      for (let item = this.next(); item; item = this.next()) {
        const type = item.message[0] ?? 0;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (err) {
          item.reject(err);
        }
        if (EXTENDED.has(type)) this.owner = item.handlerId;
        else if (type === SYNC || type === QUERY || type === TERMINATE) this.owner = null;
        // An open transaction keeps the backend for its connection until COMMIT/ROLLBACK.
        if (this.db.isInTransaction() && type !== TERMINATE) this.owner = item.handlerId;
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((i) => {
      if (i.handlerId !== handlerId) return true;
      i.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection went away: roll back what it left open and let the others run. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    await this.process();
  }
}
