/**
 * The report operations of schema/operations/reports.graphql, bundled into the page at build time
 * (with the comment above each, shown as the chart's description), and how the page sends them:
 * by hash from the gateway's persisted-operations manifest when it lists them (so the page also
 * works where only trusted documents run), else as text.
 */

import source from '../../schema/operations/reports.graphql?raw';

export interface Operation {
  name: string;
  description: string;
  /** The operation and the fragments it uses, as written in the repository. */
  text: string;
}

const DEFINITION = /((?:^#.*\n)*)^(query|fragment) (\w+)[^]*?^\}\n/gm;

function parse(text: string): { operations: Map<string, Operation>; fragments: Map<string, string> } {
  const operations = new Map<string, Operation>();
  const fragments = new Map<string, string>();
  for (const m of text.matchAll(DEFINITION)) {
    const [whole, comment = '', kind, name] = m;
    const body = whole.slice(comment.length);
    if (kind === 'fragment') fragments.set(name!, body);
    else
      operations.set(name!, {
        name: name!,
        description: comment.replace(/^#\s?/gm, '').replace(/\s+/g, ' ').trim(),
        text: body,
      });
  }
  // An operation carries the fragments it spreads (and theirs).
  for (const op of operations.values()) {
    const used = new Set<string>();
    const queue = [op.text];
    while (queue.length)
      for (const [, name] of queue.pop()!.matchAll(/\.\.\.(\w+)/g))
        if (fragments.has(name!) && !used.has(name!)) {
          used.add(name!);
          queue.push(fragments.get(name!)!);
        }
    op.text = [op.text, ...[...used].sort().map((f) => fragments.get(f)!)].join('\n');
  }
  return { operations, fragments };
}

export const OPERATIONS = parse(source).operations;

export function operation(name: string): Operation {
  const op = OPERATIONS.get(name);
  if (!op) throw new Error(`no operation ${name} in schema/operations/reports.graphql`);
  return op;
}

interface ManifestEntry {
  id: string;
  name: string;
  body: string;
}

let manifest: Promise<Map<string, ManifestEntry>> | undefined;

/** The gateway's trusted documents by name (empty if it lists none). */
export function trusted(): Promise<Map<string, ManifestEntry>> {
  manifest ??= fetch('/persisted-operations.json')
    .then((r) => (r.ok ? (r.json() as Promise<{ operations?: ManifestEntry[] }>) : { operations: [] }))
    .then((m) => new Map((m.operations ?? []).map((o) => [o.name, o])))
    .catch(() => new Map());
  return manifest;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Run a report operation with the viewer's token; the data, or a GraphQLRequestError. */
export async function execute<T>(name: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const known = (await trusted()).get(name);
  const body = known
    ? { operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: known.id } } }
    : { operationName: name, variables, query: operation(name).text };
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (json.errors?.length || !json.data) {
    const first = json.errors?.[0];
    throw new GraphQLRequestError(first?.message ?? `HTTP ${res.status}`, first?.extensions?.code);
  }
  return json.data;
}

/** What "copy the GraphQL" puts on the clipboard: the operation, then its variables as a comment line. */
export async function copyableText(name: string, variables: Record<string, unknown>): Promise<string> {
  const known = (await trusted()).get(name);
  const text = known?.body ?? operation(name).text;
  return `${text.trim()}\n\n# variables: ${JSON.stringify(variables)}\n`;
}
