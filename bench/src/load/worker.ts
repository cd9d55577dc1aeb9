import { parentPort, threadId } from 'node:worker_threads';
import { inLanes } from '../lanes.js';
import { addCorrectness, NO_DELIVERIES } from './checker.js';
import { BenchClient, nowMs, type ClientSpec, type Sink } from './client.js';
import { Histogram } from './histogram.js';
import type { Command, Reply } from './messages.js';

/** A load-generator thread: owns a share of the clients and runs the pool's commands on them. */
const clients = new Map<number, BenchClient>();
const sink: Sink = { histogram: new Histogram(), recording: false, delivered: 0, acked: 0, failures: 0, firstFailure: undefined };
let sequence = 0;

/** Some realistic text after the timestamp, mixed Chinese and English as on a real team chat. */
const PADDING = '部署完成了吗? the release build is green, 数据库迁移也跑完了 — shipping after lunch';

async function connectAll(specs: ClientSpec[], resume: boolean, concurrency: number, timeoutMs: number): Promise<number> {
  const started = nowMs();
  const queue = specs.map((spec) => {
    let c = clients.get(spec.index);
    if (!c) {
      c = new BenchClient(spec, sink);
      clients.set(spec.index, c);
    }
    return c;
  });
  await inLanes(queue, concurrency, (c) => c.connect(resume, timeoutMs));
  return nowMs() - started;
}

/** Sends `ratePerSecond` messages for `durationMs`, round-robin over the senders, on a 5 ms tick. */
function runLoad(senders: Array<{ index: number; roomId: string }>, ratePerSecond: number, durationMs: number): Promise<Record<string, number>> {
  const sentByRoom: Record<string, number> = {};
  if (senders.length === 0 || ratePerSecond <= 0) return Promise.resolve(sentByRoom);
  const started = nowMs();
  let sent = 0;
  let turn = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = Math.min(nowMs() - started, durationMs);
      const due = Math.floor((ratePerSecond * elapsed) / 1000) - sent;
      for (let i = 0; i < due; i++) {
        const s = senders[turn++ % senders.length]!;
        const c = clients.get(s.index);
        if (!c?.isOpen) continue;
        c.send(s.roomId, `${nowMs().toFixed(3)}|${PADDING}`, `b${threadId}-${++sequence}`);
        sentByRoom[s.roomId] = (sentByRoom[s.roomId] ?? 0) + 1;
      }
      sent += Math.max(0, due);
      if (elapsed >= durationMs) resolve(sentByRoom);
      else setTimeout(tick, 5);
    };
    tick();
  });
}

type Result = NonNullable<Reply['result']>;

async function handle(cmd: Command): Promise<Result> {
  switch (cmd.cmd) {
    case 'connect':
      return { ms: await connectAll(cmd.specs, cmd.resume, cmd.concurrency, cmd.timeoutMs) };
    case 'load':
      return { sentByRoom: await runLoad(cmd.senders, cmd.ratePerSecond, cmd.durationMs) };
    case 'record': {
      const stats = { histogram: sink.histogram.toJSON(), delivered: sink.delivered, acked: sink.acked, failures: sink.failures, firstFailure: sink.firstFailure };
      if (cmd.reset) {
        sink.histogram = new Histogram();
        sink.delivered = 0;
        sink.acked = 0;
      }
      sink.recording = cmd.recording;
      return stats;
    }
    case 'drop':
      for (const i of cmd.indexes) clients.get(i)?.drop();
      return {};
    case 'behind': {
      const targets = new Map(Object.entries(cmd.targets));
      let behind = 0;
      for (const i of cmd.indexes) behind += clients.get(i)?.checker.behind(targets) ?? 0;
      return { behind };
    }
    case 'check': {
      const finals = new Map(Object.entries(cmd.finalSeqs));
      let c = NO_DELIVERIES;
      for (const client of clients.values()) c = addCorrectness(c, client.checker.check(finals));
      return { correctness: c };
    }
    case 'close':
      for (const c of clients.values()) c.close();
      clients.clear();
      return {};
  }
}

parentPort?.on('message', (cmd: Command) => {
  handle(cmd).then(
    (result) => parentPort?.postMessage({ id: cmd.id, result } satisfies Reply),
    (err: unknown) => parentPort?.postMessage({ id: cmd.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
  );
});
