import { describe, expect, it } from 'vitest';
import { signDocumentPath, verifyDocumentLink, type DocumentLink } from './document-url.js';

const SECRET = 'test-secret-0123456789abcdef0123456789';
const link: DocumentLink = { kind: 'invoices', number: '9000000123', accountId: 'ACME', userId: 'u-1', exp: 2_000_000_000 };
const parse = (path: string) => {
  const url = new URL(path, 'http://gateway');
  const [, , kind, number] = url.pathname.split('/');
  return { kind: kind!, number: decodeURIComponent(number!), query: url.searchParams };
};

describe('document links', () => {
  it('round-trips a signed link', () => {
    const p = parse(signDocumentPath(link, SECRET));
    expect(p.kind).toBe('invoices');
    expect(verifyDocumentLink(p.kind, p.number, p.query, SECRET, 1_999_999_999)).toEqual(link);
  });

  it('refuses a link with any part changed, or signed with another secret', () => {
    const p = parse(signDocumentPath(link, SECRET));
    const tamper = (name: string, value: string) => {
      const q = new URLSearchParams(p.query);
      q.set(name, value);
      return () => verifyDocumentLink(p.kind, p.number, q, SECRET, 1);
    };
    expect(tamper('acct', 'GLOBEX')).toThrow(expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }));
    expect(tamper('exp', String(link.exp + 1))).toThrow(expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }));
    expect(tamper('u', 'someone-else')).toThrow(expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }));
    const sig = p.query.get('sig')!;
    expect(tamper('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))).toThrow(expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }));
    expect(tamper('sig', '')).toThrow(expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }));
    expect(() => verifyDocumentLink(p.kind, '9000000124', p.query, SECRET, 1)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }),
    );
    expect(() => verifyDocumentLink('credit-memos', p.number, p.query, SECRET, 1)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }),
    );
    expect(() => verifyDocumentLink(p.kind, p.number, p.query, `${SECRET}x`, 1)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }),
    );
  });

  it('refuses an expired link, but only after checking its signature', () => {
    const p = parse(signDocumentPath(link, SECRET));
    expect(() => verifyDocumentLink(p.kind, p.number, p.query, SECRET, link.exp + 1)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_LINK_EXPIRED' }),
    );
    expect(verifyDocumentLink(p.kind, p.number, p.query, SECRET, link.exp).number).toBe(link.number); // valid up to exp
    const forged = new URLSearchParams(p.query);
    forged.set('sig', 'x'.repeat(43));
    expect(() => verifyDocumentLink(p.kind, p.number, forged, SECRET, link.exp + 1)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_LINK_INVALID' }),
    );
  });

  it('refuses parts that could make two links sign the same string', () => {
    expect(() => signDocumentPath({ ...link, userId: 'a\nb' }, SECRET)).toThrow();
    expect(() => signDocumentPath({ ...link, number: '' }, SECRET)).toThrow();
  });
});
