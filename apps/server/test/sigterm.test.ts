import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message, ServerFrame } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// The real process entry (main.ts), built fresh into a scratch dir under node_modules so its
// imports still resolve, rather than trusting whatever dist/ happens to hold. Laid out like the
// package (dist/ beside data/), because the server reads data/common-passwords.txt relative to dist/.
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(SERVER_DIR, 'node_modules', '.cache', `parley-sigterm-${process.pid}`);
const OUT = join(ROOT, 'dist');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let dir: string;
let child: ChildProcess | undefined;
beforeAll(async () => {
  await promisify(execFile)(process.execPath, [TSC, '-p', join(SERVER_DIR, 'tsconfig.build.json'), '--outDir', OUT], { timeout: 60_000 });
  cpSync(join(SERVER_DIR, 'data'), join(ROOT, 'data'), { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'parley-sigterm-'));
}, 70_000);
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(ROOT, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('on SIGTERM closes sockets with 1012, keeps every acknowledged send, and exits 0 within 10 s', async () => {
  const dataDir = join(dir, 'data');
  const webDir = join(dir, 'web');
  mkdirSync(webDir);
  const env = { PATH: process.env.PATH ?? '', PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_WEB_DIR: webDir };
  const proc = spawn(process.execPath, [join(OUT, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!); // one capture group
    });
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
  });

  const alice = await registerUser(url, 'sigterm');
  const room = await createRoom(url, alice.accessToken, { name: 'sigterm' });
  const wsUrl = `${url.replace('http', 'ws')}/ws`;
  const sender = await connect(wsUrl, alice.accessToken);
  const watcher = await connect(wsUrl, alice.accessToken, [{ roomId: room.id }]);
  for (let i = 0; i < 20; i++) {
    sender.send({ type: 'message.send', ref: `s${i}`, roomId: room.id, clientMsgId: `m${i}`, kind: 'text', body: `n${i}` });
  }
  await sender.next('message.acked');

  const started = Date.now();
  proc.kill('SIGTERM');
  expect(await sender.closed).toBe(1012);
  expect(await watcher.closed).toBe(1012);
  expect(await exited).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(stderr).toBe('');
  expect(stdout).toContain('"msg":"shutting down"');
  expect(stdout).toContain('"msg":"shut down"');

  // Everything acknowledged before the exit is in the database the next process opens.
  const acked = sender.frames.flatMap((f: ServerFrame) => (f.type === 'message.acked' ? [f.clientMsgId] : []));
  const next = await startServer({ databaseUrl: `sqlite:${join(dataDir, 'parley.db')}` });
  try {
    const history = await api<{ messages: Message[] }>(next.url, 'GET', `/api/rooms/${room.id}/messages?limit=100`, {
      token: (await api<{ accessToken: string }>(next.url, 'POST', '/api/auth/login', { body: { username: alice.user.username, password: alice.password } })).body
        .accessToken,
    });
    const stored = new Set(history.body.messages.map((m) => m.clientMsgId));
    for (const id of acked) expect(stored.has(id)).toBe(true);
  } finally {
    await next.close();
  }
}, 40_000);
