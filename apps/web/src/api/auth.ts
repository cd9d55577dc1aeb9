import { AuthSession, type LoginBody, type RegisterBody } from '@parley/protocol';
import { apiRequest } from './http';
import { clearSession, readSession, writeSession } from './session-store';

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

/** Revokes the refresh token on the server, then forgets the session even if the server was unreachable. */
export async function logout(): Promise<void> {
  const session = readSession();
  clearSession();
  if (!session) return;
  await apiRequest('/api/auth/logout', {
    method: 'POST',
    body: { refreshToken: session.refreshToken },
    schema: undefined,
    auth: false,
  });
}
