/**
 * The benchmark `pnpm bench subscriptions`'s child processes as seen from the parent: the client
 * processes (`subscriptions-clients.ts`, one pool over several) and the gateway's own process
 * (`subscriptions-gateway.ts`), each driven over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, Reply } from './subscriptions-clients.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

class Clients {
  private seq = 0;
  private waiting = new Map<number, (r: Reply) => void>();
  private proc = fork(path.join(HERE, 'subscriptions-clients.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  constructor() {
    this.proc.on('message', (r: Reply) => {
      this.waiting.get(r.id)?.(r);
      this.waiting.delete(r.id);
    });
  }
  send(cmd: WithoutId<Command>): Promise<Reply> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.send({ ...cmd, id });
    });
  }
  stop() {
    this.proc.kill();
  }
}

/** Several client processes used as one: `open` splits the count, `received` merges the times. */
export class ClientPool {
  readonly procs: Clients[];
  constructor(n: number) {
    this.procs = Array.from({ length: Math.max(1, n) }, () => new Clients());
  }
  async open(
    cmd: Omit<Extract<Command, { cmd: 'open' }>, 'id'>,
  ): Promise<{ connected: number; failed: number; firstError?: string; rss: number }> {
    const n = this.procs.length;
    const replies = await Promise.all(
      this.procs.map((c, k) => {
        const count = Math.floor(cmd.count / n) + (k < cmd.count % n ? 1 : 0);
        return count ? c.send({ ...cmd, count }) : Promise.resolve({ id: 0, connected: 0, failed: 0, rss: 0 } as Reply);
      }),
    );
    return {
      connected: replies.reduce((s, r) => s + (r.connected ?? 0), 0),
      failed: replies.reduce((s, r) => s + (r.failed ?? 0), 0),
      ...(replies.find((r) => r.firstError) ? { firstError: replies.find((r) => r.firstError)!.firstError! } : {}),
      rss: replies.reduce((s, r) => s + (r.rss ?? 0), 0),
    };
  }
  /** Receive times of the newest event, from every process (each reports its own newest). */
  async received(): Promise<number[]> {
    const replies = await Promise.all(this.procs.map((c) => c.send({ cmd: 'received', eventId: '' })));
    return replies.flatMap((r) => r.times ?? []);
  }
  async close() {
    await Promise.all(this.procs.map((c) => c.send({ cmd: 'close' })));
  }
  stop() {
    this.procs.forEach((c) => c.stop());
  }
}

/** The gateway in its own process. */
export class GatewayProcess {
  private seq = 0;
  private waiting = new Map<number, (r: { rss: number; heap: number; cpuMicros: number }) => void>();
  readonly proc: ChildProcess;
  readonly ready: Promise<string>;
  constructor(subgraphUrls: Record<string, string>) {
    this.proc = fork(path.join(HERE, 'subscriptions-gateway.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) },
    });
    this.ready = new Promise((resolve, reject) => {
      this.proc.once('exit', (code) => reject(new Error(`gateway process exited (${code})`)));
      this.proc.on('message', (m: { type?: string; url?: string; id?: number; rss: number; heap: number; cpuMicros: number }) => {
        if (m.type === 'ready') resolve(m.url!);
        else if (m.id !== undefined) {
          this.waiting.get(m.id)?.(m);
          this.waiting.delete(m.id);
        }
      });
    });
  }
  usage(): Promise<{ rss: number; heap: number; cpuMicros: number }> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.send({ cmd: 'usage', id });
    });
  }
  /** A gauge from the gateway's own /metrics (summed over its series). */
  async metric(url: string, name: string): Promise<number> {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{'))
      .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
  }
  stop() {
    this.proc.kill();
  }
}
