/** The targets of issues #7 (speed) and #9 (search), checked per Parley server; a check never claims what the run did not measure. */
import type { BenchRun, Correctness, HistoryCase, SearchCase, ServerKey, ServerRun } from './results.js';
import { fmtInt, fmtMs, fmtNum, fmtRate, fmtRatio, fmtSeconds } from './format.js';
import { describeFaults, findRun, measured, parleyRuns, reasonMissing, type ScenarioKey } from './outcomes.js';

/** One target for one Parley server: what was wanted, what the run showed, and by how much it missed. */
export interface TargetCheck {
  name: string;
  server: ServerKey;
  target: string;
  actual: string;
  met: boolean;
  /** Set when met is false: the gap, or why the run could not show the target. */
  missBy?: string;
}

/** The sizes the issue states the targets at; a smaller run (e.g. --quick) proves nothing about them. */
export const FULL_SIZE = { idleSockets: 10_000, manyRoomsSentPerSecond: 1_000, historyMessages: 1_000_000, reconnectClients: 5_000, searchMessages: 100_000 };

const LAG_LIMIT_MS = 50;
const MANY_ROOMS_P99_MS = 50;
const RECONNECT_LIMIT_S = 10;
/** Issue #9: search results in under 50 ms on 100,000 messages (held to the p99 of every case). */
const SEARCH_P99_MS = 50;
const RSS_FACTOR = 1.5;
const FANOUT_FACTORS: readonly { baseline: ServerKey; factor: number }[] = [
  { baseline: 'bare-ws', factor: 0.8 },
  { baseline: 'socketio', factor: 2 },
];
const HISTORY_LIMIT_MS: Partial<Record<ServerKey, { limit: number; engine: string }>> = {
  'parley-sqlite': { limit: 5, engine: 'SQLite' },
  'parley-pg': { limit: 10, engine: 'PostgreSQL' },
};

type Head = Pick<TargetCheck, 'name' | 'server' | 'target'>;

export function checkTargets(run: BenchRun): TargetCheck[] {
  return parleyRuns(run).flatMap((parley) => [
    ...FANOUT_FACTORS.map(({ baseline, factor }) => checkFanout(run, parley, baseline, factor)),
    checkIdleRss(run, parley),
    checkIdleLag(parley),
    checkManyRooms(parley),
    ...checkHistory(parley),
    checkReconnect(parley),
    ...checkSearch(parley),
  ]);
}

/** met when no reason against it was found; otherwise every reason, so one fix does not hide the next. */
function verdict(head: Head, actual: string, reasons: string[]): TargetCheck {
  if (reasons.length === 0) return { ...head, actual, met: true };
  return { ...head, actual, met: false, missBy: reasons.join('; ') };
}

function notMeasured(head: Head, reason: string): TargetCheck {
  return { ...head, actual: 'not measured', met: false, missBy: `not measured (${reason})` };
}

function faultReasons(correctness: Correctness): string[] {
  const faults = describeFaults(correctness);
  return faults === undefined ? [] : [`correctness failed: ${faults}`];
}

function baselineReason(run: BenchRun, key: ServerKey, scenario: ScenarioKey): string {
  const baseline = findRun(run, key);
  return baseline ? `${key} ${reasonMissing(baseline, scenario)}` : `${key} was not in this run`;
}

function checkFanout(run: BenchRun, parley: ServerRun, baselineKey: ServerKey, factor: number): TargetCheck {
  const head = { name: `Fan-out delivered/s vs ${baselineKey}`, server: parley.server.key, target: `>= ${factor}x ${baselineKey}` };
  const mine = measured(parley.fanout);
  if (!mine) return notMeasured(head, reasonMissing(parley, 'fanout'));
  const baseline = findRun(run, baselineKey);
  const theirs = baseline && measured(baseline.fanout);
  if (!theirs) return notMeasured(head, baselineReason(run, baselineKey, 'fanout'));
  const baselineRate = theirs.best?.deliveredPerSecond ?? 0;
  if (baselineRate <= 0) return notMeasured(head, `${baselineKey} sustained no step`);
  const rate = mine.best?.deliveredPerSecond ?? 0;
  const ratio = rate / baselineRate;
  const actual = `${fmtRatio(ratio)} (${fmtRate(rate)} vs ${fmtRate(baselineRate)})`;
  const reasons = faultReasons(mine.correctness);
  if (ratio < factor) {
    reasons.push(`${fmtRatio(factor - ratio)} short: needs ${fmtRate(factor * baselineRate)}, got ${fmtRate(rate)}`);
  }
  return verdict(head, actual, reasons);
}

function checkIdleRss(run: BenchRun, parley: ServerRun): TargetCheck {
  const head = { name: 'Idle RSS per socket vs bare-ws', server: parley.server.key, target: `<= ${RSS_FACTOR}x bare-ws` };
  const mine = measured(parley.idle);
  if (!mine) return notMeasured(head, reasonMissing(parley, 'idle'));
  const baseline = findRun(run, 'bare-ws');
  const theirs = baseline && measured(baseline.idle);
  if (!theirs) return notMeasured(head, baselineReason(run, 'bare-ws', 'idle'));
  if (theirs.rssPerSocketKb <= 0) return notMeasured(head, 'bare-ws measured no RSS per socket');
  const ratio = mine.rssPerSocketKb / theirs.rssPerSocketKb;
  const actual = `${fmtRatio(ratio)} (${fmtNum(mine.rssPerSocketKb)} KB vs ${fmtNum(theirs.rssPerSocketKb)} KB)`;
  const limitKb = RSS_FACTOR * theirs.rssPerSocketKb;
  const reasons = ratio <= RSS_FACTOR ? [] : [`${fmtNum(mine.rssPerSocketKb - limitKb)} KB per socket over ${fmtNum(limitKb)} KB`];
  return verdict(head, actual, reasons);
}

/** Below the full size the issue names, report the figure but never call the target met. */
function sizeReason(measuredSize: number, fullSize: number, unit: string): string[] {
  return measuredSize >= fullSize ? [] : [`not measured at ${fmtInt(fullSize)}${unit}`];
}

function smallNote(measuredSize: number, fullSize: number): string {
  return measuredSize >= fullSize ? '' : ` (smaller than ${fmtInt(fullSize)}, e.g. a --quick run)`;
}

function checkIdleLag(parley: ServerRun): TargetCheck {
  const head = { name: 'Idle event-loop lag p99', server: parley.server.key, target: `< ${LAG_LIMIT_MS} ms at ${fmtInt(FULL_SIZE.idleSockets)} sockets` };
  const idle = measured(parley.idle);
  if (!idle) return notMeasured(head, reasonMissing(parley, 'idle'));
  const actual = `${fmtMs(idle.lagP99Ms)} at ${fmtInt(idle.sockets)} sockets${smallNote(idle.sockets, FULL_SIZE.idleSockets)}`;
  const reasons = sizeReason(idle.sockets, FULL_SIZE.idleSockets, '');
  if (idle.lagP99Ms >= LAG_LIMIT_MS) reasons.push(`${fmtMs(idle.lagP99Ms - LAG_LIMIT_MS)} over`);
  return verdict(head, actual, reasons);
}

function checkManyRooms(parley: ServerRun): TargetCheck {
  const full = FULL_SIZE.manyRoomsSentPerSecond;
  const head = { name: 'Many rooms p99', server: parley.server.key, target: `< ${MANY_ROOMS_P99_MS} ms at >= ${fmtRate(full)} sent` };
  const result = measured(parley.manyRooms);
  if (!result) return notMeasured(head, reasonMissing(parley, 'manyRooms'));
  const { sentPerSecond, latency } = result;
  const actual = `${fmtMs(latency.p99)} at ${fmtRate(sentPerSecond)} sent${smallNote(sentPerSecond, full)}`;
  const reasons = [...sizeReason(sentPerSecond, full, ' sent/s'), ...faultReasons(result.correctness)];
  if (latency.p99 >= MANY_ROOMS_P99_MS) reasons.push(`${fmtMs(latency.p99 - MANY_ROOMS_P99_MS)} over`);
  return verdict(head, actual, reasons);
}

/**
 * History is only at full size when one room held the 1,000,000 messages: a page from a
 * small table stays in cache and would flatter every case of the run.
 */
function checkHistory(parley: ServerRun): TargetCheck[] {
  const limit = HISTORY_LIMIT_MS[parley.server.key];
  if (!limit) return [];
  const base = { name: 'History page p99', server: parley.server.key, target: `< ${fmtMs(limit.limit)} on ${limit.engine}` };
  const history = measured(parley.history);
  if (!history) return [notMeasured(base, reasonMissing(parley, 'history'))];
  if (history.cases.length === 0) return [notMeasured(base, 'no history cases ran')];
  const largest = Math.max(...history.cases.map((c) => c.messagesInRoom));
  return history.cases.map((historyCase) => checkHistoryCase(base, historyCase, limit.limit, largest));
}

function checkHistoryCase(base: Head, historyCase: HistoryCase, limitMs: number, largestRoom: number): TargetCheck {
  const head = { ...base, name: `${base.name} (${historyCase.label})` };
  const p99 = historyCase.latency.p99;
  const actual = `${fmtMs(p99)} across ${fmtInt(historyCase.pages)} pages${smallNote(largestRoom, FULL_SIZE.historyMessages)}`;
  const reasons = sizeReason(largestRoom, FULL_SIZE.historyMessages, ' messages in the largest room');
  if (p99 >= limitMs) reasons.push(`${fmtMs(p99 - limitMs)} over`);
  return verdict(head, actual, reasons);
}

function checkReconnect(parley: ServerRun): TargetCheck {
  const full = FULL_SIZE.reconnectClients;
  const head = { name: 'Reconnect storm caught up', server: parley.server.key, target: `< ${RECONNECT_LIMIT_S} s for ${fmtInt(full)} clients, zero loss` };
  const result = measured(parley.reconnect);
  if (!result) return notMeasured(head, reasonMissing(parley, 'reconnect'));
  const { caughtUpSeconds, clients } = result;
  const caughtUp = caughtUpSeconds === null ? 'never caught up' : fmtSeconds(caughtUpSeconds);
  const actual = `${caughtUp} for ${fmtInt(clients)} clients, lost ${fmtInt(result.correctness.lost)}${smallNote(clients, full)}`;
  const reasons = [...sizeReason(clients, full, ' clients'), ...faultReasons(result.correctness)];
  if (caughtUpSeconds === null) reasons.push('the server could not resume');
  else if (caughtUpSeconds >= RECONNECT_LIMIT_S) reasons.push(`${fmtSeconds(caughtUpSeconds - RECONNECT_LIMIT_S)} over`);
  return verdict(head, actual, reasons);
}

function checkSearch(parley: ServerRun): TargetCheck[] {
  const base = { name: 'Search p99', server: parley.server.key, target: `< ${fmtMs(SEARCH_P99_MS)} on ${fmtInt(FULL_SIZE.searchMessages)} messages` };
  const search = measured(parley.search);
  if (!search) return [notMeasured(base, reasonMissing(parley, 'search'))];
  if (search.cases.length === 0) return [notMeasured(base, 'no search cases ran')];
  return search.cases.map((searchCase) => checkSearchCase(base, searchCase, search.messages));
}

function checkSearchCase(base: Head, searchCase: SearchCase, messages: number): TargetCheck {
  const head = { ...base, name: `${base.name} (${searchCase.label})` };
  const p99 = searchCase.latency.p99;
  const actual = `${fmtMs(p99)} across ${fmtInt(searchCase.queries)} queries${smallNote(messages, FULL_SIZE.searchMessages)}`;
  const reasons = sizeReason(messages, FULL_SIZE.searchMessages, ' messages');
  if (p99 >= SEARCH_P99_MS) reasons.push(`${fmtMs(p99 - SEARCH_P99_MS)} over`);
  return verdict(head, actual, reasons);
}
