/** The plain-text report `npm run bench` prints to stdout. */
import type { BenchRun } from './results.js';
import { fmtNum } from './format.js';
import { buildSections, describeMachine, type Note, type Section } from './sections.js';
import { checkTargets, type TargetCheck } from './targets.js';

const INDENT = '  ';
const GAP = '  ';

export function formatTable(run: BenchRun): string {
  const lines = [
    `Parley bench, started ${run.startedAt}${run.quick ? ' (--quick: smaller sizes)' : ''}, took ${fmtNum(run.durationSeconds)} s`,
    `Machine: ${describeMachine(run)}`,
    `Command: ${run.command}`,
    ...failedServers(run),
  ];
  for (const section of buildSections(run)) lines.push('', ...sectionLines(section));
  lines.push('', ...targetLines(checkTargets(run)));
  return `${lines.join('\n')}\n`;
}

function failedServers(run: BenchRun): string[] {
  return run.runs.filter((r) => r.error !== undefined).map((r) => `!! ${r.server.key} could not be run: ${r.error ?? ''}`);
}

function sectionLines(section: Section): string[] {
  const header = ['server', ...section.columns];
  // Skipped rows share only the server column, so they widen that one and no other.
  const widthRows = section.rows.map((row) => ('cells' in row ? [row.server, ...row.cells] : [row.server]));
  const widths = columnWidths([header, ...widthRows]);
  const rows = section.rows.map((row) =>
    'cells' in row ? alignRow([row.server, ...row.cells], widths) : `${row.server.padEnd(widths[0] ?? 0)}${GAP}${row.skipped}`,
  );
  const lines = [`== ${section.title} ==`, ...[alignRow(header, widths), ...rows].map((line) => INDENT + line)];
  if (section.ratios.length > 0) lines.push('', ...section.ratios.map((line) => INDENT + line));
  if (section.notes.length > 0) lines.push('', ...section.notes.map(noteLine));
  return lines;
}

function noteLine(note: Note): string {
  return note.alarm ? `!! ${note.text} !!` : INDENT + note.text;
}

function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return widths;
}

/** The server column reads left to right; figures line up on their right edge so digits align. */
function alignRow(cells: string[], widths: number[]): string {
  return cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
    .join(GAP)
    .trimEnd();
}

function targetLines(checks: TargetCheck[]): string[] {
  if (checks.length === 0) return ['== Targets (issues #7 and #9) ==', `${INDENT}no Parley server ran, nothing to check`];
  const rows = checks.map((check) => [check.met ? '✓' : '✗', check.server, check.name, check.target, check.actual]);
  const widths = columnWidths(rows);
  const lines = rows.map((row, index) => {
    const line = row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(GAP).trimEnd();
    const missBy = checks[index]?.missBy;
    return INDENT + line + (missBy === undefined ? '' : `${GAP}missed by: ${missBy}`);
  });
  const met = checks.filter((check) => check.met).length;
  return ['== Targets (issues #7 and #9) ==', ...lines, '', `${INDENT}${met} of ${checks.length} targets met`];
}
