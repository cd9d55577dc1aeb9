import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ProtocolName } from '../load/protocols.js';
import type { ServerInfo, ServerKey } from '../report/results.js';
import { freePort, launch, type ServerProcess } from './launch.js';
import { seedParley, type Layout } from './seed.js';

const PARLEY_MAIN = fileURLToPath(new URL('../../../apps/server/dist/main.js', import.meta.url));
const BASELINE = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

/** PostgreSQL and Redis for the scaled-out variant; the database is dropped and created per run. */
export const PG_URL = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres:parley@127.0.0.1:5432/parley_bench';
export const REDIS_URL = process.env.PARLEY_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const SERVER_INFO: Record<ServerKey, ServerInfo> = {
  'bare-ws': { key: 'bare-ws', label: 'bare ws', kind: 'baseline', detail: 'ws 8, no auth, no storage, broadcast loop' },
  socketio: { key: 'socketio', label: 'Socket.IO 4', kind: 'baseline', detail: 'socket.io 4 rooms, websocket transport, no storage' },
  'parley-sqlite': { key: 'parley-sqlite', label: 'Parley (SQLite)', kind: 'parley', detail: 'SQLite (WAL), in-process bus and presence' },
  'parley-pg': { key: 'parley-pg', label: 'Parley (PostgreSQL + Redis)', kind: 'parley', detail: 'PostgreSQL, Redis bus and presence' },
};

export interface Started {
  info: ServerInfo;
  protocol: ProtocolName;
  server: ServerProcess;
  tokens: string[];
  history: { bigRoom: string; smallRooms: string[]; seedSeconds: number } | undefined;
  search: { token: string; rooms: string[]; seedSeconds: number } | undefined;
  cleanup: () => Promise<void>;
}

/** Whether the scaled-out variant can run here; the reason when it cannot. */
export async function scaledOutUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: adminUrl(PG_URL), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    return `PostgreSQL unreachable at ${adminUrl(PG_URL)} (${(err as Error).message}); set PARLEY_BENCH_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new URL(REDIS_URL);
  const pong = await new Promise<boolean>((resolve) => {
    const sock = connect(Number(redis.port || 6379), redis.hostname, () => sock.write('PING\r\n'));
    sock.setTimeout(2000, () => (sock.destroy(), resolve(false)));
    sock.on('data', (d) => (sock.end(), resolve(String(d).startsWith('+PONG'))));
    sock.on('error', () => resolve(false));
  });
  return pong ? undefined : `Redis unreachable at ${REDIS_URL}; set PARLEY_BENCH_REDIS_URL`;
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`bench database name must be a plain identifier: ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

async function startBaseline(key: 'bare-ws' | 'socketio', cpus: string, cpuProfileDir: string | undefined): Promise<Started> {
  const port = await freePort();
  const server = await launch({ script: BASELINE(key === 'bare-ws' ? 'bare-ws' : 'socketio'), env: { BENCH_PORT: String(port) }, cpus, port, readyBy: 'ipc', cpuProfileDir });
  return { info: SERVER_INFO[key], protocol: key === 'bare-ws' ? 'bare' : 'socketio', server, tokens: [], history: undefined, search: undefined, cleanup: async () => undefined };
}

async function startParley(key: 'parley-sqlite' | 'parley-pg', cpus: string, layout: Layout, cpuProfileDir: string | undefined): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const jwtSecret = randomBytes(32).toString('hex');
  const databaseUrl = key === 'parley-pg' ? PG_URL : `sqlite:${join(dataDir, 'parley.db')}`;
  if (key === 'parley-pg') await recreateDatabase(PG_URL);
  const seeded = await seedParley(databaseUrl, jwtSecret, layout);
  const port = await freePort();
  const env: Record<string, string> = {
    PARLEY_HOST: '127.0.0.1',
    PARLEY_PORT: String(port),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_DATABASE_URL: databaseUrl,
    PARLEY_JWT_SECRET: jwtSecret,
    PARLEY_LOG_LEVEL: 'warn',
    // The bench drives one socket far past a person's typing speed; the limits stay in force, higher.
    PARLEY_WS_SEND_RATE_PER_SECOND: '10000',
    PARLEY_WS_SEND_BURST: '100000',
    // The bench measures delivery, not the limits (thousands of users register from one address).
    PARLEY_RATE_LIMITS_ENABLED: 'false',
  };
  if (key === 'parley-pg') Object.assign(env, { PARLEY_REDIS_URL: REDIS_URL, PARLEY_REDIS_KEY_PREFIX: `bench-${randomUUID().slice(0, 8)}:` });
  const server = await launch({ script: PARLEY_MAIN, env, cpus, port, readyBy: 'health', timeoutMs: 60_000, cpuProfileDir });
  return {
    info: SERVER_INFO[key],
    protocol: 'parley',
    server,
    tokens: seeded.tokens,
    history: seeded.history && { ...seeded.history, seedSeconds: seeded.seedSeconds },
    search: seeded.search,
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function startServer(key: ServerKey, cpus: string, layout: Layout, cpuProfileDir?: string): Promise<Started> {
  const dir = cpuProfileDir && join(cpuProfileDir, key);
  return key === 'bare-ws' || key === 'socketio' ? startBaseline(key, cpus, dir) : startParley(key, cpus, layout, dir);
}
