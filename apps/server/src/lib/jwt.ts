import { SignJWT, jwtVerify } from 'jose';
import { webcrypto } from 'node:crypto';

export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
  issuer: string;
  now?: () => number;
}

/** HS256 access tokens carrying `sub` and `sid`. Verification pins the algorithm, so `alg: none` fails. */
export function createJwtSigner({ secret, ttlSeconds, issuer, now = Date.now }: JwtOptions) {
  // Imported once: handed raw bytes, jose imports the HMAC key again on every sign and verify,
  // which the bench's profile showed as a large share of each authenticated request.
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const key = () =>
    (imported ??= webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  return {
    async sign(claims: { userId: string; sessionId: string }) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({ sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(await key());
      return { token, expiresAt: exp * 1000 };
    },
    async verify(token: string) {
      try {
        const { payload } = await jwtVerify(token, await key(), {
          algorithms: ['HS256'],
          issuer,
          currentDate: new Date(now()),
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
        return { userId: payload.sub, sessionId: payload.sid };
      } catch {
        // Expired, forged, malformed or wrong algorithm: all mean "not authenticated".
        return undefined;
      }
    },
  };
}
