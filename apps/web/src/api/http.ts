import type { z } from 'zod';
import { ApiError } from './api-error';
import { parseError } from './parse-response';
import { getAccessToken, refreshAccessToken } from './token-refresh';

export interface RequestOptions<S extends z.ZodType | undefined> {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Schema of the success body; omit for 204 responses. */
  schema: S;
  /** Send the access token (default true). */
  auth?: boolean;
}

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

async function send(path: string, method: string, body: unknown, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  // Bodyless POSTs still send "{}": Fastify refuses an empty body labelled as JSON.
  const payload = body === undefined ? (method === 'GET' || method === 'DELETE' ? undefined : '{}') : JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, { method, headers, body: payload });
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : 'network error', 0);
  }
}

/**
 * Calls the Parley API. The success body is checked against its protocol schema, because the
 * response is where outside data enters the client. A 401 triggers one refresh and one retry.
 */
export async function apiRequest<S extends z.ZodType | undefined>(path: string, options: RequestOptions<S>): Promise<Result<S>> {
  const method = options.method ?? 'GET';
  const useAuth = options.auth ?? true;
  let token = useAuth ? await getAccessToken() : undefined;
  let res = await send(path, method, options.body, token);
  if (res.status === 401 && token !== undefined) {
    token = await refreshAccessToken(token);
    res = await send(path, method, options.body, token);
  }
  if (!res.ok) throw await parseError(res);
  if (!options.schema || res.status === 204) return undefined as Result<S>;
  return options.schema.parse(await res.json()) as Result<S>;
}
