import { z } from 'zod';
import { boundedText } from '../text.js';
import { Id, Seq, Timestamp } from './common.js';
import { BotRef } from './messages.js';
import { UserRef } from './users.js';

/** An opaque position in the results: `<createdAt millis>_<room id>_<seq>` of the last result of a page. */
export const SearchCursor = z.string().regex(/^\d{1,15}_[0-9a-f-]{36}_\d{1,10}$/, { message: 'must be a nextBefore value from an earlier page' });
export type SearchCursor = z.infer<typeof SearchCursor>;

const Limit = z
  .string()
  .regex(/^\d{1,3}$/, { message: 'must be a whole number' })
  .transform(Number)
  .pipe(z.number().int().min(1).max(50));

/**
 * `GET /api/search?q=&roomId=&before=&limit=`: messages in the rooms the caller is a member of.
 * `q` is literal text (no operators, no wildcards), 2..200 characters after NFC and trimming.
 */
export const SearchQuery = z
  .object({ q: boundedText(2, 200), roomId: Id.optional(), before: SearchCursor.optional(), limit: Limit.default(20) })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;

/** Where the query matched inside `snippet`, in code points (not UTF-16 units), for safe highlighting. */
export const SearchMatch = z.object({ start: z.number().int().min(0), length: z.number().int().min(1) });
export type SearchMatch = z.infer<typeof SearchMatch>;

/** One matching message: plain text around the first hit (at most 200 code points), never HTML. */
export const SearchResult = z.object({
  messageId: Id,
  roomId: Id,
  roomName: z.string(),
  seq: Seq,
  sender: UserRef.nullable(),
  /** The webhook that posted it (then `sender` is null). */
  bot: BotRef.optional(),
  createdAt: Timestamp,
  snippet: z.string(),
  /** True when the snippet starts after, or ends before, the body's own start or end. */
  truncatedStart: z.boolean(),
  truncatedEnd: z.boolean(),
  matches: z.array(SearchMatch),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** Results newest first; pass `nextBefore` as `before` for the next page (null on the last page). */
export const SearchPage = z.object({ results: z.array(SearchResult), nextBefore: SearchCursor.nullable() });
export type SearchPage = z.infer<typeof SearchPage>;
