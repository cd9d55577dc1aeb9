import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { renderSite } from '../../nginx/render.mjs';

function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => join(dir, 'nginx')).find((path) => existsSync(path));
}

/** Path of the nginx binary, or undefined (after a loud warning) when it is missing outside CI. */
export const NGINX = findNginx();
if (NGINX === undefined) {
  if (process.env.CI === 'true') throw new Error('nginx is required under CI=true but was not found on PATH or in /usr/sbin');
  process.stderr.write('\n!!! nginx not found: SKIPPING the nginx tests !!!\n\n');
}

/** A free loopback port; the listener is closed again so nginx can bind it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The shipped template wrapped in a minimal main config that an unprivileged user can run: pid, logs
 * and temp paths all live in `dir` (Debian's nginx defaults them to root-owned places).
 */
export function writeNginxConfig(dir: string, site: { upstreams: readonly string[]; listen: string }): string {
  mkdirSync(join(dir, 'conf'), { recursive: true });
  const sitePath = join(dir, 'conf', 'parley.conf');
  writeFileSync(sitePath, renderSite(site));
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  const main = [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
    `  include ${sitePath};`,
    '}',
    '',
  ].join('\n');
  const mainPath = join(dir, 'conf', 'nginx.conf');
  writeFileSync(mainPath, main);
  return mainPath;
}

/** Runs nginx with its own prefix so nothing outside `dir` is touched. */
export function nginxArgs(dir: string, configPath: string): string[] {
  return ['-p', dir, '-e', join(dir, 'error.log'), '-c', configPath];
}

async function waitForPort(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} in time`);
}

export interface RunningNginx {
  url: string;
  wsUrl: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts nginx from the shipped template on a random loopback port in front of `upstreams`. */
export async function startNginx(upstreams: readonly string[]): Promise<RunningNginx> {
  if (NGINX === undefined) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-'));
  // Started as root (as in CI), nginx runs its workers as `nobody`; they must reach the temp paths.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const config = writeNginxConfig(dir, { upstreams, listen: `127.0.0.1:${port}` });
  let stderr = '';
  const child = spawn(NGINX, [...nginxArgs(dir, config), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, Date.now() + 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    dir,
    async stop() {
      // SIGQUIT is nginx's graceful stop; SIGKILL only if it hangs, so a test never waits long.
      child.kill('SIGQUIT');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
