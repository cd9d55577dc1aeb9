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
  readStdinLine: () => readFirstLine(process.stdin),
};

/** Reads up to the first newline (or the end), then lets go of stdin so a terminal needs no Ctrl-D. */
function readFirstLine(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = () => {
      stream.off('data', onData).off('end', done).off('error', reject);
      stream.pause();
      resolve(text.split(/\r?\n/)[0] ?? '');
    };
    const onData = (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done();
    };
    stream.setEncoding('utf8');
    stream.on('data', onData).once('end', done).once('error', reject);
  });
}

runCli(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`parley: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(ExitCode.failed);
  },
);
