import { CliError, ExitCode } from '../cli-error.js';
import { noMorePositionals, type CliIo, type Command } from '../command.js';
import { describeConfigSources, failureReason, loadCliConfig } from '../context.js';
import { dataDirCheck } from '../doctor-checks/data-dir.js';
import { databaseCheck } from '../doctor-checks/database.js';
import { diskCheck } from '../doctor-checks/disk.js';
import { jwtSecretCheck } from '../doctor-checks/jwt-secret.js';
import { originsCheck } from '../doctor-checks/origins.js';
import { redisCheck } from '../doctor-checks/redis.js';
import { formatJsonReport, formatReport } from '../doctor-checks/report.js';
import { fail, ok, type CheckResult, type DoctorCheck, type DoctorContext } from '../doctor-checks/types.js';
import { withTimeout } from '../timeout.js';

/** Every check has this long, so doctor answers even when a service on the way hangs. */
export const CHECK_TIMEOUT_MS = 3000;

const CHECKS: DoctorCheck[] = [databaseCheck, redisCheck, dataDirCheck, diskCheck, jwtSecretCheck, originsCheck];

async function runCheck(check: DoctorCheck, ctx: DoctorContext): Promise<CheckResult[]> {
  try {
    return await withTimeout(check.run(ctx), CHECK_TIMEOUT_MS, `the ${check.name} check`);
  } catch (err) {
    const fix = `something on the way (the service, the network, DNS, a full disk) is not answering; run \`parley doctor\` again, then look at the ${check.name}`;
    return [fail(check.name, failureReason(err), fix)];
  }
}

/** Runs every check (side by side, reported in a fixed order); a config that does not load is the one finding. */
export async function runDoctor(io: CliIo, now: () => number = Date.now): Promise<CheckResult[]> {
  let config;
  try {
    config = loadCliConfig(io);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    const fix = 'correct that key in config/config.yaml or its PARLEY_* variable; every setting is described in config/config.example.yaml';
    return [fail('config', err.message, fix)];
  }
  const ctx: DoctorContext = { io, config, now };
  const found = await Promise.all(CHECKS.map((check) => runCheck(check, ctx)));
  return [ok('config', `loaded from ${describeConfigSources(io)}`), ...found.flat()];
}

/** `parley doctor`: what is wrong with this installation, and how to fix it. */
export const command: Command = {
  name: 'doctor',
  summary: 'check config, database, Redis, disk, data dir, secrets and clocks',
  help: `Usage: parley doctor [--json]

Checks this installation with the same settings the server would use (config/config.yaml and
PARLEY_* variables, read from the current directory) and prints one line per finding:
  ✓ fine   ! worth a look   ✗ a problem, followed by how to fix it

Checks: the config loads (and where it came from); the database answers (engine, version);
pending migrations; Redis answers PING, and its clock and each running instance's clock against
this host's; free disk space in the data dir; the data and upload dirs are writable; the JWT
secret is present and not readable by other users; the database server's clock; allowedOrigins.
Every check gives up after 3 s. Nothing is changed.

Options:
  --json   print the findings as JSON ({ ok, problems, warnings, checks: [...] })

Exit codes: 0 no problems (warnings allowed), 3 problems found, 1 doctor itself could not run.

Example:
  PARLEY_DATABASE_URL=postgres://parley:secret@db:5432/parley npx parley doctor
`,
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    noMorePositionals(args, 0);
    const results = await runDoctor(io);
    io.out(args.values.json === true ? formatJsonReport(results) : formatReport(results));
    return results.some((r) => r.status === 'fail') ? ExitCode.problems : ExitCode.ok;
  },
};
