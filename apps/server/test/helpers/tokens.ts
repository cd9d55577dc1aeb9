import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a JWT, read without checking anything. */
export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function sign(secret: string, claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** What is wrong with each token badTokens() makes; known before the tokens exist, for it.each. */
export const TOKEN_FLAWS = [
  'expired',
  'signed with another secret',
  'alg none, unsigned',
  'alg none, real signature kept',
  'HS512 with the right secret',
  'another issuer',
  'no session id',
  'unknown user',
  'payload swapped, signature kept',
  'not a JWT',
  'three garbage parts',
] as const;
export type TokenFlaw = (typeof TOKEN_FLAWS)[number];

/**
 * Access tokens that must all be refused, each built from a real one so that only the named flaw
 * differs: a test that passes for these proves the check, not a typo in the claims.
 */
export async function badTokens(secret: string, realToken: string): Promise<Record<TokenFlaw, string>> {
  const claims = decodeClaims(realToken);
  const now = Math.floor(Date.now() / 1000);
  const [header, , signature] = realToken.split('.');
  const { sid: _sid, ...withoutSid } = claims;
  return {
    expired: await sign(secret, { ...claims, iat: now - 3600, exp: now - 60 }),
    'signed with another secret': await sign('another-secret-'.padEnd(48, 'y'), claims),
    'alg none, unsigned': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'alg none, real signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.${signature}`,
    'HS512 with the right secret': await sign(secret, claims, 'HS512'),
    'another issuer': await sign(secret, { ...claims, iss: 'someone-else' }),
    'no session id': await sign(secret, withoutSid),
    'unknown user': await sign(secret, { ...claims, sub: randomUUID() }),
    'payload swapped, signature kept': `${header}.${b64({ ...claims, sub: randomUUID() })}.${signature}`,
    'not a JWT': 'definitely-not-a-jwt',
    'three garbage parts': 'a.b.c',
  };
}
