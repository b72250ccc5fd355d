/**
 * The stack as deployed for a benchmark: one process per service (`deploy/one-per-service.json`)
 * on a database of its own on the Postgres server of DATABASE_URL and a stream of its own on the
 * NATS server of EVENT_BUS_URL. CPU time is read per process from /proc (the services', and the
 * Postgres server's processes together), so a benchmark can say what each service spends per
 * operation while the machine's cores are shared between them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, deleteNatsStream, type TestDatabase } from '@portal/testkit';
import { REPO_ROOT, startDeployment, type Deployment } from '../../deploy/deployment.js';

export interface DeployedStack {
  gatewayUrl: string;
  erpUrl: string;
  /**
   * CPU time (ms) so far per service process, plus `postgres` (the server's backends serving this
   * stack's database, alive now) and `machine` (every core, /proc/stat).
   */
  cpu(): Record<string, number>;
  stop(): Promise<void>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process (ms), 0 if it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The Postgres server's backends serving `database` (their title names it), alive now. */
function postgresCpuMs(database: string): number {
  let ms = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split(' ').includes(database)) ms += processCpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

function machineCpuMs(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  const [user, nice, system, , , irq, softirq, steal] = cpu!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

export async function startDeployedStack(env: Record<string, string>): Promise<DeployedStack> {
  const busUrl = process.env.EVENT_BUS_URL;
  if (!process.env.DATABASE_URL || !busUrl?.startsWith('nats://'))
    throw new Error('one process per service needs a Postgres server (DATABASE_URL) and NATS (EVENT_BUS_URL=nats://…)');
  const db: TestDatabase = await createTestDatabase('portal_bench');
  const database = new URL(db.url).pathname.slice(1);
  const namespace = `b${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // The processes inherit this process's environment: the benchmark's settings go there.
  Object.assign(process.env, env);
  let deployment: Deployment;
  try {
    deployment = await startDeployment(path.join(REPO_ROOT, 'deploy/one-per-service.json'), {
      vars: { DATABASE_URL: db.url, EVENT_BUS_URL: busUrl, EVENT_BUS_NAMESPACE: namespace },
      log: (name, line) => {
        if (/"level":(50|60)|error/i.test(line)) process.stderr.write(`[${name}] ${line}\n`);
      },
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    gatewayUrl: deployment.expand('http://127.0.0.1:${GATEWAY_PORT}/graphql'),
    erpUrl: deployment.expand('http://127.0.0.1:${ERP_PORT}'),
    cpu() {
      const out: Record<string, number> = {};
      for (const p of deployment.processes.values()) out[p.name] = p.child.pid ? processCpuMs(p.child.pid) : 0;
      out.postgres = postgresCpuMs(database);
      out.machine = machineCpuMs();
      return out;
    },
    async stop() {
      await deployment.stop();
      await deleteNatsStream(busUrl, namespace.toUpperCase()).catch(() => {});
      await db.close();
    },
  };
}
