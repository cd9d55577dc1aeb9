import type { SearchBenchResult, SearchCase } from '../report/results.js';
import { Histogram } from '../load/histogram.js';
import { get } from '../load/http-get.js';
import { rareTicket } from '../servers/seed-search.js';
import type { Target } from './target.js';

export interface SearchSizes {
  searchMessages: number;
  searchRooms: number;
  searchQueries: number;
}

/** What each case asks and how many hits it must find on the first page (the seed makes these true). */
interface Query {
  label: string;
  q: string;
  inOneRoom: boolean;
  expectHits: boolean;
}

/**
 * Each case exercises a different plan of storage/search-repository.ts: a common term (newest-first
 * walk), a rare one (the trigram index), two characters (scan, no trigram), a miss, and one room.
 */
const queries = (messages: number): Query[] => [
  { label: 'Chinese, common (数据库)', q: '数据库', inOneRoom: false, expectHits: true },
  { label: 'Chinese + digits, rare (1 in 5,000)', q: rareTicket(messages), inOneRoom: false, expectHits: true },
  { label: 'Chinese, 2 characters (开会)', q: '开会', inOneRoom: false, expectHits: true },
  { label: 'English, common (staging)', q: 'staging', inOneRoom: false, expectHits: true },
  { label: 'no match (kubernetes)', q: 'kubernetes', inOneRoom: false, expectHits: false },
  { label: 'one room, common (数据库)', q: '数据库', inOneRoom: true, expectHits: true },
];

interface Page {
  results?: Array<{ roomId: string; snippet: string }>;
}

/** One search; checks the answer, not just the status: hits where the seed put them, each snippet containing the query. */
async function searchOnce(t: Target, query: Query, roomId: string | undefined, token: string): Promise<{ ms: number; hits: number }> {
  const params = new URLSearchParams({ q: query.q, limit: '20', ...(roomId && { roomId }) });
  const started = performance.now();
  const res = await get(`${t.server.httpUrl}/api/search?${params.toString()}`, token);
  const ms = performance.now() - started;
  const results = (JSON.parse(res.body) as Page).results ?? [];
  const wrong = results.find((r) => !r.snippet.toLowerCase().includes(query.q.toLowerCase()) || (roomId !== undefined && r.roomId !== roomId));
  if (res.status !== 200 || wrong || (results.length > 0) !== query.expectHits) {
    throw new Error(`search ${JSON.stringify(query.q)}: status ${res.status}, ${results.length} results${wrong ? `, bad result ${JSON.stringify(wrong.snippet)}` : ''}`);
  }
  return { ms, hits: results.length };
}

async function measure(t: Target, query: Query, queries: number): Promise<SearchCase> {
  const s = t.search!;
  const roomId = query.inOneRoom ? s.rooms[0] : undefined;
  // Warm-up, not timed: JIT and cold caches.
  for (let i = 0; i < Math.min(20, queries); i++) await searchOnce(t, query, roomId, s.token);
  const h = new Histogram();
  let hits = 0;
  for (let i = 0; i < queries; i++) {
    const r = await searchOnce(t, query, roomId, s.token);
    hits = r.hits;
    h.record(r.ms * 1000);
  }
  return { label: query.label, query: query.q, firstPageHits: hits, queries, latency: h.summary() };
}

/**
 * Scenario 6: `GET /api/search` over every room of a user holding `searchMessages` messages in
 * `searchRooms` rooms, one request at a time, timed at the client (HTTP and JSON included).
 */
export async function runSearch(t: Target, sizes: SearchSizes): Promise<SearchBenchResult> {
  if (!t.search) throw new Error('search rooms were not seeded');
  const cases: SearchCase[] = [];
  for (const query of queries(sizes.searchMessages)) cases.push(await measure(t, query, sizes.searchQueries));
  return { messages: sizes.searchMessages, rooms: sizes.searchRooms, seedSeconds: t.search.seedSeconds, cases };
}
