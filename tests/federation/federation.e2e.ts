/**
 * The federation suite: for every case (tests/federation/cases.ts) its own subgraphs are served
 * and composed, and each query goes through our gateway (Hive's planner, our executor) and stock
 * `@apollo/gateway`: ours must give the expected answer, the same data as Apollo's, and — where a
 * case says so — make exactly the subgraph calls it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { CASES } from './cases.js';
import { startCase, type RunningCase } from './support.js';

for (const c of CASES) {
  describe(c.name, () => {
    let running: RunningCase;
    beforeAll(async () => {
      running = await startCase(c);
    });
    afterAll(async () => {
      await running?.close();
    });

    for (const q of c.queries)
      it(q.name, async () => {
        running.resetCalls();
        const ours = await gql(running.ours, q.query, { token: running.token, ...(q.variables ? { variables: q.variables } : {}) });
        const calls = running.calls();
        const theirs = await gql(running.apollo, q.query, { token: running.token, ...(q.variables ? { variables: q.variables } : {}) });
        expect(ours.status).toBe(200);
        expect(ours.body.data).toEqual(q.expected);
        expect(ours.body.data).toEqual(theirs.body.data);
        expect((ours.body.errors ?? []).map((e) => ({ message: e.message, path: e.path }))).toEqual(q.errors ?? []);
        for (const [subgraph, n] of Object.entries(q.calls ?? {})) expect(calls[subgraph] ?? 0, `calls to ${subgraph}`).toBe(n);
      });
  });
}
