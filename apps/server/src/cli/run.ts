import { CliError, ExitCode, UsageError } from './cli-error.js';
import { parseCommandArgs, type CliIo } from './command.js';
import { COMMANDS } from './registry.js';

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: parley <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `parley <command> --help` for one command. Settings come from config/config.yaml and',
    'PARLEY_* variables, as for the server (docs/operations.md).',
    '',
  ].join('\n');
}

/** The longest command name (one or two words) that `argv` starts with. */
function findCommand(argv: string[]): { name: string; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (argv.length >= 2 && COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  if (argv.length >= 1 && COMMANDS[argv[0]!]) return { name: argv[0]!, rest: argv.slice(1) };
  return undefined;
}

/** Runs one command line; returns the exit code. Errors the user can fix print one line, no stack. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return argv.length === 0 ? ExitCode.usage : ExitCode.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = Object.keys(COMMANDS).filter((n) => n.startsWith(`${argv[0]} `));
    const hint = group.length > 0 ? ` (did you mean: ${group.map((g) => `parley ${g}`).join(', ')}?)` : '';
    io.err(`parley: unknown command "${argv.slice(0, 2).join(' ')}"${hint}\nRun \`parley --help\` for the list.\n`);
    return ExitCode.usage;
  }
  const command = await COMMANDS[found.name]!.load();
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(parseCommandArgs(command, found.rest), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`parley ${found.name}: ${err.message}\nRun \`parley ${found.name} --help\` for usage.\n`);
      return err.exitCode;
    }
    if (err instanceof CliError) {
      io.err(`parley ${found.name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
