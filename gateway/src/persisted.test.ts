import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTrustedOperations, persistedOperations, sha256 } from './persisted.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('trusted documents', () => {
  it('registers each operation with the fragments it uses, by sha256 of its printed text', () => {
    const dir = dirWith({
      'a.graphql': '# comment\nquery A { me { ...U } }\nquery B { carts { id } }',
      'frags.graphql': 'fragment U on Viewer { user { id } }\nfragment Unused on Cart { id }',
      'notes.txt': 'ignored',
    });
    const ops = loadTrustedOperations(dir);
    expect(ops.map((o) => o.name)).toEqual(['A', 'B']);
    const a = ops[0]!;
    expect(a.body).toBe(print(parse('query A { me { ...U } } fragment U on Viewer { user { id } }')));
    expect(a.body).not.toContain('Unused');
    expect(a.id).toBe(sha256(a.body));
    expect(a.type).toBe('query');
  });

  it('refuses anonymous and duplicate operations', () => {
    expect(() => loadTrustedOperations(dirWith({ 'a.graphql': '{ me { id } }' }))).toThrow(/needs a name/);
    expect(() => loadTrustedOperations(dirWith({ 'a.graphql': 'query A { me { id } }', 'b.graphql': 'query A { carts { id } }' }))).toThrow(
      /twice/,
    );
  });

  it('answers APQ lookups for trusted hashes and keeps ad-hoc registrations in a bounded LRU', async () => {
    const p = persistedOperations(dirWith({ 'a.graphql': 'query A { me { id } }' }));
    const [a] = p.operations;
    expect(await p.store.get(`apq:${a!.id}`)).toBe(a!.body);
    expect(p.isTrusted(a!.id)).toBe(true);
    expect(p.isTrusted(sha256('{ me { id } }'))).toBe(false);
    await p.store.set('apq:x', '{ x }');
    expect(await p.store.get('apq:x')).toBe('{ x }');
    for (let i = 0; i < 1_000; i++) await p.store.set(`apq:h${i}`, `{ h${i} }`);
    expect(await p.store.get('apq:x')).toBeUndefined(); // evicted
    expect(await p.store.get(`apq:${a!.id}`)).toBe(a!.body); // trusted ones never are
  });

  it('registers the repository’s schema/operations, matching what print() of the generated documents sends', async () => {
    const ops = loadTrustedOperations();
    const { PortalOverviewDocument } = await import('../../schema/generated/graphql.js');
    const overview = ops.find((o) => o.name === 'PortalOverview');
    expect(overview?.body).toBe(print(PortalOverviewDocument));
  });
});
