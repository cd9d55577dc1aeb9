import type { TimelineRow } from './timeline-rows';

/**
 * Windowing math for the timeline: only rows near the viewport are in the DOM; the rest are stood in
 * for by padding computed from measured heights (estimates until a row has been seen). Positions are
 * in "list coordinates": pixels from the top of the list, padding included.
 */

/** Where the view is held: pinned to the end, or row `key`'s top `offset` px below the viewport's top. */
export type Anchor = { kind: 'bottom' } | { kind: 'row'; key: string; offset: number };

/** Rows [start, end) are rendered. */
export interface RowRange {
  start: number;
  end: number;
}

/** A guess for a row never measured; only the scrollbar's accuracy depends on it. */
export function estimateRowHeight(row: TimelineRow): number {
  if (row.kind === 'day') return 44;
  if (row.kind === 'unread') return 32;
  const m = row.message;
  if (m.kind === 'system') return 30;
  const media = m.attachments?.length ? 220 : 0;
  const lines = Math.min(10, Math.ceil(m.body.length / 90));
  return (row.continued ? 4 : 30) + lines * 24 + media;
}

/** offsets[i] is row i's top; offsets[rows.length] is the total height. */
export function rowOffsets(rows: readonly TimelineRow[], heights: ReadonlyMap<string, number>): Float64Array {
  const offsets = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    offsets[i + 1] = offsets[i]! + (heights.get(row.key) ?? estimateRowHeight(row));
  }
  return offsets;
}

/** The row covering list position `y` (clamped to the first and last row); -1 when there are none. */
export function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The list span the viewport shows when `anchor` holds; undefined if the anchor's row is gone. */
export function viewFromAnchor(
  anchor: Anchor,
  rowIndex: ReadonlyMap<string, number>,
  offsets: Float64Array,
  viewportHeight: number,
): { top: number; bottom: number } | undefined {
  const total = offsets[offsets.length - 1]!;
  if (anchor.kind === 'bottom') return { top: Math.max(0, total - viewportHeight), bottom: total };
  const i = rowIndex.get(anchor.key);
  if (i === undefined) return undefined;
  const top = offsets[i]! - anchor.offset;
  return { top, bottom: top + viewportHeight };
}

/**
 * Rows to render for a view: those it shows plus `overscan` px either side, at most `maxRows` (kept
 * centred on the view) so a run of tiny rows cannot flood the DOM.
 */
export function rangeForView(offsets: Float64Array, view: { top: number; bottom: number }, overscan: number, maxRows: number): RowRange {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  let start = rowAt(offsets, view.top - overscan);
  let end = rowAt(offsets, view.bottom + overscan) + 1;
  if (end - start > maxRows) {
    const first = rowAt(offsets, view.top);
    const last = rowAt(offsets, view.bottom) + 1;
    const spare = Math.max(0, maxRows - (last - first));
    start = Math.max(start, first - Math.floor(spare / 2));
    end = Math.min(end, Math.max(last, start + maxRows));
  }
  return { start, end };
}

/** Whether `range` still covers the view with `margin` px to spare, so a scroll need not re-render. */
export function rangeCovers(range: RowRange, offsets: Float64Array, view: { top: number; bottom: number }, margin: number): boolean {
  const n = offsets.length - 1;
  if (range.end <= range.start) return n === 0;
  const topOk = range.start === 0 || offsets[range.start]! <= view.top - margin;
  const bottomOk = range.end >= n || offsets[range.end]! >= view.bottom + margin;
  return topOk && bottomOk;
}

/** Maps row keys to their index, so a window follows its rows when older ones are prepended. */
export function indexRows(rows: readonly TimelineRow[]): Map<string, number> {
  const index = new Map<string, number>();
  rows.forEach((r, i) => index.set(r.key, i));
  return index;
}
