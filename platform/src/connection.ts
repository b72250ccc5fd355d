/**
 * Cursor pagination for `XConnection` types (`nodes edges pageInfo totalCount`). Cursors are
 * opaque (base64url of the sort key); a cursor we did not issue is a BAD_USER_INPUT error.
 */
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  nodes: T[];
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:') || encodeCursor(text.slice(2)) !== cursor)
    throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  return text.slice(2);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw new GraphQLError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  return first;
}

/** Build a connection from `limit + 1` rows fetched after the cursor (the extra row says "more"). */
export function toConnection<T>(rows: T[], limit: number, key: (row: T) => string, totalCount: number): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(key(node)), node }));
  return {
    nodes: page,
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
    totalCount,
  };
}

/**
 * Whether the query selects `field` on what this resolver returns (directly or in fragments), so a
 * connection reads its rows or counts them only when asked: `items { totalCount }` needs no rows,
 * `items { nodes { sku } }` no count.
 */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, field: string): boolean {
  const within = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.INLINE_FRAGMENT
          ? within(s.selectionSet)
          : within(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((n) => within(n.selectionSet));
}

/** Whether the query reads a connection's rows (its nodes, edges or page info). */
export const selectsRows = (info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>) =>
  ['nodes', 'edges', 'pageInfo'].some((f) => selectsField(info, f));
