import { useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { SeriesPoint } from '@parley/protocol';
import { indexAt, niceScale, timeTicks } from './chart-math';
import { useElementWidth } from './useElementWidth';

export interface ChartTable {
  caption: string;
  headers: readonly [string, string];
  rows: ReadonlyArray<readonly [string, string]>;
}

interface TimeSeriesChartProps {
  points: readonly SeriesPoint[];
  /** Bars for counts per bucket, an area for sampled levels. */
  kind: 'bars' | 'area';
  tickUnit: 'hour' | 'day';
  tickLabel(at: string): string;
  valueLabel(n: number): string;
  /** What one point means, for the tooltip: "14:00 · 12 messages". */
  pointLabel(point: SeriesPoint): string;
  /** The chart in one sentence, shown under it and read by screen readers. */
  summary: string;
  title: string;
  /** The numbers behind the chart for screen readers (visually hidden). */
  table: ChartTable;
  testId: string;
}

const HEIGHT = 180;
const TOP = 10;
const BOTTOM = 22;
const RIGHT = 6;
const MIN_LABEL_GAP = 44;

/**
 * A time series drawn in SVG at the element's own pixel width, coloured by Bootstrap variables so it
 * follows light and dark. Hover, tap or the arrow keys show a point's value.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { points, kind, tickUnit, tickLabel, valueLabel, pointLabel, summary, title, table, testId } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const captionId = useId();
  const [active, setActive] = useState<number>();

  const scale = niceScale(Math.max(0, ...points.map((p) => p.value)));
  const left = Math.max(...scale.ticks.map((v) => valueLabel(v).length)) * 7 + 10;
  const plotW = Math.max(1, width - left - RIGHT);
  const plotH = HEIGHT - TOP - BOTTOM;
  const n = points.length;
  const slot = n > 0 ? plotW / n : plotW;
  const y = (v: number) => TOP + plotH - (v / scale.max) * plotH;
  const ticks = timeTicks(points, tickUnit, plotW, MIN_LABEL_GAP);
  const shown = active !== undefined && active < n ? active : undefined;

  const pick = (e: PointerEvent<SVGSVGElement>) => {
    if (n === 0) return;
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left - left;
    setActive(indexAt(x, plotW, n));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (n === 0) return;
    const from = shown ?? n - 1;
    const next = { ArrowLeft: from - 1, ArrowRight: from + 1, Home: 0, End: n - 1 }[e.key];
    if (next !== undefined) {
      e.preventDefault();
      setActive(Math.min(n - 1, Math.max(0, shown === undefined ? n - 1 : next)));
    } else if (e.key === 'Escape' && shown !== undefined) {
      // The first Escape only hides the value; the next one closes the console as usual.
      e.stopPropagation();
      setActive(undefined);
    }
  };

  return (
    <figure className="admin-chart mb-0" data-testid={testId}>
      <div
        ref={wrapRef}
        className="admin-chart-plot position-relative"
        tabIndex={0}
        role="group"
        aria-label={title}
        aria-describedby={captionId}
        onKeyDown={onKey}
        onBlur={() => setActive(undefined)}
      >
        <svg
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          aria-hidden="true"
          className="d-block"
          onPointerMove={pick}
          onPointerDown={pick}
          onPointerLeave={(e) => {
            if (e.pointerType === 'mouse') setActive(undefined);
          }}
        >
          {scale.ticks.map((v) => (
            <g key={v}>
              <line className="admin-chart-grid" x1={left} x2={width - RIGHT} y1={y(v)} y2={y(v)} />
              <text className="admin-chart-label" x={left - 6} y={y(v)} dy="0.32em" textAnchor="end">{valueLabel(v)}</text>
            </g>
          ))}
          {kind === 'bars' ? (
            points.map((p, i) => {
              const gap = slot > 5 ? slot * 0.2 : 0;
              const h = Math.max(0, TOP + plotH - y(p.value));
              return (
                <rect
                  key={p.at}
                  className={`admin-chart-bar${i === shown ? ' is-active' : ''}`}
                  x={left + i * slot + gap / 2}
                  y={TOP + plotH - h}
                  width={Math.max(0.5, slot - gap)}
                  height={h}
                  data-value={p.value}
                  data-at={p.at}
                />
              );
            })
          ) : (
            <AreaPath points={points} x={(i) => left + (i + 0.5) * slot} y={y} base={TOP + plotH} />
          )}
          {shown !== undefined && kind === 'area' && (
            <circle className="admin-chart-dot" cx={left + (shown + 0.5) * slot} cy={y(points[shown]!.value)} r={4} />
          )}
          {ticks.map((i) => {
            const x = left + (i + 0.5) * slot;
            // A label at either edge would be cut in half: it hangs inward instead.
            const anchor = x > width - RIGHT - 18 ? 'end' : x < left + 18 ? 'start' : 'middle';
            return (
              <text key={i} className="admin-chart-label" x={anchor === 'end' ? width - RIGHT : anchor === 'start' ? left : x} y={HEIGHT - 6} textAnchor={anchor}>
                {tickLabel(points[i]!.at)}
              </text>
            );
          })}
        </svg>
        <div
          className={`admin-chart-tip small${shown === undefined ? ' d-none' : ''}`}
          style={{ left: Math.min(Math.max(left + ((shown ?? 0) + 0.5) * slot, 70), width - 70) }}
          role="status"
          data-testid={`${testId}-tip`}
        >
          {shown !== undefined && pointLabel(points[shown]!)}
        </div>
      </div>
      <figcaption id={captionId} className="small text-body-secondary mt-1" data-testid={`${testId}-summary`}>{summary}</figcaption>
      <table className="visually-hidden">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{table.headers[0]}</th>
            <th scope="col">{table.headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map(([label, value], i) => (
            <tr key={i}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function AreaPath({ points, x, y, base }: { points: readonly SeriesPoint[]; x(i: number): number; y(v: number): number; base: number }) {
  if (points.length === 0) return null;
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const area = `${line} L${x(points.length - 1).toFixed(1)},${base} L${x(0).toFixed(1)},${base} Z`;
  return (
    <>
      <path className="admin-chart-area" d={area} />
      <path className="admin-chart-line" d={line} />
    </>
  );
}
