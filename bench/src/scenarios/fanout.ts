import type { FanoutResult, FanoutStep } from '../report/results.js';
import { addSends, cpuMeter, round, specsOf, waitFor, type Population, type Target } from './target.js';

export interface FanoutSizes {
  members: number;
  /** Members that take turns sending. */
  senders: number;
  stepMs: number;
  startRate: number;
  /** Each step offers this many times the previous one until a step is not sustained. */
  factor: number;
  /** Bisection steps between the last sustained rate and the first failed one. */
  refineSteps: number;
  p99LimitMs: number;
  maxRate: number;
}

/**
 * Scenario 2: one room, every member a socket; the offered rate rises until p99 send-to-deliver
 * latency passes the limit (or a message goes missing), then bisects between the last sustained rate
 * and the first failed one. The best figure is the highest delivered/s of a sustained step.
 */
export async function runFanout(t: Target, roomId: string, sizes: FanoutSizes): Promise<FanoutResult> {
  const population: Population = { rooms: [{ id: roomId, members: Array.from({ length: sizes.members }, (_, i) => i) }] };
  await t.pool.connect(specsOf(t, population), { concurrency: 200 });
  const senders = Array.from({ length: sizes.senders }, (_, index) => ({ index, roomId }));
  const sent = new Map<string, number>([[roomId, 0]]);
  const steps: FanoutStep[] = [];
  const run = async (rate: number) => {
    const s = await step(t, senders, sizes, rate, sent);
    steps.push(s);
    return s.sustained;
  };

  let lo = 0;
  let hi = 0;
  for (let rate = sizes.startRate; rate <= sizes.maxRate; rate = Math.round(rate * sizes.factor)) {
    if (!(await run(rate))) {
      hi = rate;
      break;
    }
    lo = rate;
  }
  for (let i = 0; i < sizes.refineSteps && hi > 0 && hi - lo > 2; i++) {
    const mid = Math.round((lo + hi) / 2);
    if (await run(mid)) lo = mid;
    else hi = mid;
  }
  const sustained = steps.filter((s) => s.sustained);
  const best = sustained.reduce<FanoutStep | null>((b, s) => (!b || s.deliveredPerSecond > b.deliveredPerSecond ? s : b), null);
  const correctness = await t.pool.check(sent);
  await t.pool.closeClients();
  return { members: sizes.members, steps: [...steps].sort((a, b) => a.offeredPerSecond - b.offeredPerSecond), best, correctness };
}

async function step(
  t: Target,
  senders: Array<{ index: number; roomId: string }>,
  sizes: FanoutSizes,
  rate: number,
  sent: Map<string, number>,
): Promise<FanoutStep> {
  await t.pool.record(true, true);
  const meter = await cpuMeter(t);
  const started = performance.now();
  const stepSent = await t.pool.load(senders, rate, sizes.stepMs);
  addSends(sent, stepSent);
  const expected = [...stepSent.values()].reduce((a, b) => a + b, 0) * sizes.members;
  const arrived = await waitFor(async () => (await t.pool.record(false, true)).delivered >= expected, 2 * sizes.p99LimitMs + 500);
  const elapsed = (performance.now() - started) / 1000;
  const stats = await t.pool.record(true, false);
  const cpu = await meter();
  const latency = stats.histogram.summary();
  const sustained = arrived && latency.p99 <= sizes.p99LimitMs && stats.failures === 0;
  if (!arrived) {
    // A backlog would spill into the next step's figures: let it drain first (it may never, if the
    // server dropped slow sockets; the final correctness check then shows the loss).
    await waitFor(async () => (await t.pool.record(false, false)).delivered >= expected, 30_000, 100);
    await t.pool.record(true, false);
  }
  return { offeredPerSecond: rate, deliveredPerSecond: round(stats.delivered / elapsed, 0), latency, sustained, ...cpu };
}
