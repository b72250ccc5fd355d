/**
 * Summaries for `pnpm bench gateway`'s profile of our gateway: self time per function and per
 * module from a V8 CPU profile, and gateway-vs-subgraph time from traced subgraph calls; and the
 * in-process profiler the other benchmarks switch on around their measured phase.
 */
import { Session } from 'node:inspector/promises';
import { table } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const ROOT = process.cwd();

/** Which package (or our workspace dir, or Node internal area) a script URL belongs to. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return /^\(.*\)$/.test(functionName) ? functionName : '(V8 builtins / native)';
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  const p = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (p.startsWith(ROOT)) {
    const rel = p.slice(ROOT.length + 1).split('/');
    return `(ours) ${rel.slice(0, rel[0] === 'subgraphs' ? 3 : 2).join('/')}`;
  }
  return p;
}

/** A script of this repository's own (not a dependency). */
function isOurs(url: string): boolean {
  const p = decodeURIComponent(url.replace(/^file:\/\//, ''));
  return p.startsWith(ROOT) && !p.includes('/node_modules/');
}

function shortUrl(url: string): string {
  const p = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + '/node_modules/'.length);
  return p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p;
}

export interface SelfTime {
  name: string;
  ms: number;
  pct: number;
}

/** Stages whose inclusive time is worth knowing in a federated gateway (matched on a frame's URL or name). */
const STAGES: { name: string; match: (url: string, fn: string) => boolean }[] = [
  {
    name: 'HTTP server in/out (node:_http_server, platform http)',
    match: (u) => u === 'node:_http_server' || u.endsWith('/platform/src/http.ts'),
  },
  { name: 'JWT verify (jose, webcrypto)', match: (u) => u.includes('/jose/') },
  { name: 'Apollo Server request pipeline', match: (u) => u.includes('/@apollo/server/') },
  { name: 'graphql-js parse/validate', match: (u, f) => u.includes('/graphql/') && /^(parse|validate)$/.test(f) },
  { name: 'operationFromDocument (federation-internals)', match: (_u, f) => f === 'operationFromDocument' },
  { name: 'query planning (@apollo/query-planner: stock @apollo/gateway)', match: (u) => u.includes('/@apollo/query-planner/') },
  {
    name: 'query planning (ours: Hive planner, a native call inside FederatedPlanner.plan)',
    match: (u, f) => u.endsWith('/gateway/src/executor/planner.ts') && f === 'plan',
  },
  { name: 'executeQueryPlan (@apollo/gateway)', match: (_u, f) => f === 'executeQueryPlan' },
  {
    name: 'our plan executor (gateway/src/executor, subscriptions.ts)',
    match: (u) => u.includes('/gateway/src/executor/') || u.endsWith('/gateway/src/subscriptions.ts'),
  },
  { name: 'subgraph request building + sending (RemoteGraphQLDataSource)', match: (u) => u.includes('RemoteGraphQLDataSource') },
  { name: 'undici fetch (client side of subgraph calls)', match: (u) => u.includes('undici') },
  { name: 'result shaping / merging (@apollo/gateway resultShaping)', match: (u) => u.includes('resultShaping') },
  { name: 'response JSON serialisation (prettyJSONStringify)', match: (_u, f) => f === 'prettyJSONStringify' },
  { name: 'trace/correlation ids (platform trace.ts)', match: (u) => u.endsWith('/platform/src/trace.ts') },
  { name: 'metrics (prom-client)', match: (u) => u.includes('/prom-client/') },
  { name: 'logging (pino)', match: (u) => u.includes('/pino') },
  { name: 'garbage collector', match: (_u, f) => f === '(garbage collector)' },
];

/**
 * Self time (sampled) per function and per module, and inclusive time per stage; percentages of
 * non-idle time. Samples taken inside the profiler's own calls (node:inspector) are left out.
 */
export function summariseProfile(profile: CpuProfile): {
  functions: SelfTime[];
  modules: SelfTime[];
  stages: SelfTime[];
  /** Time charged to the innermost function of ours on the stack (what our code spent, libraries included). */
  ours: SelfTime[];
  totalMs: number;
  idleMs: number;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Stages and exclusion flow down from the root to every node.
  const stagesOf = new Map<number, Set<string>>();
  const excluded = new Set<number>();
  const oursOf = new Map<number, string>();
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const stack = profile.nodes
    .filter((n) => !childIds.has(n.id))
    .map((n) => ({ id: n.id, stages: new Set<string>(), skip: false, ours: '(no code of ours on the stack)' }));
  while (stack.length) {
    const { id, stages, skip, ours: outer } = stack.pop()!;
    const cf = byId.get(id)!.callFrame;
    const ours = isOurs(cf.url) ? `${cf.functionName || '(anonymous)'}  ${shortUrl(cf.url)}:${cf.lineNumber + 1}` : outer;
    oursOf.set(id, ours);
    const own = STAGES.filter((st) => st.match(cf.url, cf.functionName)).map((st) => st.name);
    const mine = own.length ? new Set([...stages, ...own]) : stages;
    const skipMine = skip || cf.url === 'node:inspector';
    stagesOf.set(id, mine);
    if (skipMine) excluded.add(id);
    for (const c of byId.get(id)!.children ?? []) stack.push({ id: c, stages: mine, skip: skipMine, ours });
  }
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  const stage = new Map<string, number>();
  const oursMs = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    if (excluded.has(id)) continue;
    const cf = byId.get(id)!.callFrame;
    if (cf.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const fkey = cf.url
      ? `${cf.functionName || '(anonymous)'}  ${shortUrl(cf.url)}:${cf.lineNumber + 1}`
      : cf.functionName || '(anonymous)';
    fn.set(fkey, (fn.get(fkey) ?? 0) + us);
    const m = moduleOf(cf.url, cf.functionName);
    mod.set(m, (mod.get(m) ?? 0) + us);
    for (const st of stagesOf.get(id) ?? []) stage.set(st, (stage.get(st) ?? 0) + us);
    const o = oursOf.get(id)!;
    oursMs.set(o, (oursMs.get(o) ?? 0) + us);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / (total || 1) }));
  return { functions: rank(fn), modules: rank(mod), stages: rank(stage), ours: rank(oursMs), totalMs: total / 1000, idleMs: idle / 1000 };
}

/** Total length of the union of [start, end) intervals. */
export function unionMs(intervals: { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const { start, end } of sorted) {
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = start;
      curEnd = end;
    } else if (end > curEnd) curEnd = end;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * V8's sampling profiler on this process, started now when `on` (else nothing): `stop` answers the
 * profile of what ran in between, undefined when it was off.
 */
export async function startProfiler(on: boolean): Promise<{ stop(): Promise<CpuProfile | undefined> }> {
  if (!on) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile as CpuProfile;
    },
  };
}

/** Prints a profile's busy time, its top modules and functions, per unit of work (a request, a submit). */
export function printProfile(
  profile: CpuProfile,
  title: string,
  units: number,
  unit: string,
  top = { modules: 15, functions: 25, ours: 25 },
): void {
  const s = summariseProfile(profile);
  const per = (ms: number) => ms / (units || 1);
  const col = `ms/${unit}`;
  console.log(`\n${title}: ${per(s.totalMs).toFixed(1)} ms busy per ${unit}`);
  console.log(table(s.modules.slice(0, top.modules).map((m) => ({ module: m.name, [col]: per(m.ms), '%': m.pct }))));
  console.log(table(s.functions.slice(0, top.functions).map((f) => ({ function: f.name, [col]: per(f.ms), '%': f.pct }))));
  console.log(`\nthe same time charged to the innermost function of ours on the stack (libraries it called included):`);
  console.log(table(s.ours.slice(0, top.ours).map((f) => ({ 'our function': f.name, [col]: per(f.ms), '%': f.pct }))));
}
