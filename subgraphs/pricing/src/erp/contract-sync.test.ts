import { describe, expect, it } from 'vitest';
import type { Page } from '@portal/erp/port';
import { readAhead, textColumns } from './contract-sync.js';

/** An export of `pages` pages whose requests the test answers by hand. */
function manualExport(pages: number) {
  const requests: { cursor: string | null; answer: () => void; fail: (err: Error) => void }[] = [];
  const fetch = (cursor: string | null) =>
    new Promise<Page<number>>((resolve, reject) => {
      const n = cursor === null ? 0 : Number(cursor);
      requests.push({
        cursor,
        answer: () => resolve({ items: [n], nextCursor: n + 1 < pages ? String(n + 1) : null }),
        fail: reject,
      });
    });
  return { fetch, requests };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('reading the export ahead', () => {
  it('requests each page as soon as the one before arrives, up to the given number ahead, in order', async () => {
    const { fetch, requests } = manualExport(6);
    const pages = readAhead(fetch, null, 2);
    expect(requests.map((r) => r.cursor)).toEqual([null]);
    requests[0]!.answer();
    await tick();
    expect(requests.map((r) => r.cursor)).toEqual([null, '1']); // before page 0 is taken
    requests[1]!.answer();
    await tick();
    // Two pages wait untaken: no third request yet.
    expect(requests).toHaveLength(2);
    expect((await pages.take()).items).toEqual([0]);
    expect(requests.map((r) => r.cursor)).toEqual([null, '1', '2']);
    requests[2]!.answer();
    await tick();
    expect(requests).toHaveLength(3);
    expect((await pages.take()).items).toEqual([1]);
    expect(requests).toHaveLength(4);
    // The rest: each request answered when it is made, each page taken when it is there.
    const rest: (readonly number[])[] = [];
    for (let answered = 3; ;) {
      while (answered < requests.length) requests[answered++]!.answer();
      await tick();
      expect(requests.length).toBeLessThanOrEqual(rest.length + 5); // never more than 2 ahead of the taken
      const p = await pages.take();
      rest.push(p.items);
      if (!p.nextCursor) break;
    }
    expect(rest).toEqual([[2], [3], [4], [5]]);
    // Nothing is requested after the last page.
    expect(requests.map((r) => r.cursor)).toEqual([null, '1', '2', '3', '4', '5']);
  });

  it('fails the page taken in place of a failed request, and requests nothing after it', async () => {
    const { fetch, requests } = manualExport(5);
    const pages = readAhead(fetch, '2', 3);
    requests[0]!.answer();
    await tick();
    requests[1]!.fail(new Error('ERP gone'));
    await tick();
    expect((await pages.take()).items).toEqual([2]);
    await expect(pages.take()).rejects.toThrow('ERP gone');
    expect(requests).toHaveLength(2);
  });
});

describe('the columns of a text page', () => {
  it("are the staging table's columns for the export's field names, in the page's order", () => {
    expect(textColumns(['version', 'id', 'conditionType', 'access', 'currency', 'validFrom', 'taxClass'])).toBe(
      '"version", "id", "condition_type", "access", "currency", "valid_from", "tax_class"',
    );
  });

  it('fail the page on a field the sync does not know, or without one it needs', () => {
    expect(() => textColumns(['id', 'version', 'conditionType', 'access', 'currency', 'validFrom', 'colour'])).toThrow(/"colour"/);
    expect(() => textColumns(['id', 'version', 'conditionType', 'access', 'currency'])).toThrow(/lacks valid_from/);
    expect(() => textColumns(['id', 'version', 'condition_type', 'access', 'currency', 'validFrom'])).toThrow(/"condition_type"/);
  });
});
