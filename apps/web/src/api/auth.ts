import { AuthSession, type LoginBody, type RegisterBody } from '@parley/protocol';
import { apiRequest } from './http';
import { clearSession, writeSession } from './session-store';

/** Creates an account and stores its session. */
export async function register(body: RegisterBody): Promise<AuthSession> {
  const session = await apiRequest('/api/auth/register', { method: 'POST', body, schema: AuthSession, auth: false });
  writeSession(session);
  return session;
}

export async function login(body: LoginBody): Promise<AuthSession> {
  const session = await apiRequest('/api/auth/login', { method: 'POST', body, schema: AuthSession, auth: false });
  writeSession(session);
  return session;
}

/**
 * Forgets the session at once, then ends it on the server: the route revokes the refresh token the
 * browser sends in the HttpOnly cookie and clears that cookie. Called with no stored session too, so
 * a cookie left behind is still cleared. A failure reaches the caller after the local sign-out.
 */
export async function logout(): Promise<void> {
  clearSession();
  await apiRequest('/api/auth/logout', { method: 'POST', schema: undefined, auth: false });
}
