/**
 * Quick-order search semantics: a query is split into terms; an item matches when its SKU starts
 * with the whole query (buyers paste SKUs) or its name contains every term. Pure: builds the
 * LIKE patterns, with wildcards in user input escaped.
 */
export interface ItemSearch {
  skuPrefix: string;
  nameTerms: string[];
}

export const MAX_SEARCH_LENGTH = 100;

export class SearchTooLongError extends Error {}

export function parseItemSearch(input: string | null | undefined): ItemSearch | undefined {
  const text = (input ?? '').trim();
  if (!text) return undefined;
  if (text.length > MAX_SEARCH_LENGTH) throw new SearchTooLongError(`search must be at most ${MAX_SEARCH_LENGTH} characters`);
  return {
    skuPrefix: `${escapeLike(text.toUpperCase())}%`,
    nameTerms: text
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => `%${escapeLike(t)}%`),
  };
}

/** Escape LIKE wildcards so `50%` searches for the text "50%". */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
