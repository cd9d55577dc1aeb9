import { REFRESH_COOKIE } from '@parley/protocol';
import type { ApiResponse } from './api.js';

/** A response from an /api/auth route, with the refresh token it set (undefined when it set none or cleared it). */
export interface AuthResponse<T> extends ApiResponse<T> {
  refreshToken?: string | undefined;
}

/** The raw Set-Cookie header of the refresh cookie, or undefined when the response did not set it. */
export function refreshSetCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
}

/** The token a Set-Cookie header hands over; undefined for a clearing (empty) one. */
export function refreshTokenIn(setCookie: string | undefined): string | undefined {
  const value = setCookie?.slice(REFRESH_COOKIE.length + 1).split(';')[0];
  return value ? decodeURIComponent(value) : undefined;
}

/**
 * POSTs to an /api/auth route the way the browser does: the refresh token, if any, in the cookie;
 * no body (and no content-type) unless one is given.
 */
export async function authPost<T = unknown>(
  baseUrl: string,
  path: string,
  { refreshToken, body, headers = {} }: { refreshToken?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<AuthResponse<T>> {
  const sent: Record<string, string> = { ...headers };
  if (refreshToken !== undefined) sent.cookie = `${REFRESH_COOKIE}=${encodeURIComponent(refreshToken)}`;
  if (body !== undefined) sent['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method: 'POST', headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, refreshToken: refreshTokenIn(refreshSetCookie(res)) };
}

/** POST /api/auth/refresh with `token` in the cookie. */
export const refreshWith = <T = unknown>(baseUrl: string, token: string) => authPost<T>(baseUrl, '/api/auth/refresh', { refreshToken: token });

/** The refresh token a response put in the cookie; throws (failing the test) when it set none. */
export function cookieOf(res: AuthResponse<unknown>): string {
  if (res.refreshToken === undefined) throw new Error(`no refresh cookie in a ${res.status} response`);
  return res.refreshToken;
}
