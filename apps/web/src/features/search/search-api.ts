import { SearchPage } from '@parley/protocol';
import { apiRequest } from '../../api/http';

export interface SearchParams {
  q: string;
  /** Only this room (the caller must be a member). */
  roomId?: string;
  /** The previous page's `nextBefore`. */
  before?: string;
  limit?: number;
}

/** `GET /api/search`: messages in the caller's rooms, newest first, with plain-text snippets. */
export function searchMessages({ q, roomId, before, limit = 20 }: SearchParams): Promise<SearchPage> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  if (roomId) params.set('roomId', roomId);
  if (before) params.set('before', before);
  return apiRequest(`/api/search?${params.toString()}`, { schema: SearchPage });
}
