/**
 * Short-lived signed links to billing documents (invoice and credit memo PDFs), served through the
 * gateway's origin: `/documents/<kind>/<number>?acct=…&u=…&exp=…&sig=…`. The invoices subgraph
 * signs a link for the account that owns the document; the gateway checks the signature and the
 * expiry before it fetches anything. The account is inside the signed part, so a link cannot be
 * re-pointed at another account, and changing any part (number, account, user, expiry) breaks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const DOCUMENT_KINDS = ['invoices', 'credit-memos'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Dev-only default, refused when NODE_ENV=production (see loadConfig). */
export const DEV_DOCUMENT_URL_SECRET = 'portal-dev-document-url-0123456789abcdef';

/** Config both the signer (invoices) and the checker (gateway) read. */
export const documentUrlConfig = z.object({
  /** HMAC secret for document links; shared by the invoices subgraph and the gateway. */
  DOCUMENT_URL_SECRET: z.string().min(32).default(DEV_DOCUMENT_URL_SECRET),
});

export interface DocumentLink {
  kind: DocumentKind;
  number: string;
  accountId: string;
  /** Who asked for the link (for the logs; not an access right). */
  userId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type DocumentLinkError = 'DOCUMENT_LINK_INVALID' | 'DOCUMENT_LINK_EXPIRED';

export class DocumentLinkRefused extends Error {
  constructor(
    readonly code: DocumentLinkError,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentLinkRefused';
  }
}

// Newline-separated: none of the parts may contain one, so no two links share a signed string.
const canonical = (l: DocumentLink) => ['doc-v1', l.kind, l.number, l.accountId, l.userId, String(l.exp)].join('\n');
const sign = (l: DocumentLink, secret: string) => createHmac('sha256', secret).update(canonical(l)).digest('base64url');
const PART = /^[^\r\n]{1,128}$/;

/** The path and query of a signed link (prefix it with the gateway's public origin, or use it as is). */
export function signDocumentPath(link: DocumentLink, secret: string): string {
  for (const part of [link.number, link.accountId, link.userId])
    if (!PART.test(part)) throw new Error('document link parts must be single-line strings of 1-128 characters');
  const q = new URLSearchParams({ acct: link.accountId, u: link.userId, exp: String(link.exp), sig: sign(link, secret) });
  return `/documents/${link.kind}/${encodeURIComponent(link.number)}?${q}`;
}

/** Check a link's signature, then its expiry; returns what it grants or throws DocumentLinkRefused. */
export function verifyDocumentLink(
  kind: string,
  number: string,
  query: URLSearchParams,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): DocumentLink {
  const accountId = query.get('acct') ?? '';
  const userId = query.get('u') ?? '';
  const expText = query.get('exp') ?? '';
  const sig = query.get('sig') ?? '';
  const invalid = () => new DocumentLinkRefused('DOCUMENT_LINK_INVALID', 'the document link is not valid');
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind) || !/^\d{1,12}$/.test(expText)) throw invalid();
  if (![number, accountId, userId].every((p) => PART.test(p))) throw invalid();
  const link: DocumentLink = { kind: kind as DocumentKind, number, accountId, userId, exp: Number(expText) };
  const expected = Buffer.from(sign(link, secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  // Expiry is checked only on a genuine link: a forged one learns nothing about its expiry.
  if (link.exp < nowSeconds) throw new DocumentLinkRefused('DOCUMENT_LINK_EXPIRED', 'the document link has expired; ask for a new one');
  return link;
}
