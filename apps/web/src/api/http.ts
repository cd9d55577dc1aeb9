import type { z } from 'zod';
import { ApiError } from './api-error';
import { parseError } from './parse-response';
import { getAccessToken, refreshAccessToken } from './token-refresh';

export interface RequestOptions<S extends z.ZodType | undefined> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Schema of the success body; omit for 204 responses. */
  schema: S;
  /** Send the access token (default true). */
  auth?: boolean;
}

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

async function send(path: string, init: RequestInit, token: string | undefined): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(path, { ...init, headers });
  } catch (err) {
    // A caller's own abort is not a network failure; it goes back to the caller as it came.
    if (init.signal?.aborted) throw err;
    throw new ApiError('network', err instanceof Error ? err.message : 'network error', 0);
  }
}

/**
 * A 401 `invalid_credentials` answers a wrong current password (PATCH /api/me), not an expired
 * token: refreshing would only cost a round trip and rotate the refresh token for nothing.
 */
async function isWrongPassword(res: Response): Promise<boolean> {
  const error = await parseError(res.clone());
  return error.code === 'invalid_credentials';
}

/**
 * fetch() with the access token. A 401 triggers one refresh and one retry, so every authenticated
 * request (JSON, attachment bytes) shares the same refresh path and its cross-tab lock.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}, useAuth = true): Promise<Response> {
  let token = useAuth ? await getAccessToken() : undefined;
  let res = await send(path, init, token);
  if (res.status === 401 && token !== undefined && !(await isWrongPassword(res))) {
    token = await refreshAccessToken(token);
    res = await send(path, init, token);
  }
  return res;
}

/**
 * Calls the Parley API. The success body is checked against its protocol schema, because the
 * response is where outside data enters the client.
 */
export async function apiRequest<S extends z.ZodType | undefined>(path: string, options: RequestOptions<S>): Promise<Result<S>> {
  const method = options.method ?? 'GET';
  // Bodyless POSTs still send "{}": Fastify refuses an empty body labelled as JSON.
  const payload =
    options.body === undefined ? (method === 'GET' || method === 'DELETE' ? undefined : '{}') : JSON.stringify(options.body);
  const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
  const res = await authorizedFetch(path, { method, headers, body: payload }, options.auth ?? true);
  if (!res.ok) throw await parseError(res);
  if (!options.schema || res.status === 204) return undefined as Result<S>;
  return options.schema.parse(await res.json()) as Result<S>;
}

/** Downloads an authenticated resource (an attachment or its thumbnail) as a Blob. */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const res = await authorizedFetch(path, signal ? { signal } : {});
  if (!res.ok) throw await parseError(res);
  try {
    return await res.blob();
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : 'network error', 0);
  }
}
