/**
 * Start a deployment described by a process file (`deploy/multi-replica.json`): every process in
 * file order, each with the file's shared variables and its own, waiting for each to be ready
 * (`http://…/ready` answers 200, or `tcp://host:port` accepts) before the next starts.
 * `${NAME}` in a value is a variable: from `vars`, else from the environment, else — for a name
 * ending in `_PORT` — a free port picked now. Used by `tsx deploy/run.ts` and the multi-replica e2e suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ProcessSpec {
  name: string;
  command: string[];
  env: Record<string, string>;
  ready: string;
}
interface ProcessFile {
  description?: string;
  env: Record<string, string>;
  processes: ProcessSpec[];
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  env: Record<string, string>;
  ready: string;
}

export interface Deployment {
  vars: Record<string, string>;
  /** The resolved URL of a `${…}` expression, e.g. `url('http://127.0.0.1:${GATEWAY_PORT}')`. */
  expand(value: string): string;
  processes: Map<string, RunningProcess>;
  /** SIGKILL one process (a crash) and wait for it to exit. */
  kill(name: string): Promise<void>;
  /** Start one process of the file again (after `kill`) and wait until it is ready. */
  start(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function ready(url: string, child: ChildProcess, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    const ok = url.startsWith('tcp://')
      ? await new Promise<boolean>((resolve) => {
          const { hostname, port } = new URL(url.replace(/^tcp/, 'http'));
          const s = net.connect(Number(port), hostname, () => (s.destroy(), resolve(true)));
          s.on('error', () => resolve(false));
        })
      : await fetch(url, { signal: AbortSignal.timeout(2000) })
          .then((r) => r.ok)
          .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready at ${url} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startDeployment(
  file: string,
  opts: { vars?: Record<string, string>; log?: (name: string, line: string) => void; readyTimeoutMs?: number } = {},
): Promise<Deployment> {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as ProcessFile;
  const vars: Record<string, string> = { ...opts.vars };
  const names = new Set<string>();
  const collect = (v: string) => [...v.matchAll(/\$\{([A-Z0-9_]+)\}/g)].forEach((m) => names.add(m[1]!));
  Object.values(spec.env).forEach(collect);
  for (const p of spec.processes) [...p.command, ...Object.values(p.env), p.ready].forEach(collect);
  for (const name of names) {
    if (vars[name] !== undefined) continue;
    if (process.env[name] !== undefined) vars[name] = process.env[name]!;
    else if (name.endsWith('_PORT')) vars[name] = String(await freePort());
    else throw new Error(`${file}: no value for \${${name}}`);
  }
  const expand = (v: string) => v.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, n: string) => vars[n]!);
  const processes = new Map<string, RunningProcess>();
  const log = opts.log ?? ((name, line) => process.stderr.write(`[${name}] ${line}\n`));

  const launch = async (p: ProcessSpec) => {
    const env = Object.fromEntries(Object.entries({ ...spec.env, ...p.env }).map(([k, v]) => [k, expand(v)]));
    const [cmd, ...args] = p.command.map(expand);
    const child = spawn(cmd!, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!])
      stream.on('data', (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .forEach((l) => log(p.name, l)),
      );
    const running = { name: p.name, child, env, ready: expand(p.ready) };
    processes.set(p.name, running);
    await ready(running.ready, child, p.name, opts.readyTimeoutMs ?? 180_000);
  };
  const kill = async (name: string) => {
    const p = processes.get(name);
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.kill('SIGKILL');
    await exited;
  };
  const deployment: Deployment = {
    vars,
    expand,
    processes,
    kill,
    async start(name) {
      const p = spec.processes.find((x) => x.name === name);
      if (!p) throw new Error(`no process ${name} in ${file}`);
      await launch(p);
    },
    async stop() {
      // The reverse of the start order: clients of a service stop before it.
      for (const p of [...spec.processes].reverse()) {
        const running = processes.get(p.name);
        if (!running || running.child.exitCode !== null || running.child.signalCode !== null) continue;
        const exited = new Promise((r) => running.child.once('exit', r));
        running.child.kill('SIGTERM');
        const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  try {
    for (const p of spec.processes) await launch(p);
  } catch (err) {
    await deployment.stop();
    throw err;
  }
  return deployment;
}
