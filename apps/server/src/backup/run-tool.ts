import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';

/** The external dump/restore program is not installed (or not on PATH). */
export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
  constructor(readonly tool: string) {
    super(`${tool} is not on PATH`);
  }
}

/** Keeps the end of a tool's stderr: the last lines say why it failed. */
const STDERR_KEEP = 4000;

export interface RunToolOptions {
  /** Variables added to this process's environment: credentials go here, never into `args`, which `ps` shows. */
  env: Record<string, string>;
  /** A file fed to the tool's stdin (a mysqldump script for `mysql`). */
  stdinFile?: string;
}

/** Runs `tool args…`, resolving when it exits 0 and rejecting with the end of its stderr otherwise. */
export function runTool(tool: string, args: string[], { env, stdinFile }: RunToolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    if (stdinFile && child.stdin) {
      const input = createReadStream(stdinFile);
      input.on('error', (err) => {
        child.kill();
        reject(err);
      });
      // The tool may exit early on an error; its exit code says why, so a broken pipe is not the story.
      child.stdin.on('error', () => undefined);
      input.pipe(child.stdin);
    }
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new ToolMissingError(tool) : err));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const why = stderr.trim().split('\n').slice(-5).join('\n') || `exit ${code ?? signal}`;
      reject(new Error(`${tool} failed: ${why}`));
    });
  });
}
