/**
 * The federation suite: for every case (tests/federation/cases.ts) its own subgraphs are served
 * and composed, and each query goes through our gateway under both planners — Hive's
 * (`GATEWAY_PLANNER=hive`, the default) and `@apollo/query-planner` (`GATEWAY_PLANNER=apollo`) —
 * and through stock `@apollo/gateway`. Under Hive's planner every query must give the expected
 * answer and — where a case says so — make exactly the subgraph calls it names. Under Apollo's
 * planner (ours and stock) it must give the same answer, except for the queries a case marks
 * `apolloPlannerFails`: there the test asserts that the answer is not the expected one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { CASES } from './cases.js';
import { startCase, type FederatedCase, type RunningCase } from './support.js';

type Query = FederatedCase['queries'][number];

const outcome = (res: Awaited<ReturnType<typeof gql>>) => ({
  status: res.status,
  data: res.body.data,
  errors: (res.body.errors ?? []).map((e) => ({ message: e.message, path: e.path })),
});

for (const c of CASES) {
  describe(c.name, () => {
    let running: RunningCase;
    beforeAll(async () => {
      running = await startCase(c);
    });
    afterAll(async () => {
      await running?.close();
    });
    const send = (url: string, q: Query) => gql(url, q.query, { token: running.token, ...(q.variables ? { variables: q.variables } : {}) });
    const wanted = (q: Query) => ({ status: 200, data: q.expected, errors: q.errors ?? [] });

    for (const q of c.queries) {
      it(`${q.name} — Hive's planner`, async () => {
        running.resetCalls();
        const ours = await send(running.ours, q);
        const calls = running.calls();
        expect(outcome(ours)).toEqual(wanted(q));
        for (const [subgraph, n] of Object.entries(q.calls ?? {})) expect(calls[subgraph] ?? 0, `calls to ${subgraph}`).toBe(n);
      });

      for (const [who, url] of [
        ["Apollo's planner", () => running.oursApolloPlanner],
        ['stock @apollo/gateway', () => running.apollo],
      ] as const)
        it(`${q.name} — ${who}${q.apolloPlannerFails ? ` (expected to fail: ${q.apolloPlannerFails})` : ''}`, async () => {
          const got = outcome(await send(url(), q));
          if (q.apolloPlannerFails) expect(got).not.toEqual(wanted(q));
          else expect(got).toEqual(wanted(q));
        });
    }
  });
}
