import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnyDatabase } from '../storage/bulk-database.js';
import { forEachInKeyOrder } from '../storage/bulk-read.js';
import type { DialectName } from '../storage/dialect.js';
import { canonicalJson } from './row-values.js';
import type { PlannedTable } from './table-plan.js';

/** A table's row count and the SHA-256 of its rows. */
export interface TableChecksum {
  rows: number;
  sha256: string;
}

/**
 * SHA-256 over the canonical JSON of every row, one per line, in code-point order of the primary
 * key: the same on every engine exactly when the rows are the same.
 */
export async function tableChecksum(db: Kysely<AnyDatabase>, dialect: DialectName, planned: PlannedTable): Promise<TableChecksum> {
  const hash = createHash('sha256');
  let rows = 0;
  const columns = planned.columns.map((c) => c.name);
  await forEachInKeyOrder(db, dialect, planned.table, columns, planned.key, (chunk) => {
    for (const row of chunk) hash.update(`${canonicalJson(planned.columns, row)}\n`);
    rows += chunk.length;
  });
  return { rows, sha256: hash.digest('hex') };
}
