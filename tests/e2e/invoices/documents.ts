/**
 * Invoices e2e: signed PDF links for invoices and credit memos through the gateway's origin —
 * the owner downloads, another account, an expired and a modified link are refused.
 */
import { describe, expect, it } from 'vitest';
import { DEV_DOCUMENT_URL_SECRET, signDocumentPath } from '@portal/platform/auth';
import { gql } from '../../support/graphql.js';
import { stack, erp, gatewayOrigin, acme, erpBilling } from './support.js';

export function defineDocumentTests(): void {
  describe('documents', () => {
    const documentOf = async (number: string, token = acme()) =>
      (
        await gql(stack.gatewayUrl, `query($n: String!) { invoice(number: $n) { document { url contentType expiresAt } } }`, {
          token,
          variables: { n: number },
        })
      ).body.data.invoice.document as { url: string; contentType: string; expiresAt: string };
    const download = (url: string, headers: Record<string, string> = {}) => fetch(new URL(url, gatewayOrigin()), { headers });
    const refusal = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code });

    it('downloads the real invoice PDF through the gateway’s origin for the owner', async () => {
      const inv = (await erpBilling('ACME')).invoices[0]!;
      const doc = await documentOf(inv.number);
      expect(doc.contentType).toBe('application/pdf');
      expect(doc.url).toMatch(/^\/documents\/invoices\/\d+\?acct=ACME&u=[^&]+&exp=\d+&sig=[\w-]+$/);
      expect(Date.parse(doc.expiresAt) - Date.now()).toBeGreaterThan(60_000);
      const res = await download(doc.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
      expect(bytes.toString('latin1')).toContain(inv.number);
      // Same bytes as the ERP's own document.
      expect(bytes.equals((await erp().invoices.invoiceDocument(inv.number)).bytes)).toBe(true);
      // With the owner's token too; with an analyst's of another account as well.
      expect((await download(doc.url, { authorization: `Bearer ${acme()}` })).status).toBe(200);
      expect((await download(doc.url, { authorization: `Bearer ${stack.token('GLOBEX', 'analyst')}` })).status).toBe(200);
    });

    it('downloads a credit memo PDF', async () => {
      const memo = (await erpBilling('ACME')).memos[0]!;
      const doc = (
        await gql(stack.gatewayUrl, `query($n: String!) { creditMemo(number: $n) { document { url } } }`, {
          token: acme(),
          variables: { n: memo.number },
        })
      ).body.data.creditMemo.document;
      const res = await download(doc.url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain(memo.number);
    });

    it('refuses another account, an expired link and a modified one', async () => {
      const inv = (await erpBilling('ACME')).invoices[0]!;
      const doc = await documentOf(inv.number);
      const url = new URL(doc.url, gatewayOrigin());
      // Another account's bearer on the owner's link.
      expect(await refusal(await download(doc.url, { authorization: `Bearer ${stack.token('GLOBEX', 'buyer')}` }))).toEqual({
        status: 403,
        code: 'DOCUMENT_FORBIDDEN',
      });
      // A genuinely signed link for another account to this invoice: the invoices subgraph's tenancy check.
      const exp = Math.floor(Date.now() / 1000) + 300;
      const forGlobex = signDocumentPath(
        { kind: 'invoices', number: inv.number, accountId: 'GLOBEX', userId: 'globex-buyer', exp },
        DEV_DOCUMENT_URL_SECRET,
      );
      expect(await refusal(await download(forGlobex))).toEqual({ status: 404, code: 'DOCUMENT_NOT_FOUND' });
      // Expired (genuinely signed, a second in the past).
      const expired = signDocumentPath(
        { kind: 'invoices', number: inv.number, accountId: 'ACME', userId: 'acme-buyer', exp: Math.floor(Date.now() / 1000) - 1 },
        DEV_DOCUMENT_URL_SECRET,
      );
      expect(await refusal(await download(expired))).toEqual({ status: 403, code: 'DOCUMENT_LINK_EXPIRED' });
      // Modified: the signature, the account, the expiry, the number.
      const modified = (name: string, value: string) => {
        const u = new URL(url);
        u.searchParams.set(name, value);
        return u.toString();
      };
      const sig = url.searchParams.get('sig')!;
      for (const tampered of [
        modified('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`),
        modified('acct', 'GLOBEX'),
        modified('exp', String(Number(url.searchParams.get('exp')) + 3600)),
        url.toString().replace(`/invoices/${inv.number}`, `/invoices/${(await erpBilling('ACME')).invoices[1]!.number}`),
        url.toString().replace('/documents/invoices/', '/documents/credit-memos/'),
      ])
        expect(await refusal(await download(tampered)), tampered).toEqual({ status: 403, code: 'DOCUMENT_LINK_INVALID' });
      // The untouched link still works.
      expect((await download(doc.url)).status).toBe(200);
    });
  });
}
