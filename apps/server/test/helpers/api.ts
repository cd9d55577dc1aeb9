import type { AuthSession, Room } from '@parley/protocol';
import { authPost } from './refresh-cookie.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A JSON request against the test server; returns status and parsed body (undefined for 204). */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

let counter = 0;

/** Registers a fresh user with a unique name; `refreshToken` is the value of the refresh cookie it was given. */
export async function registerUserWithCookie(baseUrl: string, prefix = 'user'): Promise<AuthSession & { password: string; refreshToken: string }> {
  const username = `${prefix}_${process.pid}_${++counter}`;
  const password = 'correct horse battery';
  const res = await authPost<AuthSession>(baseUrl, '/api/auth/register', { body: { username, password } });
  if (res.status !== 201 || res.refreshToken === undefined) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, password, refreshToken: res.refreshToken };
}

/** Registers a fresh user with a unique name. */
export async function registerUser(baseUrl: string, prefix = 'user'): Promise<AuthSession & { password: string }> {
  const { refreshToken: _cookie, ...account } = await registerUserWithCookie(baseUrl, prefix);
  return account;
}

export async function createRoom(
  baseUrl: string,
  token: string,
  body: { name?: string; visibility?: 'public' | 'private'; description?: string } = {},
): Promise<Room> {
  const res = await api<Room>(baseUrl, 'POST', '/api/rooms', { token, body: { name: 'room', ...body } });
  if (res.status !== 201) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates an invite as `ownerToken` and joins with it as `token`. */
export async function joinPrivate(baseUrl: string, ownerToken: string, token: string, roomId: string): Promise<void> {
  const invite = await api<{ code: string }>(baseUrl, 'POST', `/api/rooms/${roomId}/invites`, { token: ownerToken, body: {} });
  const res = await api(baseUrl, 'POST', `/api/rooms/${roomId}/join`, { token, body: { inviteCode: invite.body.code } });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
}
