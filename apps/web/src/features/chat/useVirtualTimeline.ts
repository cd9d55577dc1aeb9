import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { TimelineRow } from './timeline-rows';
import { indexRows, rangeCovers, rangeForView, rowAt, rowOffsets, viewFromAnchor, type Anchor, type RowRange } from './timeline-window';

/** Counts as "at the bottom" within this distance, so new messages keep the view pinned. */
const BOTTOM_SLACK_PX = 48;
/** Rendered beyond the viewport on each side, so fast scrolling rarely shows blank space. */
const OVERSCAN_PX = 1200;
/** A scroll re-renders only once the view comes this close to the edge of what is rendered. */
const MARGIN_PX = 400;
/** Upper bound on rendered rows, whatever their size. */
const MAX_ROWS = 200;

interface VirtualTimelineOptions {
  rows: readonly TimelineRow[];
  /** Called when the view is within `loadAheadPx` of the oldest row held (after scrolls and renders). */
  onNearTop(): void;
  /** Called when the view is within `loadAheadPx` of the newest row held (a detached window pages newer). */
  onNearBottom?(): void;
  loadAheadPx: number;
  /**
   * Whether reaching the end pins the view there (the live end: new messages keep it in view). A
   * detached window is not pinned, so a newer page appended below does not carry the view down with it.
   */
  pinBottom?: boolean;
}

export interface VirtualTimeline {
  scrollerRef: RefObject<HTMLDivElement | null>;
  listRef: RefObject<HTMLOListElement | null>;
  /** The rendered slice of `rows`, and the padding standing in for the rows above and below it. */
  range: RowRange;
  padTop: number;
  padBottom: number;
  /** True while the view is at the end: new messages keep it there. */
  atBottom: boolean;
  onScroll(): void;
  /** Pins the view to the end (Jump to latest, End, sending a message). */
  toBottom(): void;
  /** Holds row `key` `offset` px below the viewport's top (clamped at the end of the list). */
  toRow(key: string, offset: number): void;
}

/**
 * The windowing behind the timeline. The view is described by an anchor: "at the bottom", or "row K
 * sits N px below the top of the viewport". Every render, resize and measurement ends by putting the
 * anchor back, so prepended history, window shifts, images loading and a growing composer never move
 * what the user is looking at; every user scroll re-captures the anchor from what is on screen.
 */
export function useVirtualTimeline({ rows, onNearTop, onNearBottom, loadAheadPx, pinBottom = true }: VirtualTimelineOptions): VirtualTimeline {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>()).current;
  const anchor = useRef<Anchor>({ kind: 'bottom' });
  /** scrollTop as last set or seen by us; a difference at render time is a scroll not yet reported. */
  const knownScrollTop = useRef(0);
  const rendered = useRef<{ range: RowRange; startKey: string | undefined; endKey: string | undefined }>({ range: { start: 0, end: 0 }, startKey: undefined, endKey: undefined });
  const [viewportHeight, setViewportHeight] = useState(800);
  const [atBottom, setAtBottom] = useState(true);
  const [, forceRender] = useState(0);
  const nearTop = useRef(onNearTop);
  nearTop.current = onNearTop;
  const nearBottom = useRef(onNearBottom);
  nearBottom.current = onNearBottom;
  const pinned = useRef(pinBottom);
  pinned.current = pinBottom;

  const rowIndex = useMemo(() => indexRows(rows), [rows]);
  // Recomputed each render: heights are measured in place, and 10,000 additions cost well under 1 ms.
  const offsets = rowOffsets(rows, heights);
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const rowIndexRef = useRef(rowIndex);
  rowIndexRef.current = rowIndex;

  // The window follows its rows by key, so prepending history does not slide it to other rows.
  const prev = rendered.current;
  const prevStart = prev.startKey === undefined ? undefined : rowIndex.get(prev.startKey);
  const prevEnd = prev.endKey === undefined ? undefined : rowIndex.get(prev.endKey);
  const view = viewFromAnchor(anchor.current, rowIndex, offsets, viewportHeight) ?? viewFromAnchor({ kind: 'bottom' }, rowIndex, offsets, viewportHeight)!;
  let range: RowRange =
    prevStart !== undefined && prevEnd !== undefined ? { start: prevStart, end: prevEnd + 1 } : rangeForView(offsets, view, OVERSCAN_PX, MAX_ROWS);
  if (!rangeCovers(range, offsets, view, MARGIN_PX) || range.end - range.start > MAX_ROWS) range = rangeForView(offsets, view, OVERSCAN_PX, MAX_ROWS);
  if (anchor.current.kind === 'bottom') range = rangeForView(offsets, view, OVERSCAN_PX, MAX_ROWS);
  rendered.current = { range, startKey: rows[range.start]?.key, endKey: rows[range.end - 1]?.key };
  const total = offsets[rows.length]!;
  const padTop = offsets[range.start] ?? 0;
  const padBottom = total - (offsets[range.end] ?? total);

  /** Puts the anchor back: the one place that writes scrollTop, apart from the browser. */
  const restore = useCallback(() => {
    const el = scrollerRef.current;
    const list = listRef.current;
    if (!el || !list) return;
    const a = anchor.current;
    if (a.kind === 'bottom') {
      el.scrollTop = el.scrollHeight;
    } else {
      const node = list.querySelector<HTMLElement>(`:scope > [data-key="${a.key}"]`);
      if (node) {
        const delta = node.getBoundingClientRect().top - el.getBoundingClientRect().top - a.offset;
        if (Math.abs(delta) >= 0.5) el.scrollTop += delta;
      }
    }
    knownScrollTop.current = el.scrollTop;
  }, []);

  const measure = useCallback((nodes: Iterable<Element>) => {
    for (const node of nodes) {
      const key = (node as HTMLElement).dataset.key;
      if (key) heights.set(key, node.getBoundingClientRect().height);
    }
  }, [heights]);

  /** Reads the anchor off the screen: the first message row in view, else (a scrollbar drag into unrendered space) by arithmetic. */
  const capture = useCallback(() => {
    const el = scrollerRef.current;
    const list = listRef.current;
    if (!el || !list) return;
    knownScrollTop.current = el.scrollTop;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
    setAtBottom(bottom);
    if (bottom && pinned.current) {
      anchor.current = { kind: 'bottom' };
      return;
    }
    const box = el.getBoundingClientRect();
    for (const node of list.children) {
      const r = node.getBoundingClientRect();
      if (r.bottom <= box.top || !(node as HTMLElement).dataset.message) continue;
      if (r.top >= box.bottom) break;
      anchor.current = { kind: 'row', key: (node as HTMLElement).dataset.key!, offset: r.top - box.top };
      return;
    }
    const viewTop = box.top - list.getBoundingClientRect().top;
    const i = rowAt(offsetsRef.current, viewTop);
    const row = rowsRef.current[i];
    if (row) anchor.current = { kind: 'row', key: row.key, offset: offsetsRef.current[i]! - viewTop };
  }, []);

  const checkNearTop = useCallback(() => {
    const el = scrollerRef.current;
    const list = listRef.current;
    if (!el || !list) return;
    const viewTop = el.getBoundingClientRect().top - list.getBoundingClientRect().top;
    if (viewTop < loadAheadPx) nearTop.current();
    const belowView = list.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom;
    if (belowView < loadAheadPx) nearBottom.current?.();
  }, [loadAheadPx]);

  const onScroll = useCallback(() => {
    capture();
    const view = viewFromAnchor(anchor.current, rowIndexRef.current, offsetsRef.current, scrollerRef.current?.clientHeight ?? 0);
    if (!view || !rangeCovers(rendered.current.range, offsetsRef.current, view, MARGIN_PX)) forceRender((n) => n + 1);
    checkNearTop();
  }, [capture, checkNearTop]);

  // Rows change height after render (images decoding, fonts, a window resize rewrapping text), and the
  // viewport changes with the composer and the window: keep measurements current and the anchor held.
  // Layout effects, declared in this order, so the observer exists before rows are handed to it.
  const observer = useRef<ResizeObserver | undefined>(undefined);
  const observed = useRef(new Set<Element>());
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const rowsResized: Element[] = [];
      for (const entry of entries) {
        if (entry.target === el) setViewportHeight(el.clientHeight);
        else if (entry.target.isConnected) rowsResized.push(entry.target);
      }
      measure(rowsResized);
      restore();
    });
    ro.observe(el);
    observer.current = ro;
    const tracked = observed.current;
    return () => {
      ro.disconnect();
      tracked.clear();
      observer.current = undefined;
    };
  }, [measure, restore]);

  useLayoutEffect(() => {
    const ro = observer.current;
    const list = listRef.current;
    if (!ro || !list) return;
    const tracked = observed.current;
    for (const node of tracked) {
      if (!node.isConnected) {
        ro.unobserve(node);
        tracked.delete(node);
      }
    }
    for (const node of list.children) {
      if (!tracked.has(node)) {
        ro.observe(node);
        tracked.add(node);
      }
    }
  });

  // After every render: measure what was rendered, fold in any scroll the browser has not reported
  // yet (a socket frame can re-render mid-scroll), then put the anchor back.
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    const list = listRef.current;
    if (!el || !list) return;
    measure(list.children);
    const a = anchor.current;
    if (a.kind === 'row' && el.scrollTop !== knownScrollTop.current) a.offset -= el.scrollTop - knownScrollTop.current;
    restore();
    // An unpinned view (a detached window) holds the row now at its end instead, so a newer page
    // appended below leaves the view where it is rather than carrying it down page after page.
    if (!pinned.current && a.kind === 'bottom') capture();
    checkNearTop();
  });

  const toBottom = useCallback(() => {
    anchor.current = { kind: 'bottom' };
    setAtBottom(true);
    forceRender((n) => n + 1);
  }, []);

  const toRow = useCallback((key: string, offset: number) => {
    anchor.current = { kind: 'row', key, offset };
    forceRender((n) => n + 1);
  }, []);

  return { scrollerRef, listRef, range, padTop, padBottom, atBottom, onScroll, toBottom, toRow };
}
