import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('./token-refresh', () => ({
  getAccessToken: vi.fn(async () => 'old-token'),
  refreshAccessToken: vi.fn(async () => 'new-token'),
}));

const { authorizedFetch } = await import('./http');
const { refreshAccessToken } = await import('./token-refresh');

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(refreshAccessToken).mockClear();
});

describe('authorizedFetch', () => {
  it('refreshes the token once and retries after a 401 unauthenticated', async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(json(401, { error: { code: 'unauthenticated', message: 'expired' } })).mockResolvedValueOnce(json(200, {}));
    vi.stubGlobal('fetch', fetchMock);
    const res = await authorizedFetch('/api/me');
    expect(res.status).toBe(200);
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(new Headers((fetchMock.mock.calls[1] as [string, RequestInit])[1].headers).get('authorization')).toBe('Bearer new-token');
  });

  it('hands a wrong current password back without refreshing', async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(json(401, { error: { code: 'invalid_credentials', message: 'wrong password' } }));
    vi.stubGlobal('fetch', fetchMock);
    const res = await authorizedFetch('/api/me', { method: 'PATCH' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'invalid_credentials', message: 'wrong password' } });
    expect(refreshAccessToken).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
