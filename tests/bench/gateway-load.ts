/**
 * Child process of `pnpm bench gateway`: the load generator, in its own process so that the
 * client's CPU is not charged to any gateway. Closed loop: `concurrency` keep-alive connections
 * (node:http Agent), each sends the next request as soon as its previous answer is read.
 * A request counts as an error unless it is HTTP 200 with a `data` body and no `errors`.
 * With `viewers` (one `authorization` value each), request i goes out as viewer i mod n.
 */
import http from 'node:http';

export interface LoadCommand {
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
  concurrency: number;
  requests: number;
  /** `authorization` header values to rotate through, one per request (many viewers). */
  viewers?: string[];
}

export interface LoadReply {
  id: number;
  requests: number;
  errors: number;
  seconds: number;
  /** Every request's latency in ms, in completion order. */
  latencies: number[];
  firstError?: string;
}

function runLoad(cmd: LoadCommand): Promise<LoadReply> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: cmd.concurrency });
  const target = new URL(cmd.url);
  const body = Buffer.from(cmd.body);
  const headers = { ...cmd.headers, 'content-type': 'application/json', 'content-length': String(body.length) };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sent = 0;

  const viewers = cmd.viewers?.length ? cmd.viewers : undefined;
  const one = (n: number) =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const done = (ok: boolean, why?: string) => {
        latencies.push(performance.now() - t);
        if (!ok) {
          errors++;
          firstError ??= why;
        }
        resolve();
      };
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: viewers ? { ...headers, authorization: viewers[n % viewers.length]! } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const ok = res.statusCode === 200 && text.startsWith('{"data"') && !text.includes('"errors":');
            done(ok, ok ? undefined : `HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
          });
          res.on('error', (e) => done(false, String(e)));
        },
      );
      req.on('error', (e) => done(false, String(e)));
      req.end(body);
    });

  const started = performance.now();
  return Promise.all(
    Array.from({ length: cmd.concurrency }, async () => {
      while (sent < cmd.requests) {
        await one(sent++);
      }
    }),
  ).then(() => {
    agent.destroy();
    return {
      id: cmd.id,
      requests: cmd.requests,
      errors,
      seconds: (performance.now() - started) / 1000,
      latencies,
      ...(firstError ? { firstError } : {}),
    };
  });
}

process.on('message', (cmd: LoadCommand) => {
  void runLoad(cmd).then((r) => process.send?.(r));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
