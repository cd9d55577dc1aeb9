import { readFileSync } from 'node:fs';
import { ExitCode } from '../cli-error.js';
import { noMorePositionals, type Command } from '../command.js';

/** `parley version`: the server package's version, for bug reports and upgrade checks. */
export const command: Command = {
  name: 'version',
  summary: 'print the Parley version',
  help: 'Usage: parley version\n\nPrints the version of this Parley build.\n',
  async run(args, io) {
    noMorePositionals(args, 0);
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(`parley ${pkg.version}\n`);
    return ExitCode.ok;
  },
};
