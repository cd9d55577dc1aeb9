import type { ClientSpec } from '../load/client.js';
import type { LoadPool } from '../load/pool.js';
import type { ProtocolName } from '../load/protocols.js';
import type { GeneratorLoad, ServerHealth, ServerInfo } from '../report/results.js';
import type { ProbeReading } from '../servers/probe.js';
import type { ServerProcess } from '../servers/launch.js';

/** One server under test, as the scenarios see it. */
export interface Target {
  info: ServerInfo;
  protocol: ProtocolName;
  server: ServerProcess;
  /** Parley access token of the user behind client i (empty for baselines). */
  tokens: readonly string[];
  /** Rooms of the history scenario (Parley only). */
  history: { bigRoom: string; smallRooms: string[]; seedSeconds: number } | undefined;
  /** The search scenario's reader, a member of exactly these rooms (Parley only). */
  search: { token: string; rooms: string[]; seedSeconds: number } | undefined;
  pool: LoadPool;
  generatorCores: number;
}

/** Rooms and who is in them: client i is a member of the rooms listing it. */
export interface Population {
  rooms: Array<{ id: string; members: number[] }>;
}

export function specsOf(t: Target, population: Population): ClientSpec[] {
  const roomsOf = new Map<number, string[]>();
  for (const room of population.rooms) for (const m of room.members) roomsOf.set(m, [...(roomsOf.get(m) ?? []), room.id]);
  return [...roomsOf].map(([index, rooms]) => ({ index, baseUrl: t.server.baseUrl, protocol: t.protocol, token: t.tokens[index] ?? '', rooms }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Measures the generator's and the server's CPU over a stretch of wall time. */
export async function cpuMeter(t: Target): Promise<() => Promise<{ generator: GeneratorLoad; serverCores: number }>> {
  const g0 = process.cpuUsage();
  const s0 = await t.server.probe();
  const w0 = performance.now();
  return async () => {
    const wall = (performance.now() - w0) * 1000;
    const g = process.cpuUsage(g0);
    const s1 = await t.server.probe();
    return {
      generator: { cores: round((g.user + g.system) / wall), coresAvailable: t.generatorCores },
      serverCores: round((s1.cpuMicros - s0.cpuMicros) / wall),
    };
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Adds one load's sends to the running per-room totals (the final seqs every member must reach). */
export function addSends(totals: Map<string, number>, sent: ReadonlyMap<string, number>): void {
  for (const [room, n] of sent) totals.set(room, (totals.get(room) ?? 0) + n);
}

/** Polls until `done()` or the timeout; returns whether it got there. */
export async function waitFor(done: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await done()) return true;
    await sleep(everyMs);
  }
  return done();
}

/** The server's own event-loop delay and GC pauses over a measured stretch (the probe was reset at its start). */
export function serverHealth(r: ProbeReading): ServerHealth {
  return { lagP99Ms: round(r.lagP99Ms), lagMaxMs: round(r.lagMaxMs), gcPauses: r.gcCount, gcTotalMs: round(r.gcTotalMs, 1), gcMaxMs: round(r.gcMaxMs, 1) };
}
