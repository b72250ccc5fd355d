import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './connection.js';

describe('cursor connections', () => {
  it('round-trips cursors and refuses ones it did not issue', () => {
    expect(decodeCursor(encodeCursor('BOLT-0001'))).toBe('BOLT-0001');
    expect(decodeCursor(null)).toBeUndefined();
    expect(() => decodeCursor('bm9wZQ')).toThrow(GraphQLError);
  });
  it('validates page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(() => pageSize(-1)).toThrow(GraphQLError);
    expect(() => pageSize(101)).toThrow(GraphQLError);
  });
  it('uses the extra row to tell whether there is a next page', () => {
    const c = toConnection(['a', 'b', 'c'], 2, (x) => x, 10);
    expect(c.nodes).toEqual(['a', 'b']);
    expect(c.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(c.totalCount).toBe(10);
    expect(toConnection(['a'], 2, (x) => x, 1).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('a') });
    expect(toConnection([], 2, (x) => x, 0).pageInfo.endCursor).toBeNull();
  });
});
