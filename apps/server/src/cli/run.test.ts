import { describe, expect, it } from 'vitest';
import { ExitCode } from './cli-error.js';
import { captureIo } from '../../test/helpers/cli.js';
import { runCli } from './run.js';

describe('parley command line', () => {
  it('lists the commands on --help and exits 0', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli(['--help'], io)).toBe(ExitCode.ok);
    expect(io.stdout).toMatch(/Usage: parley <command>/);
    expect(io.stdout).toMatch(/version\s+print the Parley version/);
  });

  it('prints the overview and exits 2 with no command', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli([], io)).toBe(ExitCode.usage);
    expect(io.stdout).toMatch(/Commands:/);
  });

  it('names an unknown command and exits 2', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli(['frobnicate'], io)).toBe(ExitCode.usage);
    expect(io.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('prints a command help with --help and exits 0', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli(['version', '--help'], io)).toBe(ExitCode.ok);
    expect(io.stdout).toMatch(/Usage: parley version/);
  });

  it('refuses an unknown option with a usage error naming it', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli(['version', '--bogus'], io)).toBe(ExitCode.usage);
    expect(io.stderr).toMatch(/--bogus/);
    expect(io.stderr).toMatch(/parley version --help/);
  });

  it('prints the version', async () => {
    const io = captureIo({}, process.cwd());
    expect(await runCli(['version'], io)).toBe(ExitCode.ok);
    expect(io.stdout).toMatch(/^parley \d+\.\d+\.\d+\n$/);
  });
});
