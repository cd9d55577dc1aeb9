import type { SearchPage, SearchQuery, SearchResult } from '@parley/protocol';
import type { SearchHit, SearchPosition } from '../storage/search-types.js';
import type { Store } from '../storage/types.js';
import { getMemberRoom } from './room-access.js';
import { buildSnippet } from './search-snippet.js';

export interface SearchService {
  /** Messages matching `query.q` in the rooms `userId` is a member of (or in `query.roomId`), newest first. */
  search(userId: string, query: SearchQuery): Promise<SearchPage>;
}

export interface SearchDeps {
  store: Store;
}

// Sends in one millisecond are common, so the room and its seq break ties; seq follows send order.
const toCursor = (hit: SearchHit) => `${hit.createdAt}_${hit.roomId}_${hit.seq}`;

/** The protocol already checked the shape (`<millis>_<room uuid>_<seq>`). */
function fromCursor(cursor: string): SearchPosition {
  const [createdAt = '0', roomId = '', seq = '0'] = cursor.split('_');
  return { createdAt: Number(createdAt), roomId, seq: Number(seq) };
}

function toResult(hit: SearchHit, q: string): SearchResult {
  const snippet = buildSnippet(hit.body, q);
  return {
    messageId: hit.messageId,
    roomId: hit.roomId,
    roomName: hit.roomName,
    seq: hit.seq,
    sender: hit.sender,
    ...(hit.bot && { bot: hit.bot }),
    createdAt: new Date(hit.createdAt).toISOString(),
    snippet: snippet.text,
    truncatedStart: snippet.truncatedStart,
    truncatedEnd: snippet.truncatedEnd,
    matches: snippet.matches,
  };
}

/**
 * Like Slack, search covers the rooms the user is in: a public room they never joined is not
 * searched, and a room they left, were kicked or banned from stops being searched at once.
 */
export function createSearchService({ store }: SearchDeps): SearchService {
  return {
    async search(userId, { q, roomId, before, limit }) {
      // room_not_found for a private or deleted room, not_room_member for a public room they are not in.
      if (roomId !== undefined) await getMemberRoom(store, roomId, userId);
      const hits = await store.search.findMessages({
        userId,
        text: q,
        roomId,
        before: before === undefined ? undefined : fromCursor(before),
        limit: limit + 1,
      });
      const page = hits.slice(0, limit);
      const last = page[page.length - 1];
      return { results: page.map((h) => toResult(h, q)), nextBefore: hits.length > limit && last ? toCursor(last) : null };
    },
  };
}
