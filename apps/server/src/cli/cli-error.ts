/**
 * Exit codes every `parley` command uses, so scripts can tell a typo from a broken database:
 * 0 done, 1 the command failed (the message says why), 2 bad usage, 3 a check found problems.
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2, problems: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the user can act on: printed as one `parley: <message>` line, no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong arguments: printed with a pointer to `--help`, exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}
