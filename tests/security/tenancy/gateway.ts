/**
 * Tenancy e2e through the gateway: every Query entry point, every Mutation and every Subscription
 * taking an id, with the other account's ids — null, nothing of theirs or a typed refusal, nothing
 * changed — and a live event on one account's order reaching its owner and nobody else.
 */
import { isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@portal/testkit';
import { gql } from '../../support/graphql.js';
import { collect, wsClient } from '../../support/subscriptions.js';
import { clientSafe, leaks } from '../support.js';
import { snapshot, type World } from '../world.js';
import {
  stack,
  worlds,
  DIRECTIONS,
  positions,
  rootFields,
  document,
  run,
  argsFor,
  freshCart,
  inPool,
  isErrorResult,
  codes,
} from './probes.js';

export function defineGatewayTenancyTests(): void {
  describe('tenancy through the gateway', () => {
    it('every Query entry point with the other account’s ids: null or nothing of theirs', async () => {
      const unmapped: string[] = [];
      let probes = 0;
      const failures: string[] = [];
      for (const [a, b] of DIRECTIONS) {
        const own = worlds[a]!;
        const victim = worlds[b]!;
        const tasks = rootFields('Query').flatMap((field) => (['buyer', 'admin'] as const).map((role) => ({ field, role })));
        await inPool(tasks, async ({ field, role }) => {
          const pos = positions('Query', field, role === 'buyer' ? unmapped : []);
          {
            const token = stack.token(a, role);
            // Without arguments (lists, me, …): nothing of the other account.
            if (!field.args.some((x) => isNonNullType(x.type))) {
              const { r, query } = await run('query', field, token, {});
              probes++;
              const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, query).join(', ');
              if (bad) failures.push(`${a} ${role} ${field.name}: ${bad}`);
            }
            for (const p of pos) {
              const victimIds = victim.ids[p.kind];
              if (!victimIds.length) continue;
              const vars = argsFor(field, pos, own, victim, [p]);
              const { r, query } = await run('query', field, token, vars);
              probes++;
              const sent = query + JSON.stringify(vars);
              const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, sent).join(', ');
              if (bad) failures.push(`${a} ${role} ${field.name}(${p.path.join('.')}=${b}): ${bad}`);
              const single = p.path.length === 1 && !field.type.toString().endsWith('!');
              if (single && r.body.data?.[field.name] != null)
                failures.push(
                  `${a} ${role} ${field.name}(${p.path.join('.')}=${b}): returned ${JSON.stringify(r.body.data[field.name]).slice(0, 200)}`,
                );
              // The same probe with the prober's own id finds it: the probe itself works.
              if (single && own.ids[p.kind].length) {
                const control = await run('query', field, token, argsFor(field, pos, own, victim, []));
                if (control.r.body.data?.[field.name] == null)
                  failures.push(`control ${a} ${role} ${field.name}(own ${p.kind}): ${JSON.stringify(control.r.body).slice(0, 300)}`);
              }
            }
          }
        });
      }
      console.log(
        `tenancy/query: ${rootFields('Query').length} Query fields, ${probes} probes (2 directions × buyer/admin, each id argument and filter field): ${failures.length} leaks`,
      );
      expect(unmapped, 'id arguments the suite does not know: add them to KINDS').toEqual([]);
      expect(failures).toEqual([]);
    });

    it('every Mutation taking an id, with the other account’s ids (alone and mixed with own ones): typed refusal, nothing changed', async () => {
      const unmapped: string[] = [];
      const failures: string[] = [];
      let probes = 0;
      let mutations = 0;
      for (const [a, b] of DIRECTIONS) {
        const own = worlds[a]!;
        const victim = worlds[b]!;
        const baseline = await snapshot(stack, b); // b was the prober the other way round
        for (const field of rootFields('Mutation')) {
          const pos = positions('Mutation', field, unmapped);
          if (!pos.length) continue;
          if (a === 'ACME') mutations++;
          // Each id alone from the victim, and all of them at once.
          const variants = [...pos.map((p) => [p]), ...(pos.length > 1 ? [pos] : [])];
          const tasks = (['buyer', 'admin'] as const).flatMap((role) => variants.map((victimAt) => ({ role, victimAt })));
          await inPool(tasks, async ({ role, victimAt }) => {
            {
              if (victimAt.some((p) => !victim.ids[p.kind].length)) return;
              const needsCart = pos.some((p) => !victimAt.includes(p) && (p.kind === 'cart' || p.kind === 'cartLine'));
              const mine = needsCart ? await freshCart(a) : { cart: own.primary.cart, line: own.primary.cartLine };
              const ownWorld: World = { ...own, primary: { ...own.primary, cart: mine.cart, cartLine: mine.line } };
              const vars = argsFor(field, pos, ownWorld, victim, victimAt);
              const { r, query } = await run('mutation', field, stack.token(a, role), vars);
              probes++;
              const label = `${a} ${role} ${field.name}(${victimAt.map((p) => p.path.join('.')).join(',')}=${b})`;
              const bad = clientSafe(r) ?? leaks(r.body, victim.secrets, query + JSON.stringify(vars)).join(', ');
              if (bad) failures.push(`${label}: ${bad}`);
              const result = r.body.data?.[field.name];
              if (result != null && !isErrorResult(result)) failures.push(`${label}: accepted as ${JSON.stringify(result).slice(0, 200)}`);
              if (result == null && !codes(r).every((c) => c === 'FORBIDDEN' || c === 'NOT_FOUND' || c === 'BAD_USER_INPUT'))
                failures.push(`${label}: ${JSON.stringify(r.body.errors)}`);
            }
          });
          expect(await snapshot(stack, b), `${b} changed by ${a}'s ${field.name} probes`).toEqual(baseline);
        }
      }
      console.log(
        `tenancy/mutation: ${mutations} mutations taking ids, ${probes} probes (2 directions × buyer/admin × each id alone and all at once): ${failures.length} accepted or leaked; victims unchanged`,
      );
      expect(unmapped, 'id arguments the suite does not know: add them to KINDS').toEqual([]);
      expect(failures).toEqual([]);
    });

    it('every Subscription with the other account’s ids over graphql-ws: refused, nothing delivered', async () => {
      const unmapped: string[] = [];
      const failures: string[] = [];
      let probes = 0;
      const tasks = DIRECTIONS.flatMap(([a, b]) =>
        rootFields('Subscription').flatMap((field) => {
          const pos = positions('Subscription', field, a === 'ACME' ? unmapped : []);
          return pos.map((p) => ({ a, b, field, pos, p }));
        }),
      );
      await inPool(
        tasks,
        async ({ a, b, field, pos, p }) => {
          {
            const vars = argsFor(field, pos, worlds[a]!, worlds[b]!, [p]);
            const client = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token(a, 'buyer')}` });
            const sub = collect(client, document('subscription', field, 3, Object.keys(vars)), vars);
            // A cursor is a position in the timeline, not an id: with the prober's own order (or
            // account) it may replay the prober's own events — never the other account's.
            const cursor = p.kind === 'eventCursor';
            await waitFor(async () => sub.errors.length > 0 || sub.completed || null, { timeoutMs: cursor ? 2_000 : 10_000 }).catch(
              () => {},
            );
            probes++;
            const label = `${a} ${field.name}(${p.path.join('.')}=${b})`;
            if (!cursor && sub.results.length) failures.push(`${label}: delivered ${JSON.stringify(sub.results[0]).slice(0, 200)}`);
            const errs = JSON.stringify(sub.errors);
            if (!cursor && !/NOT_FOUND|BAD_USER_INPUT|FORBIDDEN/.test(errs)) failures.push(`${label}: not refused (${errs.slice(0, 200)})`);
            const leaked = leaks([sub.errors, sub.results], worlds[b]!.secrets, JSON.stringify(vars));
            if (leaked.length) failures.push(`${label}: ${leaked.join(', ')}`);
            sub.stop();
            await client.dispose();
          }
        },
        6,
      );
      console.log(
        `tenancy/subscription: ${rootFields('Subscription').length} subscriptions, ${probes} probes over graphql-ws: ${failures.length} leaks`,
      );
      expect(unmapped).toEqual([]);
      expect(failures).toEqual([]);
    });

    it('a live event on the other account’s order reaches its owner and nobody else', async () => {
      const victim = worlds.GLOBEX!;
      const sel = `cursor event { type summary } order { id status }`;
      const owner = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('GLOBEX', 'buyer')}` });
      const prober = wsClient(stack.gatewayUrl, { Authorization: `Bearer ${stack.token('ACME', 'buyer')}` });
      const control = collect(owner, `subscription($o: ID!) { orderUpdated(orderId: $o) { ${sel} } }`, { o: victim.primary.order });
      const all = collect(prober, `subscription { accountOrderUpdates { ${sel} } }`);
      const direct = collect(prober, `subscription($o: ID!) { orderUpdated(orderId: $o) { ${sel} } }`, { o: victim.primary.order });
      await new Promise((r) => setTimeout(r, 1_000)); // both subscribed
      const resolved = await gql(
        stack.gatewayUrl,
        `mutation($o: ID!, $e: ID!) { resolveOrderException(orderId: $o, exceptionId: $e, action: WITHDRAW, comment: "sec") { __typename } }`,
        { token: stack.token('GLOBEX', 'buyer'), variables: { o: victim.primary.order, e: victim.primary.exception } },
      );
      expect(resolved.body.data.resolveOrderException.__typename).toBe('OrderExceptionResolved');
      await control.waitFor(1, 15_000);
      await new Promise((r) => setTimeout(r, 1_500)); // as long again for anything misrouted
      console.log(
        `tenancy/live: owner got ${control.results.length} event(s); other account got ${all.results.length + direct.results.length}`,
      );
      expect(all.results).toEqual([]);
      expect(direct.results).toEqual([]);
      for (const s of [control, all, direct]) s.stop();
      await owner.dispose();
      await prober.dispose();
    });
  });
}
