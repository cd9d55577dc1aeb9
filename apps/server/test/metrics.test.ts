import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

async function scrape(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${url}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one series (name plus exact label set as printed), or 0 when it is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts a stored send, the frames it fans out, open sockets, fan-out, HTTP and query timings', async () => {
    const alice = await registerUser(server.url, 'metrics');
    const room = await createRoom(server.url, alice.accessToken, { name: 'metrics' });
    const sender = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await sender.next('room.subscribed');
    await watcher.next('room.subscribed');
    const before = (await scrape(server.url)).text;

    expect(await sender.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm1', kind: 'text', body: 'hi' })).toEqual(acked(room.id, 'm1'));
    await watcher.next('message.created');
    await sender.next('message.created');
    // A resend of the same clientMsgId is answered, not stored again.
    await sender.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm1', kind: 'text', body: 'hi' });

    const after = await scrape(server.url);
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const delta = (series: string) => sample(after.text, series) - sample(before, series);
    expect(delta('parley_messages_in_total')).toBe(1);
    expect(delta('parley_ws_frames_out_total{type="message.created"}')).toBe(2);
    expect(delta('parley_ws_frames_out_total{type="message.acked"}')).toBe(2);
    expect(sample(after.text, 'parley_ws_sockets_open')).toBe(2);
    expect(delta('parley_fanout_seconds_count')).toBe(1);
    expect(sample(after.text, 'parley_http_request_duration_seconds_count{route="/api/rooms",method="POST",status="201"}')).toBe(1);
    expect(delta('parley_db_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(0);
    expect(after.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(after.text).toMatch(/^process_resident_memory_bytes /m);

    await sender.close();
    await watcher.close();
    await expect.poll(async () => sample((await scrape(server.url)).text, 'parley_ws_sockets_open')).toBe(0);
  });

  it('labels requests by route pattern, never by the raw path with its ids', async () => {
    const alice = await registerUser(server.url, 'metrics');
    const room = await createRoom(server.url, alice.accessToken, { name: 'pattern' });
    await api(server.url, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.accessToken });
    const { text } = await scrape(server.url);
    expect(text).not.toContain(room.id);
    expect(text).toMatch(/route="\/api\/rooms\/:id\/messages",method="GET",status="200"/);
  });
});

describe('metrics disabled', () => {
  it('does not serve /metrics', async () => {
    const server = await startServer({ metrics: { enabled: false } });
    try {
      // Not a metrics page: a 404, or the web client's index.html when one is built.
      const res = await scrape(server.url);
      expect(res.type).not.toMatch(/^text\/plain/);
      expect(res.text).not.toContain('parley_');
    } finally {
      await server.close();
    }
  });
});
