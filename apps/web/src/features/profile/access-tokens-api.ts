import { AccessTokenList, CreatedAccessToken, type AccessTokenInfo, type CreateAccessTokenBody } from '@parley/protocol';
import { apiRequest } from '../../api/http';

/** The caller's live personal access tokens (`GET /api/me/access-tokens`), never their secrets. */
export async function listAccessTokens(): Promise<AccessTokenInfo[]> {
  return (await apiRequest('/api/me/access-tokens', { schema: AccessTokenList })).tokens;
}

/** Creates a token; the answer is the only place its secret ever appears. */
export function createAccessToken(body: CreateAccessTokenBody): Promise<CreatedAccessToken> {
  return apiRequest('/api/me/access-tokens', { method: 'POST', body, schema: CreatedAccessToken });
}

/** Revokes a token: it stops working and its sockets close at once. */
export function revokeAccessToken(id: string): Promise<undefined> {
  return apiRequest(`/api/me/access-tokens/${encodeURIComponent(id)}`, { method: 'DELETE', schema: undefined });
}
