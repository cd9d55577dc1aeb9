import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './nginx.js';

/** The built server entry; `npm test` builds it before running the suite. */
export const SERVER_MAIN = fileURLToPath(new URL('../../../apps/server/dist/main.js', import.meta.url));

/** One Parley process on a fixed loopback port, restartable after a kill. */
export class Instance {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  log = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async create(name: string, env: Record<string, string>): Promise<Instance> {
    return new Instance(name, await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until /readyz answers 200 (database and bus reachable). */
  async start(): Promise<void> {
    if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing; run npm run build`);
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: { ...process.env, ...this.env, PARLEY_HOST: '127.0.0.1', PARLEY_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // pino logs JSON to stdout, start-up failures go to stderr: keep the tail of both for failures.
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode} on start:\n${this.log}`);
      const ready = await fetch(`${this.url}/readyz`).then((r) => r.ok, () => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready in 20 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL: no cleanup at all, as a crashed machine. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM; resolves with the exit code and how long the process took to stop. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    this.child?.kill('SIGTERM');
    const code = await this.exited;
    return { code, ms: Date.now() - started };
  }
}
