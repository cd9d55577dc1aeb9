import type { IdleResult, ManyRoomsResult, ReconnectResult } from '../report/results.js';
import type { ProbeReading } from '../servers/probe.js';
import { addSends, cpuMeter, serverHealth, round, sleep, specsOf, waitFor, type Population, type Target } from './target.js';

export interface RoomsSizes {
  rooms: number;
  membersPerRoom: number;
  idleMs: number;
  /** Total messages per second over all rooms in the many-rooms scenario. */
  manyRoomsRate: number;
  manyRoomsMs: number;
  warmupMs: number;
  /** Messages posted to each room while half its members are away in the reconnect storm. */
  missedPerRoom: number;
}

const MB = 1024 * 1024;

/**
 * Scenarios 1, 3 and 5 share one population: `rooms` x `membersPerRoom` sockets. They are connected
 * once, held idle (RSS, event-loop lag), loaded (many rooms), then half of them drop and reconnect.
 */
export async function runRoomScenarios(
  t: Target,
  population: Population,
  sizes: RoomsSizes,
  want: { idle: boolean; manyRooms: boolean; reconnect: boolean },
): Promise<{ idle?: IdleResult; manyRooms?: ManyRoomsResult; reconnect?: ReconnectResult }> {
  const specs = specsOf(t, population);
  const sent = new Map<string, number>(population.rooms.map((r) => [r.id, 0]));

  const before = await t.server.probe({ gc: true });
  const connectStart = performance.now();
  await t.pool.connect(specs, { concurrency: 200 });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const idle = want.idle ? await measureIdle(t, sizes, specs.length, before, connectSeconds) : undefined;
  const manyRooms = want.manyRooms ? await runManyRooms(t, population, sizes, sent) : undefined;
  const reconnect = want.reconnect ? await runReconnectStorm(t, population, sizes, sent) : undefined;
  await t.pool.closeClients();
  return { idle, manyRooms, reconnect };
}

async function measureIdle(t: Target, sizes: RoomsSizes, sockets: number, before: ProbeReading, connectSeconds: number): Promise<IdleResult> {
  // Let presence announcements and other start-up work settle before measuring an idle server.
  await sleep(Math.min(2000, sizes.idleMs));
  await t.server.probe({ reset: true });
  await sleep(sizes.idleMs);
  const after = await t.server.probe({ gc: true, reset: true });
  return {
    sockets,
    rssBeforeMb: round(before.rssBytes / MB, 1),
    rssAfterMb: round(after.rssBytes / MB, 1),
    rssPerSocketKb: round((after.rssBytes - before.rssBytes) / 1024 / sockets, 1),
    lagP50Ms: round(after.lagP50Ms),
    lagP99Ms: round(after.lagP99Ms),
    lagMaxMs: round(after.lagMaxMs),
    connectSeconds: round(connectSeconds),
  };
}

async function runManyRooms(t: Target, population: Population, sizes: RoomsSizes, sent: Map<string, number>): Promise<ManyRoomsResult> {
  const senders = population.rooms.flatMap((r) => r.members.map((index) => ({ index, roomId: r.id })));
  // One steady load; the figures count from the end of its warm-up to the last delivery.
  const loading = t.pool.load(senders, sizes.manyRoomsRate, sizes.warmupMs + sizes.manyRoomsMs);
  await sleep(sizes.warmupMs);
  const before = await t.pool.record(true, true);
  await t.server.probe({ reset: true });
  const meter = await cpuMeter(t);
  const started = performance.now();
  const loadSent = await loading;
  addSends(sent, loadSent);
  const total = [...loadSent.values()].reduce((a, b) => a + b, 0);
  // Sends of the measured stretch: the rate times its length (the warm-up's share is not counted).
  const sentNow = Math.round((total * sizes.manyRoomsMs) / (sizes.warmupMs + sizes.manyRoomsMs));
  const everything = total * sizes.membersPerRoom;
  await waitFor(async () => before.delivered + (await t.pool.record(false, true)).delivered >= everything, 10_000);
  const elapsed = (performance.now() - started) / 1000;
  const stats = await t.pool.record(true, false);
  const cpu = await meter();
  const server = await t.server.probe({ reset: true });
  return {
    server: serverHealth(server),
    rooms: population.rooms.length,
    membersPerRoom: sizes.membersPerRoom,
    sentPerSecond: round(sentNow / (sizes.manyRoomsMs / 1000), 0),
    deliveredPerSecond: round(stats.delivered / elapsed, 0),
    latency: stats.histogram.summary(),
    ...cpu,
    correctness: await t.pool.check(sent),
  };
}

async function runReconnectStorm(t: Target, population: Population, sizes: RoomsSizes, sent: Map<string, number>): Promise<ReconnectResult> {
  const half = Math.floor(sizes.membersPerRoom / 2);
  const away = population.rooms.flatMap((r) => r.members.slice(0, half));
  const stayed = population.rooms.flatMap((r) => r.members.slice(half));
  const awaySet = new Set(away);
  const specs = specsOf(t, population).filter((s) => awaySet.has(s.index));
  await t.pool.drop(away);
  await sleep(500);

  // Two members who stayed post in every room while the others are gone.
  const senders = population.rooms.flatMap((r) => r.members.slice(half, half + 2).map((index) => ({ index, roomId: r.id })));
  const planned = population.rooms.length * sizes.missedPerRoom;
  const rate = Math.min(2000, planned);
  const missedSends = await t.pool.load(senders, rate, (planned / rate) * 1000);
  addSends(sent, missedSends);
  const missed = [...missedSends.values()].reduce((a, b) => a + b, 0);
  await waitFor(async () => (await t.pool.behind(stayed, sent)) === 0, 30_000, 50);

  const started = performance.now();
  await t.pool.connect(specs, { resume: true, concurrency: specs.length, timeoutMs: 60_000 });
  const reconnectSeconds = (performance.now() - started) / 1000;
  let caughtUpSeconds: number | null = null;
  if (t.protocol === 'parley') {
    const caughtUp = await waitFor(async () => (await t.pool.behind(away, sent)) === 0, 60_000, 20);
    caughtUpSeconds = caughtUp ? round((performance.now() - started) / 1000) : null;
  }
  return {
    clients: specs.length,
    missedMessages: missed,
    reconnectSeconds: round(reconnectSeconds),
    caughtUpSeconds,
    correctness: await t.pool.check(sent),
  };
}
