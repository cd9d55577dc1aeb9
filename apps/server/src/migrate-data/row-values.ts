import type { PlannedColumn } from './table-plan.js';

/**
 * One stored value as the same JavaScript value whatever engine returned it: integer columns as
 * numbers (PostgreSQL returns int8 as a string, MySQL may too), text as strings, null as null.
 * Epoch millis and counters stay far below 2^53, so Number() loses nothing.
 */
export function normaliseValue(column: PlannedColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.isNumber) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw new Error(`column ${column.name} holds ${String(value)}, which is not a number`);
    return n;
  }
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** A row with every value normalised, keys in the planned (sorted) column order. */
export function normaliseRow(columns: PlannedColumn[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column.name] = normaliseValue(column, row[column.name]);
  return out;
}

/**
 * The canonical JSON of a normalised row: keys sorted by name (the planned order), numbers as
 * numbers, null as null. Equal rows on any two engines give byte-identical text.
 */
export function canonicalJson(columns: PlannedColumn[], row: Record<string, unknown>): string {
  return JSON.stringify(normaliseRow(columns, row));
}
