import { describe, expect, it } from 'vitest';
import { ExitCode } from './cli-error.js';
import { captureIo } from '../../test/helpers/cli.js';
import { runCli } from './run.js';

// Argument errors are found before any database is opened: PARLEY_DATABASE_URL points nowhere on purpose.
async function run(argv: string[]) {
  const io = captureIo({ PARLEY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, '/nonexistent');
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('parley user command arguments', () => {
  it('names the username rule a bad name breaks, exit 2', async () => {
    expect(await run(['admin', 'create', 'x'])).toEqual({
      code: ExitCode.usage,
      stdout: '',
      stderr: 'parley admin create: username "x" must be 2-32 letters, digits, "_", "." or "-"\nRun `parley admin create --help` for usage.\n',
    });
    expect((await run(['user', 'disable', 'ａｌｉｃｅ'])).stderr).toMatch(/username "ａｌｉｃｅ" must not use full-width/);
    expect((await run(['user', 'enable', 'bad\u202Ename'])).stderr).toMatch(/must not contain control, zero-width or bidi control characters/);
  });

  it('asks for the missing username and refuses extra arguments', async () => {
    expect((await run(['user', 'reset-password'])).stderr).toMatch(/^parley user reset-password: missing <username>\n/);
    expect((await run(['user', 'disable', 'alice', 'bob'])).stderr).toMatch(/^parley user disable: unexpected argument: bob\n/);
    expect((await run(['admin', 'create', 'alice', '--password'])).code).toBe(ExitCode.usage);
  });

  it('accepts only an http(s) address as --base-url, and only with --link', async () => {
    expect((await run(['user', 'reset-password', 'alice', '--link', '--base-url', 'chat.example.com'])).stderr).toMatch(/--base-url "chat\.example\.com" is not a URL/);
    expect((await run(['user', 'reset-password', 'alice', '--link', '--base-url', 'ftp://chat.example.com'])).stderr).toMatch(/must be an http\(s\) address without query, fragment or credentials/);
    expect((await run(['user', 'reset-password', 'alice', '--link', '--base-url', 'https://u:p@chat.example.com'])).code).toBe(ExitCode.usage);
    expect((await run(['user', 'reset-password', 'alice', '--base-url', 'https://chat.example.com'])).stderr).toMatch(/--base-url goes with --link/);
  });

  it('lists the user commands as a group when only the group is typed', async () => {
    const { code, stderr } = await run(['user']);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toMatch(/did you mean: parley user reset-password, parley user disable, parley user enable\?/);
  });
});
