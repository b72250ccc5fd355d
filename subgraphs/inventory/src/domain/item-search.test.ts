import { describe, expect, it } from 'vitest';
import { SearchTooLongError, escapeLike, parseItemSearch } from './item-search.js';

describe('parseItemSearch', () => {
  it('returns undefined for blank input', () => {
    expect(parseItemSearch(undefined)).toBeUndefined();
    expect(parseItemSearch('   ')).toBeUndefined();
  });
  it('builds a SKU prefix and one pattern per name term', () => {
    expect(parseItemSearch(' hex  Bolt ')).toEqual({ skuPrefix: 'HEX  BOLT%', nameTerms: ['%hex%', '%bolt%'] });
  });
  it('escapes LIKE wildcards from user input', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(parseItemSearch('10%')?.nameTerms).toEqual(['%10\\%%']);
  });
  it('refuses overlong input', () => {
    expect(() => parseItemSearch('x'.repeat(101))).toThrow(SearchTooLongError);
  });
});
