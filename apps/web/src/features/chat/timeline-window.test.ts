import { describe, expect, it } from 'vitest';
import type { TimelineRow } from './timeline-rows';
import { indexRows, rangeCovers, rangeForView, rowAt, rowOffsets, viewFromAnchor } from './timeline-window';

const day = (i: number): TimelineRow => ({ kind: 'day', key: `d${i}`, dayMs: i });
/** n rows of 40 px each (measured), keys d0…d(n-1). */
function uniform(n: number) {
  const rows = Array.from({ length: n }, (_, i) => day(i));
  const heights = new Map(rows.map((r) => [r.key, 40]));
  return { rows, offsets: rowOffsets(rows, heights), index: indexRows(rows) };
}

describe('rowOffsets and rowAt', () => {
  it('uses measured heights and estimates the rest', () => {
    const rows = [day(0), day(1), day(2)];
    const offsets = rowOffsets(rows, new Map([['d1', 100]]));
    expect([...offsets]).toEqual([0, 44, 144, 188]);
  });

  it('finds the row covering a position, clamped at both ends', () => {
    const { offsets } = uniform(10);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 39.9)).toBe(0);
    expect(rowAt(offsets, 40)).toBe(1);
    expect(rowAt(offsets, -500)).toBe(0);
    expect(rowAt(offsets, 1e9)).toBe(9);
    expect(rowAt(new Float64Array([0]), 10)).toBe(-1);
  });
});

describe('viewFromAnchor', () => {
  it('places the view so the anchor row sits at its offset from the top', () => {
    const { offsets, index } = uniform(100);
    expect(viewFromAnchor({ kind: 'row', key: 'd50', offset: 100 }, index, offsets, 800)).toEqual({ top: 1900, bottom: 2700 });
  });

  it('shows the end for a bottom anchor, and gives up on a row that is gone', () => {
    const { offsets, index } = uniform(100);
    expect(viewFromAnchor({ kind: 'bottom' }, index, offsets, 800)).toEqual({ top: 3200, bottom: 4000 });
    expect(viewFromAnchor({ kind: 'row', key: 'nope', offset: 0 }, index, offsets, 800)).toBeUndefined();
  });
});

describe('rangeForView', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    const { offsets } = uniform(10_000);
    expect(rangeForView(offsets, { top: 200_000, bottom: 200_800 }, 400, 1000)).toEqual({ start: 4990, end: 5031 });
  });

  it('keeps a bounded number of rows however small they are, centred on the view', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => day(i));
    const offsets = rowOffsets(rows, new Map(rows.map((r) => [r.key, 2])));
    const range = rangeForView(offsets, { top: 10_000, bottom: 10_400 }, 2000, 300);
    expect(range.end - range.start).toBe(300);
    expect(range.start).toBeGreaterThan(4900);
    expect(range.start).toBeLessThanOrEqual(5000);
    expect(range.end).toBeGreaterThanOrEqual(5200);
  });

  it('clamps at the ends of the list', () => {
    const { offsets } = uniform(5);
    expect(rangeForView(offsets, { top: 0, bottom: 800 }, 400, 300)).toEqual({ start: 0, end: 5 });
  });
});

describe('rangeCovers', () => {
  it('asks for a new window only when the view nears its edge', () => {
    const { offsets } = uniform(1000);
    const range = { start: 100, end: 200 };
    expect(rangeCovers(range, offsets, { top: 5000, bottom: 5800 }, 200)).toBe(true);
    expect(rangeCovers(range, offsets, { top: 4100, bottom: 4900 }, 200)).toBe(false);
    expect(rangeCovers(range, offsets, { top: 7500, bottom: 8300 }, 200)).toBe(false);
    expect(rangeCovers({ start: 0, end: 1000 }, offsets, { top: 0, bottom: 800 }, 200)).toBe(true);
  });
});
