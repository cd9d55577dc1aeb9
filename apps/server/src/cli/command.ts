import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type ExitCode } from './cli-error.js';

/** Where a command writes: stdout for results, stderr for progress and errors. Tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars redraw in place only then. */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The first line of standard input, without its line ending (`--password-stdin`); absent when there is none to read. */
  readStdinLine?: () => Promise<string>;
}

/** One `parley` command. `name` may have two words (`user disable`). */
export interface Command {
  name: string;
  summary: string;
  /** The whole `--help` text: usage line, arguments, options, an example. */
  help: string;
  options?: ParseArgsConfig['options'];
  run(args: ParsedArgs, io: CliIo): Promise<ExitCode>;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Parses a command's own arguments strictly: an unknown option is a usage error naming it. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The one positional argument a command needs, or a usage error naming it. */
export function requirePositional(args: ParsedArgs, index: number, name: string): string {
  const value = args.positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing <${name}>`);
  return value;
}

/** Refuses positionals beyond the ones a command takes. */
export function noMorePositionals(args: ParsedArgs, count: number): void {
  if (args.positionals.length > count) throw new UsageError(`unexpected argument: ${args.positionals[count]}`);
}
