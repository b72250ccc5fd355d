/**
 * Billing documents on the gateway's origin: `GET /documents/<invoices|credit-memos>/<number>?acct=…&u=…&exp=…&sig=…`.
 * The link (signed by the invoices subgraph with DOCUMENT_URL_SECRET) is checked here — signature
 * first, then expiry — so a tampered or expired link never reaches a subgraph. A request that also
 * carries a bearer token must be of the link's account (or an analyst). The PDF comes from the
 * invoices subgraph's internal route, called with the link's account as the signed viewer (the
 * subgraph checks that the document is that account's), and is streamed through.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AuthError,
  DocumentLinkRefused,
  VIEWER_HEADER,
  bearerToken,
  signViewerHeader,
  verifyDocumentLink,
  type JwtVerifier,
} from '@portal/platform/auth';
import { HttpError, type Route } from '@portal/platform/http';
import { childTraceparent } from '@portal/platform/trace';

export interface DocumentRouteOptions {
  documentSecret: string;
  hmacSecret: string;
  /** The invoices subgraph's URL (its GraphQL URL is fine). */
  invoicesUrl: () => string | undefined;
  verify: JwtVerifier;
  timeoutMs: number;
}

const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition'];

export function documentRoutes(opts: DocumentRouteOptions): Record<string, Route> {
  return {
    'GET /documents/:kind/:number': async (req, res, scope, params) => {
      const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
      let link;
      try {
        link = verifyDocumentLink(params.kind!, params.number!, query, opts.documentSecret);
      } catch (err) {
        if (err instanceof DocumentLinkRefused) throw new HttpError(403, err.code, err.message);
        throw err;
      }
      const token = bearerToken(req.headers.authorization);
      if (token) {
        const viewer = await opts.verify(token).catch((err: unknown) => {
          throw new HttpError(401, 'UNAUTHENTICATED', err instanceof AuthError ? err.message : 'invalid token');
        });
        if (viewer.accountId !== link.accountId && !viewer.roles.includes('analyst'))
          throw new HttpError(403, 'DOCUMENT_FORBIDDEN', 'this document belongs to another account');
      }
      const base = opts
        .invoicesUrl()
        ?.replace(/\/graphql$/, '')
        .replace(/\/$/, '');
      if (!base) throw new HttpError(503, 'DOCUMENTS_UNAVAILABLE', 'no invoices subgraph configured');
      let upstream: Response;
      try {
        upstream = await fetch(`${base}/internal/documents/${link.kind}/${encodeURIComponent(link.number)}`, {
          headers: {
            [VIEWER_HEADER]: signViewerHeader({ userId: link.userId, accountId: link.accountId, roles: ['buyer'] }, opts.hmacSecret),
            'x-correlation-id': scope.correlationId,
            traceparent: childTraceparent(scope.trace),
          },
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        throw new HttpError(503, 'DOCUMENTS_UNAVAILABLE', `invoices subgraph unreachable: ${(err as Error).message}`);
      }
      if (!upstream.ok || !upstream.body) {
        const body = (await upstream.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
        const status = upstream.status === 404 || upstream.status === 503 ? upstream.status : 502;
        throw new HttpError(
          status,
          body.error?.code ?? 'DOCUMENT_UNAVAILABLE',
          body.error?.message ?? `invoices answered ${upstream.status}`,
        );
      }
      const headers: Record<string, string> = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' };
      for (const h of PASSED_HEADERS) {
        const v = upstream.headers.get(h);
        if (v) headers[h] = v;
      }
      res.writeHead(200, headers);
      await pipeline(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream), res);
    },
  };
}
