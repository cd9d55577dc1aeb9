import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreatedAccessToken } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The echo bot exactly as docs/api.md shows it: the js block after the `<!-- echo-bot -->` marker. */
function echoBotFromDocs(): string {
  const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
  const match = /<!-- echo-bot -->\n```js\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/api.md has no echo-bot script');
  return match[1]!;
}

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
function lineFrom(child: ChildProcess, pattern: RegExp, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = output.join('').split('\n').find((l) => pattern.test(l));
      if (line !== undefined) resolve(line);
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      check();
    });
    child.once('exit', (code) => reject(new Error(`echo bot exited (${code}): ${output.join('')}`)));
  });
}

describe('docs/api.md', () => {
  let server: TestServer;
  let dir: string;
  let bot: ChildProcess | undefined;
  beforeAll(async () => {
    server = await startServer();
    // Inside the repository, so the script's `import 'ws'` resolves like a user's `npm install ws`.
    dir = mkdtempSync(join(ROOT, 'apps/server/test/.api-doc-'));
  });
  afterAll(async () => {
    bot?.kill();
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  it('runs the echo bot from the docs with a real access token, and it echoes others but not itself', async () => {
    const human = await registerUser(server.url, 'human');
    const botUser = await registerUser(server.url, 'echobot');
    const room = await createRoom(server.url, human.accessToken, { name: 'echo' });
    const pat = await api<CreatedAccessToken>(server.url, 'POST', '/api/me/access-tokens', {
      token: botUser.accessToken,
      body: { name: 'echo bot', scopes: ['read', 'write'] },
    });
    expect(pat.status).toBe(201);
    expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: pat.body.token })).status).toBe(200);

    const file = join(dir, 'echo-bot.mjs');
    writeFileSync(file, echoBotFromDocs());
    bot = spawn(process.execPath, [file], {
      env: { ...process.env, PARLEY_URL: server.url, PARLEY_TOKEN: pat.body.token, PARLEY_ROOM: room.id },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output: string[] = [];
    expect(await lineFrom(bot, /^listening in /, output)).toBe(`listening in ${room.id}`);

    const sock = await connect(server.wsUrl, human.accessToken);
    await sock.request({ type: 'room.subscribe', roomId: room.id });
    await sock.request({ type: 'message.send', roomId: room.id, body: 'hello bot', clientMsgId: 'h1' });
    const echo = await sock.next('message.created', (f) => f.message.body === 'echo: hello bot');
    expect(echo.message.sender?.id).toBe(botUser.user.id);
    // The bot skips its own message: no "echo: echo: hello bot" follows.
    await sock.request({ type: 'session.ping' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sock.messages(room.id).map((m) => m.body)).toEqual(['hello bot', 'echo: hello bot']);
    await sock.close();
  });
});
