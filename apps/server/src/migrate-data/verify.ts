import type { Kysely } from 'kysely';
import type { CliIo } from '../cli/command.js';
import type { AnyDatabase } from '../storage/bulk-database.js';
import type { DialectName } from '../storage/dialect.js';
import { tableChecksum, type TableChecksum } from './checksum.js';
import type { PlannedTable } from './table-plan.js';

export interface Side {
  db: Kysely<AnyDatabase>;
  dialect: DialectName;
}

export interface TableVerdict {
  table: string;
  source: TableChecksum;
  target: TableChecksum;
  ok: boolean;
}

/** Row counts and checksums of every planned table on both sides. */
export async function verifyTables(source: Side, target: Side, plan: PlannedTable[]): Promise<TableVerdict[]> {
  const verdicts: TableVerdict[] = [];
  for (const planned of plan) {
    const from = await tableChecksum(source.db, source.dialect, planned);
    const to = await tableChecksum(target.db, target.dialect, planned);
    verdicts.push({ table: planned.table, source: from, target: to, ok: from.rows === to.rows && from.sha256 === to.sha256 });
  }
  return verdicts;
}

/** The verification as a table on stdout: one line per table, `ok` or `MISMATCH`. */
export function printVerdicts(io: CliIo, verdicts: TableVerdict[]): void {
  const width = Math.max(5, ...verdicts.map((v) => v.table.length));
  const short = (sha: string) => sha.slice(0, 16);
  io.out(`${'table'.padEnd(width)}  ${'source rows'.padStart(11)}  ${'target rows'.padStart(11)}  ${'source sha-256'.padEnd(16)}  ${'target sha-256'.padEnd(16)}  result\n`);
  for (const v of verdicts) {
    const cells = [
      v.table.padEnd(width),
      String(v.source.rows).padStart(11),
      String(v.target.rows).padStart(11),
      short(v.source.sha256),
      short(v.target.sha256),
      v.ok ? 'ok' : 'MISMATCH',
    ];
    io.out(`${cells.join('  ')}\n`);
  }
}
