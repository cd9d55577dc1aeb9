import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ProbeReading, ProbeRequest } from './probe.js';

const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));
const HAS_TASKSET = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;

/** A server under test, running as its own process. */
export interface ServerProcess {
  port: number;
  baseUrl: string;
  httpUrl: string;
  probe(opts?: { gc?: boolean; reset?: boolean }): Promise<ProbeReading>;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Pins a process (all its threads) to `cpus`, e.g. "1" or "1-3"; false without taskset. */
export function pin(pid: number, cpus: string): boolean {
  if (!HAS_TASKSET) return false;
  return spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

export interface LaunchOptions {
  script: string;
  env: Record<string, string>;
  cpus: string;
  port: number;
  /** 'ipc': the script reports `{listening}`; 'health': poll GET /healthz. */
  readyBy: 'ipc' | 'health';
  timeoutMs?: number;
  /** Write a V8 CPU profile here when the server exits (`--cpu-prof`), for flame graphs. */
  cpuProfileDir?: string;
}

async function waitHealthy(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy at ${url}`);
}

/** Starts a server pinned to `cpus`, with the probe preloaded and a GC the probe can trigger. */
export async function launch(opts: LaunchOptions): Promise<ServerProcess> {
  const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  // V8 sizes its GC thread pool by the machine's cores, not the process's affinity: pinned to one
  // core, those threads take turns with the main thread and stall it (100+ ms pauses measured).
  // Told the truth, V8 collects on the main thread. Every server under test gets the same flags.
  const oneCore = HAS_TASKSET && /^\d+$/.test(opts.cpus);
  const nodeArgs = ['--expose-gc', ...(oneCore ? ['--single-threaded-gc'] : []), ...profile, '--import', PROBE, opts.script];
  const [cmd, args] = HAS_TASKSET ? ['taskset', ['-c', opts.cpus, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const pending = new Map<number, (r: ProbeReading) => void>();
  let nextProbe = 0;
  let listening: (() => void) | undefined;
  child.on('message', (msg: { probe?: number; reading?: ProbeReading; listening?: number }) => {
    if (msg.listening !== undefined) listening?.();
    if (msg.probe !== undefined && msg.reading) pending.get(msg.probe)?.(msg.reading);
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const httpUrl = `http://127.0.0.1:${opts.port}`;
  try {
    if (opts.readyBy === 'ipc') {
      await new Promise<void>((resolve, reject) => {
        // Cleared once settled: a pending timer would keep the bench alive after its last server.
        const timer = setTimeout(() => reject(new Error('server did not start')), deadline - Date.now());
        listening = () => {
          clearTimeout(timer);
          resolve();
        };
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`server exited with ${code}`));
        });
      });
    } else {
      await waitHealthy(`${httpUrl}/healthz`, child, deadline);
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    port: opts.port,
    baseUrl: `ws://127.0.0.1:${opts.port}`,
    httpUrl,
    probe: (o = {}) =>
      new Promise<ProbeReading>((resolve, reject) => {
        const id = nextProbe++;
        const timer = setTimeout(() => reject(new Error('probe timed out')), 30_000);
        pending.set(id, (r) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(r);
        });
        child.send({ probe: id, ...o } satisfies ProbeRequest);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
