#!/usr/bin/env node
import { ExitCode } from './cli-error.js';
import { runCli } from './run.js';

/** `parley <command>`: the operator's command line (docs/operations.md). */
const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`parley: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(ExitCode.failed);
  },
);
