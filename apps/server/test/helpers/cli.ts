import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run.js';
import type { ExitCode } from '../../src/cli/cli-error.js';

/** A CliIo that records what a command printed; `stdin` is what `--password-stdin` reads. */
export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
}

export function captureIo(env: Record<string, string>, cwd: string, stdin?: string): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    isTty: false,
    env,
    cwd,
    ...(stdin !== undefined && { readStdinLine: async () => stdin.split(/\r?\n/)[0] ?? '' }),
  };
  return io;
}

/** A working directory with its own data dir (`<cwd>/data`, blobs and a private JWT secret), as an installed server would have. */
export interface CliWorkspace {
  cwd: string;
  dataDir: string;
  /** PARLEY_* for this workspace (data dir, and the database when given). */
  env: Record<string, string>;
  run(argv: string[], extraEnv?: Record<string, string>, stdin?: string): Promise<{ code: ExitCode; stdout: string; stderr: string }>;
  remove(): void;
}

export function cliWorkspace(databaseUrl?: string): CliWorkspace {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const dataDir = join(cwd, 'data');
  mkdirSync(join(dataDir, 'blobs'), { recursive: true });
  writeFileSync(join(dataDir, 'jwt-secret'), `${'s'.repeat(48)}\n`, { mode: 0o600 });
  const env: Record<string, string> = { PARLEY_DATA_DIR: dataDir, ...(databaseUrl && { PARLEY_DATABASE_URL: databaseUrl }) };
  return {
    cwd,
    dataDir,
    env,
    async run(argv, extraEnv = {}, stdin) {
      const io = captureIo({ ...env, ...extraEnv }, cwd, stdin);
      const code = await runCli(argv, io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    },
    remove: () => rmSync(cwd, { recursive: true, force: true }),
  };
}
