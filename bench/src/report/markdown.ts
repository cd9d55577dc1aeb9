/** The report as GitHub markdown, for docs/benchmarks.md. */
import type { BenchRun } from './results.js';
import { fmtNum } from './format.js';
import { buildSections, describeMachine, type Note, type Section } from './sections.js';
import { checkTargets, type TargetCheck } from './targets.js';

export function formatMarkdown(run: BenchRun): string {
  const blocks = [
    '## Latest run',
    [
      `- **Date:** ${escapeText(run.startedAt)}${run.quick ? ' (`--quick`: smaller sizes, targets not claimed)' : ''}`,
      `- **Command:** ${code(run.command)}`,
      `- **Duration:** ${fmtNum(run.durationSeconds)} s`,
      `- **Machine:** ${escapeText(describeMachine(run))}`,
      ...run.runs.map((r) => `- **${escapeText(r.server.key)}:** ${escapeText(r.server.label)}, ${escapeText(r.server.detail)}`),
      ...run.runs.filter((r) => r.error !== undefined).map((r) => `- **⚠ ${escapeText(r.server.key)} could not be run:** ${escapeText(r.error ?? '')}`),
    ].join('\n'),
    ...buildSections(run).map(sectionBlock),
    targetsBlock(checkTargets(run)),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function sectionBlock(section: Section): string {
  const parts = [`### ${escapeText(section.title)}`, sectionTable(section)];
  if (section.ratios.length > 0) parts.push(section.ratios.map((line) => `- ${escapeText(line)}`).join('\n'));
  if (section.notes.length > 0) parts.push(section.notes.map(noteItem).join('\n'));
  return parts.join('\n\n');
}

function sectionTable(section: Section): string {
  const header = ['server', ...section.columns];
  const rows = section.rows.map((row) => {
    if ('cells' in row) return [row.server, ...row.cells].map(escapeText);
    // A skipped server still gets a full-width row, so the table keeps its shape.
    return [escapeText(row.server), `_${escapeText(row.skipped)}_`, ...section.columns.slice(1).map(() => '')];
  });
  const align = ['---', ...section.columns.map(() => '---:')];
  return [tableRow(header.map(escapeText)), tableRow(align), ...rows.map(tableRow)].join('\n');
}

function noteItem(note: Note): string {
  return note.alarm ? `- **⚠ ${escapeText(note.text)}**` : `- ${escapeText(note.text)}`;
}

function targetsBlock(checks: TargetCheck[]): string {
  if (checks.length === 0) return '### Targets (issues #7 and #9)\n\nNo Parley server ran, nothing to check.';
  const header = ['', 'server', 'target', 'wanted', 'actual', 'missed by'];
  const rows = checks.map((c) => [c.met ? '✓' : '✗', c.server, c.name, c.target, c.actual, c.missBy ?? ''].map(escapeText));
  const met = checks.filter((c) => c.met).length;
  const table = [tableRow(header), tableRow(header.map(() => '---')), ...rows.map(tableRow)].join('\n');
  return `### Targets (issues #7 and #9)\n\n${table}\n\n${met} of ${checks.length} targets met.`;
}

/** Cells arrive escaped: escapeText already turned pipes, which would end a cell, into \|. */
function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Free text (labels, reasons) must not turn into markup (HTML tags, emphasis) or break a table cell or row. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_<>[\]|]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  // A command holding a backtick needs a longer fence, padded so the backtick is not read as part of it.
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}
