/**
 * The invoices subgraph's internal API for the gateway (gateway-signed viewer required): the PDF
 * behind a signed document link. The gateway has checked the link's signature and expiry and
 * signs the link's account as the viewer; here the document must belong to that account, and the
 * bytes come from the ERP through the invoices port.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { ErpRequestError, ErpUnavailableError, type InvoicesPort } from '@portal/erp/port';
import type { BaseConfig } from '@portal/platform/config';
import { HttpError, type Route } from '@portal/platform/http';
import { viewerOr401 } from '@portal/platform/subgraph';
import { CreditMemo, Invoice } from './entities/index.js';

export function internalRoutes(opts: {
  orm: MikroORM;
  erp: InvoicesPort;
  config: Pick<BaseConfig, 'INTERNAL_HMAC_SECRET' | 'SUBGRAPH_ALLOW_UNSIGNED'>;
}): Record<string, Route> {
  return {
    'GET /internal/documents/:kind/:number': async (req, res, _scope, params) => {
      const viewer = viewerOr401(req, opts.config);
      const { kind, number } = params as { kind: string; number: string };
      if (kind !== 'invoices' && kind !== 'credit-memos') throw new HttpError(404, 'DOCUMENT_NOT_FOUND', `no document kind ${kind}`);
      const em = opts.orm.em.fork();
      // Tenancy: the document's account must be the one the link was signed for.
      const owned =
        number.length <= 64 &&
        (kind === 'invoices'
          ? await em.count(Invoice, { number, accountId: viewer.accountId })
          : await em.count(CreditMemo, { number, accountId: viewer.accountId }));
      if (!owned) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', `no ${kind} document ${number} for account ${viewer.accountId}`);
      let doc;
      try {
        doc = kind === 'invoices' ? await opts.erp.invoiceDocument(number) : await opts.erp.creditMemoDocument(number);
      } catch (err) {
        if (err instanceof ErpUnavailableError) throw new HttpError(503, 'ERP_UNAVAILABLE', err.message);
        if (err instanceof ErpRequestError && err.status === 404) throw new HttpError(404, 'DOCUMENT_NOT_FOUND', err.message);
        if (err instanceof ErpRequestError) throw new HttpError(502, 'ERP_REFUSED', `${err.code}: ${err.message}`);
        throw err;
      }
      const filename = `${kind === 'invoices' ? 'invoice' : 'credit-memo'}-${number.replace(/[^\w.-]/g, '_')}.pdf`;
      res.writeHead(200, {
        'content-type': doc.contentType,
        'content-length': doc.bytes.length,
        'content-disposition': `inline; filename="${filename}"`,
        'cache-control': 'private, no-store',
      });
      res.end(doc.bytes);
    },
  };
}
