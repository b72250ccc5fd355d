/**
 * Persisted operations. The operations in `schema/operations/*.graphql` are trusted documents:
 * each operation (with the fragments it uses) is printed canonically and registered under the
 * sha256 of that text, so a client sends `extensions.persistedQuery.sha256Hash` alone. Other
 * hashes go through automatic persisted queries (APQ) with a bounded in-memory cache. The
 * pipeline (pipeline.ts) resolves hashes, checks a hash sent with its text, and with
 * PERSISTED_ONLY runs only trusted documents — by hash, or as the identical text — on every transport.
 * `GET /persisted-operations.json` lists the manifest (Apollo's persisted query manifest format).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';
import { sendJson, type Route } from '@portal/platform/http';

export interface TrustedOperation {
  /** sha256 (hex) of `body`: what clients send as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation and the fragments it uses, printed by graphql-js `print`. */
  body: string;
  file: string;
}

export const DEFAULT_OPERATIONS_DIR = fileURLToPath(new URL('../../schema/operations/', import.meta.url));

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every named operation of every `.graphql` file in `dir`, one trusted document each. */
export function loadTrustedOperations(dir: string = DEFAULT_OPERATIONS_DIR): TrustedOperation[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  const docs = files.map((file) => ({ file, definitions: parse(readFileSync(join(dir, file), 'utf8')).definitions }));
  // Fragments may live in any file of the folder (codegen reads them all as one set).
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const { definitions } of docs) for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const out: TrustedOperation[] = [];
  for (const { file, definitions } of docs) {
    for (const op of definitions) {
      if (op.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!op.name) throw new Error(`${file}: every persisted operation needs a name`);
      const used = usedFragments(op, fragments);
      const body = print({ kind: Kind.DOCUMENT, definitions: [op, ...used] });
      out.push({ id: sha256(body), name: op.name.value, type: op.operation, body, file });
    }
  }
  const names = new Set<string>();
  for (const op of out) {
    if (names.has(op.name)) throw new Error(`persisted operation ${op.name} is defined twice`);
    names.add(op.name);
  }
  return out;
}

function usedFragments(root: DefinitionNode, all: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const queue: DefinitionNode[] = [root];
  while (queue.length) {
    visit(queue.pop()!, {
      FragmentSpread(node) {
        const frag = all.get(node.name.value);
        if (frag && !found.has(frag.name.value)) {
          found.set(frag.name.value, frag);
          queue.push(frag);
        }
      },
    });
  }
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/**
 * Documents by sha256 (an `apq:` prefix, as Apollo's cache keys carry it, is ignored): trusted
 * documents always hit and are never evicted; ad-hoc APQ registrations live in a small LRU.
 */
export class PersistedQueryStore {
  private readonly adHoc = new Map<string, string>();

  constructor(
    private readonly trusted: Map<string, string>,
    private readonly maxAdHoc = 1_000,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const hash = key.replace(/^apq:/, '');
    const known = this.trusted.get(hash);
    if (known) return known;
    const value = this.adHoc.get(hash);
    if (value !== undefined) {
      this.adHoc.delete(hash); // refresh its place in the LRU order
      this.adHoc.set(hash, value);
    }
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    const hash = key.replace(/^apq:/, '');
    if (this.trusted.has(hash)) return;
    this.adHoc.delete(hash);
    this.adHoc.set(hash, value);
    while (this.adHoc.size > this.maxAdHoc) this.adHoc.delete(this.adHoc.keys().next().value!);
  }

  async delete(key: string): Promise<boolean> {
    return this.adHoc.delete(key.replace(/^apq:/, ''));
  }
}

export interface PersistedOperations {
  operations: TrustedOperation[];
  /** Trusted documents and APQ registrations by hash. */
  store: PersistedQueryStore;
  isTrusted(hash: string | undefined): boolean;
}

export function persistedOperations(dir?: string): PersistedOperations {
  const operations = loadTrustedOperations(dir);
  const byHash = new Map(operations.map((o) => [o.id, o.body]));
  return {
    operations,
    store: new PersistedQueryStore(byHash),
    isTrusted: (hash) => !!hash && byHash.has(hash),
  };
}

/** `GET /persisted-operations.json`: the manifest clients (and their build tools) read hashes from. */
export function persistedRoutes(persisted: PersistedOperations): Record<string, Route> {
  const manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: persisted.operations.map(({ id, name, type, body }) => ({ id, name, type, body })),
  };
  return {
    'GET /persisted-operations.json': (_req, res) => sendJson(res, 200, manifest, { 'cache-control': 'no-cache' }),
  };
}
