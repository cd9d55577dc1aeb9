import { SignJWT, jwtVerify } from 'jose';

export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
  issuer: string;
  now?: () => number;
}

/** HS256 access tokens carrying `sub` and `sid`. Verification pins the algorithm, so `alg: none` fails. */
export function createJwtSigner({ secret, ttlSeconds, issuer, now = Date.now }: JwtOptions) {
  const key = new TextEncoder().encode(secret);
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
        .sign(key);
      return { token, expiresAt: exp * 1000 };
    },
    async verify(token: string) {
      try {
        const { payload } = await jwtVerify(token, key, {
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
