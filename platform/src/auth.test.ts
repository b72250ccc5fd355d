import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import {
  AuthError,
  bearerToken,
  canReadAccount,
  createJwtVerifier,
  decodeUnsignedViewer,
  signDevToken,
  signViewerHeader,
  verifyViewerHeader,
  type Viewer,
} from './auth.js';

const SECRET = 's'.repeat(40);
const viewer: Viewer = { userId: 'u1', accountId: 'ACME', roles: ['buyer'] };

describe('dev JWTs (HS256)', () => {
  const verify = createJwtVerifier({ devSecret: SECRET });
  it('round-trips a dev token into a viewer', async () => {
    expect(await verify(await signDevToken(viewer, SECRET))).toEqual(viewer);
  });
  it('refuses other secrets, expiry, unknown roles and the none algorithm', async () => {
    const expect401 = async (token: string) => {
      const err = await verify(token).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).code).toBe('UNAUTHENTICATED');
    };
    await expect401(await signDevToken(viewer, 'o'.repeat(40)));
    await expect401(await signDevToken(viewer, SECRET, { expiresIn: -10 }));
    await expect401(
      await new SignJWT({ account_id: 'ACME', roles: ['root'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .sign(new TextEncoder().encode(SECRET)),
    );
    // No expiry at all: refused, not valid forever.
    await expect401(
      await new SignJWT({ account_id: 'ACME', roles: ['buyer'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .sign(new TextEncoder().encode(SECRET)),
    );
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u1', account_id: 'ACME', roles: ['admin'] })).toString('base64url')}.`;
    await expect401(unsigned);
  });
  it('remembers a verified token only until it expires', async () => {
    const token = await signDevToken(viewer, SECRET, { expiresIn: '2s' });
    expect(await verify(token)).toEqual(viewer);
    expect(await verify(token)).toEqual(viewer); // from the cache
    await new Promise((r) => setTimeout(r, 3_100));
    await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
  it('extracts bearer tokens strictly', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('JWKS (ES256) verification', () => {
  let server: http.Server;
  let url: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts tokens signed by a key in the JWKS and refuses dev tokens', async () => {
    const verify = createJwtVerifier({ devSecret: SECRET, jwksUrl: url, issuer: 'https://idp.example' });
    const token = await new SignJWT({ account_id: 'ACME', roles: ['approver'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('u9')
      .setIssuer('https://idp.example')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await verify(token)).toEqual({ userId: 'u9', accountId: 'ACME', roles: ['approver'] });
    await expect(verify(await signDevToken(viewer, SECRET))).rejects.toBeInstanceOf(AuthError);
  });
});

describe('signed internal viewer header', () => {
  it('verifies what it signed', () => {
    expect(verifyViewerHeader(signViewerHeader(viewer, SECRET), SECRET)).toEqual(viewer);
  });
  it('refuses another secret, an edited body, expiry and garbage', () => {
    const good = signViewerHeader(viewer, SECRET, 1_000);
    const [, sig] = good.split('.');
    const edited = `${Buffer.from(JSON.stringify({ ...viewer, roles: ['admin'], exp: 9_999 })).toString('base64url')}.${sig}`;
    expect(() => verifyViewerHeader(good, 'x'.repeat(40), 1_000)).toThrow(AuthError);
    expect(() => verifyViewerHeader(edited, SECRET, 1_000)).toThrow(/invalid gateway signature/);
    expect(() => verifyViewerHeader(good, SECRET, 1_000 + 121)).toThrow(/expired/);
    expect(() => verifyViewerHeader('a.b.c', SECRET)).toThrow(AuthError);
    expect(() => verifyViewerHeader(undefined, SECRET)).toThrow(/missing/);
  });
  it('decodes an unsigned header only for dev mode, validating its shape', () => {
    expect(decodeUnsignedViewer(Buffer.from(JSON.stringify(viewer)).toString('base64url'))).toEqual(viewer);
    expect(decodeUnsignedViewer(Buffer.from('{"userId":"x"}').toString('base64url'))).toBeUndefined();
  });
  it('lets analysts read across accounts, others only their own', () => {
    expect(canReadAccount(viewer, 'ACME')).toBe(true);
    expect(canReadAccount(viewer, 'GLOBEX')).toBe(false);
    expect(canReadAccount({ ...viewer, roles: ['analyst'] }, 'GLOBEX')).toBe(true);
  });
});
