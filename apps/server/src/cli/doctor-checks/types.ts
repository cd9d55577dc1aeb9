import type { ParsedConfig } from '../../config/schema.js';
import type { CliIo } from '../command.js';

/** ✓ fine, ! worth a look (exit code unchanged), ✗ a problem (doctor exits 3). */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the report; every warn and fail says how to fix it. */
export interface CheckResult {
  check: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

/** What every check gets: the loaded config (never undefined: a config failure stops the run first). */
export interface DoctorContext {
  io: CliIo;
  config: ParsedConfig;
  /** Milliseconds clock; tests pass their own. */
  now: () => number;
}

/** One area doctor looks at; may report several lines (database: reachable, migrations, clock). */
export interface DoctorCheck {
  /** Reported as a failure with this name if the check throws or takes longer than its timeout. */
  name: string;
  run(ctx: DoctorContext): Promise<CheckResult[]>;
}

export const ok = (check: string, message: string): CheckResult => ({ check, status: 'ok', message });
export const warn = (check: string, message: string, fix: string): CheckResult => ({ check, status: 'warn', message, fix });
export const fail = (check: string, message: string, fix: string): CheckResult => ({ check, status: 'fail', message, fix });
