/**
 * Authentication and the viewer.
 *
 * - Clients send `Authorization: Bearer <JWT>`. In embedded/dev mode the gateway verifies HS256
 *   tokens signed with JWT_DEV_SECRET; with JWT_JWKS_URL set it verifies RS256/ES256 against the
 *   JWKS and refuses dev tokens.
 * - The gateway forwards the verified viewer to subgraphs in `x-portal-viewer`, HMAC-signed with
 *   INTERNAL_HMAC_SECRET and short-lived, so a subgraph can trust it without re-verifying the JWT
 *   and a caller who bypasses the gateway cannot forge one.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { SignJWT, createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { z } from 'zod';

// Signed document links are the other signed thing the gateway checks (billing PDFs).
export * from './document-url.js';

/**
 * Buyer-side roles act within their account (`buyer`, `approver`, `admin`); `analyst` reads across
 * accounts and writes nothing; `credit_controller` is seller staff: reads across accounts like an
 * analyst and may only act on credit holds (release them), never as a buyer.
 */
export const ROLES = ['buyer', 'approver', 'admin', 'analyst', 'credit_controller'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  userId: string;
  accountId: string;
  roles: Role[];
}

const viewerSchema = z.object({
  userId: z.string().min(1).max(128),
  accountId: z.string().min(1).max(128),
  roles: z.array(z.enum(ROLES)).min(1),
});

// Built once: zod v4 compiles a schema on creation, which is far too slow per request.
const signedViewerSchema = viewerSchema.extend({ exp: z.number().int() });

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  account_id: z.string().min(1).max(128),
  roles: z.array(z.enum(ROLES)).min(1),
});

export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface JwtVerifierOptions {
  devSecret: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type JwtVerifier = (token: string) => Promise<Viewer>;

/** A verified token is trusted again without verifying, until it expires or for at most this long. */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

export function createJwtVerifier(opts: JwtVerifierOptions): JwtVerifier {
  const jwks = opts.jwksUrl ? createRemoteJWKSet(new URL(opts.jwksUrl)) : undefined;
  // A KeyObject once, not a raw secret that jose imports again on every verification.
  const secret = createSecretKey(Buffer.from(opts.devSecret, 'utf8'));
  const common = {
    // A token without an expiry would stay valid until the key changes: refused.
    requiredClaims: ['exp'],
    ...(opts.issuer ? { issuer: opts.issuer } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
  };
  // Clients send the same token with every request: remember what it verified to (bounded, short-lived).
  const verified = new Map<string, { viewer: Viewer; until: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.until > Date.now()) return hit.viewer;
    if (hit) verified.delete(token);
    const viewer = await verifyOnce(token);
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    return viewer;
  };
  async function verifyOnce(token: string): Promise<Viewer> {
    let payload: JWTPayload;
    try {
      payload = jwks
        ? (await jwtVerify(token, jwks, { ...common, algorithms: ['RS256', 'ES256'] })).payload
        : (await jwtVerify(token, secret, { ...common, algorithms: ['HS256'] })).payload;
    } catch (err) {
      const reason = err instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
      throw new AuthError('UNAUTHENTICATED', reason);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthError('UNAUTHENTICATED', 'token lacks sub, account_id or roles');
    const viewer: Viewer = { userId: claims.data.sub, accountId: claims.data.account_id, roles: claims.data.roles };
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + VERIFIED_TTL_MS;
    verified.set(token, { viewer, until: Math.min(expiresAt, Date.now() + VERIFIED_TTL_MS) });
    return viewer;
  }
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m?.[1];
}

/** Dev tokens for demo personas and tests (HS256). */
export async function signDevToken(
  viewer: Viewer,
  secret: string,
  opts: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ account_id: viewer.accountId, roles: viewer.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer.userId)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '30d');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

// ---- internal viewer header (gateway -> subgraph) ----

export const VIEWER_HEADER = 'x-portal-viewer';
const SIGNED_TTL_SECONDS = 120;

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** `<base64url(json)>.<base64url(hmac)>`; the json carries an expiry. */
export function signViewerHeader(viewer: Viewer, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const body = Buffer.from(JSON.stringify({ ...viewer, exp: nowSeconds + SIGNED_TTL_SECONDS })).toString('base64url');
  return `${body}.${hmac(secret, body).toString('base64url')}`;
}

export function verifyViewerHeader(
  header: string | string[] | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Viewer {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new AuthError('UNAUTHENTICATED', 'missing gateway signature');
  const [body, sig, extra] = value.split('.');
  if (!body || !sig || extra !== undefined) throw new AuthError('UNAUTHENTICATED', 'malformed gateway signature');
  const expected = hmac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AuthError('UNAUTHENTICATED', 'invalid gateway signature');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('UNAUTHENTICATED', 'malformed gateway signature');
  }
  const parsed = signedViewerSchema.safeParse(decoded);
  if (!parsed.success) throw new AuthError('UNAUTHENTICATED', 'malformed viewer');
  if (parsed.data.exp < nowSeconds) throw new AuthError('UNAUTHENTICATED', 'gateway signature expired');
  const { exp: _exp, ...viewer } = parsed.data;
  return viewer;
}

/**
 * A shared subscription connection from the gateway (graphql-ws `connection_init`): it proves the
 * peer is the gateway, not who the viewer is — each operation on it carries its own signed viewer
 * (`extensions["x-portal-viewer"]` of the subscribe message). Signed with a domain prefix, so a
 * viewer signature is never accepted as one and the other way round.
 */
export const GATEWAY_CONNECTION_PARAM = 'x-portal-gateway';

export function signGatewayConnection(secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const body = Buffer.from(JSON.stringify({ gateway: true, exp: nowSeconds + SIGNED_TTL_SECONDS })).toString('base64url');
  return `${body}.${hmac(secret, `gateway-connection:${body}`).toString('base64url')}`;
}

export function verifyGatewayConnection(value: unknown, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (typeof value !== 'string') return false;
  const [body, sig, extra] = value.split('.');
  if (!body || !sig || extra !== undefined) return false;
  const expected = hmac(secret, `gateway-connection:${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { gateway?: unknown; exp?: unknown };
    return decoded.gateway === true && typeof decoded.exp === 'number' && decoded.exp >= nowSeconds;
  } catch {
    return false;
  }
}

/** Dev mode only: an unsigned viewer header (`<base64url(json)>`) is taken at face value. */
export function decodeUnsignedViewer(header: string | string[] | undefined): Viewer | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  try {
    const parsed = viewerSchema.safeParse(JSON.parse(Buffer.from(value.split('.')[0] ?? '', 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return viewer.roles.some((r) => roles.includes(r));
}

/** Roles that read every account: analysts and the seller's credit controllers. */
export function readsAllAccounts(viewer: Viewer): boolean {
  return viewer.roles.includes('analyst') || viewer.roles.includes('credit_controller');
}

/** Tenancy rule shared by every subgraph: own account, or a role that reads across accounts. */
export function canReadAccount(viewer: Viewer, accountId: string): boolean {
  return viewer.accountId === accountId || readsAllAccounts(viewer);
}

/** At most this many ids in an `accountIds` argument. */
export const MAX_ACCOUNT_IDS = 100;

/**
 * The accounts a list or report covers, from the viewer and an optional `accountIds` argument:
 * `undefined` means every account (analysts who name none); otherwise exactly these ids. Analysts
 * get the ids they name; everyone else only their own account, and only if they name it or none —
 * so asking for another account's ids yields nothing of it. An empty list selects nothing.
 */
export function accountScope(viewer: Viewer, accountIds?: readonly string[] | null): string[] | undefined {
  if (accountIds && (accountIds.length > MAX_ACCOUNT_IDS || accountIds.some((id) => id.length === 0 || id.length > 128)))
    throw new GraphQLError(`accountIds: at most ${MAX_ACCOUNT_IDS} ids of 1 to 128 characters`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'accountIds' },
    });
  if (readsAllAccounts(viewer)) return accountIds ? [...new Set(accountIds)] : undefined;
  if (!accountIds) return [viewer.accountId];
  return accountIds.includes(viewer.accountId) ? [viewer.accountId] : [];
}
