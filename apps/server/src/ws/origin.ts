/**
 * Whether a browser Origin may open the socket. Fail closed: with no allow-list only the server's own
 * origin (same host as the request) passes. Clients that send no Origin are not browsers, so there is
 * no ambient credential to abuse, and they still have to authenticate with a token.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length > 0) return allowed.some((a) => new URL(a).origin === parsed.origin);
  return host !== undefined && parsed.host === host;
}
