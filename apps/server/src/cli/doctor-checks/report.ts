import type { CheckResult, CheckStatus } from './types.js';

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per result (`✓ check  message`), each warning and failure followed by its `fix:` line, then a summary. */
export function formatReport(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.check.padEnd(width)}  ${r.message}`);
    if (r.fix && r.status !== 'ok') lines.push(`  ${' '.repeat(width)}  fix: ${r.fix}`);
  }
  const problems = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  lines.push('');
  if (problems > 0) lines.push(`${plural(problems, 'problem')}, ${plural(warnings, 'warning')}: see the fixes above.`);
  else lines.push(warnings > 0 ? `No problems, ${plural(warnings, 'warning')}.` : 'All checks passed.');
  return `${lines.join('\n')}\n`;
}

/** The same results for scripts and monitoring: `{ ok, problems, warnings, checks: [...] }`. */
export function formatJsonReport(results: CheckResult[]): string {
  const problems = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  return `${JSON.stringify({ ok: problems === 0, problems, warnings, checks: results }, null, 2)}\n`;
}
