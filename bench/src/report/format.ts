/** Number formatting shared by the stdout table, the markdown and the chart, so all three agree. */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with thousands separators: 10000 → '10,000'. */
export function fmtInt(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return GROUPED.format(Math.round(value));
}

/** Three significant figures or so, never more decimals than a reader can use. */
export function fmtNum(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  if (size >= 1000) return fmtInt(value);
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function fmtMs(value: number): string {
  return `${fmtNum(value)} ms`;
}

export function fmtSeconds(value: number): string {
  return `${fmtNum(value)} s`;
}

export function fmtRate(value: number): string {
  return `${fmtInt(value)}/s`;
}

/** A ratio such as '0.86x'; tiny ratios keep two significant figures instead of rounding to zero. */
export function fmtRatio(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 10) return `${value.toFixed(1)}x`;
  if (value >= 0.1 || value === 0) return `${value.toFixed(2)}x`;
  return `${value.toPrecision(2)}x`;
}
