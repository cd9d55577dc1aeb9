/** The fan-out chart: send-to-deliver latency against offered load, one colour per server, as standalone SVG. */
import type { BenchRun, FanoutStep, ServerKey } from './results.js';
import { fmtNum } from './format.js';
import { measured } from './outcomes.js';
import { logScale, loadScale, tickLabel, type Scale } from './chart-scale.js';

const WIDTH = 900;
const HEIGHT = 500;
const PLOT = { left: 80, right: 650, top: 60, bottom: 430 };
/** Longer labels are cut so the legend stays inside the 900-pixel canvas. */
const LEGEND_LABEL_MAX = 30;
const LATENCY_MIN_MS = 1;
const LATENCY_MAX_MS = 5000;
/** The p99 the fan-out scenario stops at (issue #7): above it a step is not sustained. */
const LIMIT_MS = 200;
const COLOURS: Record<ServerKey, string> = {
  'parley-sqlite': '#1f6fd1',
  'parley-pg': '#7b3fbf',
  'bare-ws': '#2e8b3a',
  socketio: '#d1452f',
};

interface Series {
  key: ServerKey;
  label: string;
  colour: string;
  steps: FanoutStep[];
}

export function fanoutChart(run: BenchRun): string {
  const series = collectSeries(run);
  const members = run.runs.map((r) => measured(r.fanout)?.members).find((m) => m !== undefined);
  const title = `Big-room fan-out: latency vs offered load (${members === undefined ? '?' : fmtNum(members)} members)`;
  const x = loadScale(series.flatMap((s) => s.steps.map((step) => step.offeredPerSecond)), PLOT.left, PLOT.right);
  const y = logScale(LATENCY_MIN_MS, LATENCY_MAX_MS, PLOT.bottom, PLOT.top);
  const body = series.length === 0 ? [emptyMessage()] : [...axes(x, y), limitLine(y), ...series.map((s) => seriesMarks(s, x, y)), legend(series)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
      `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" fill="#222">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="30" text-anchor="middle" font-size="16" font-weight="600">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function collectSeries(run: BenchRun): Series[] {
  return run.runs.flatMap((serverRun) => {
    const fanout = measured(serverRun.fanout);
    if (!fanout || fanout.steps.length === 0) return [];
    const steps = [...fanout.steps].sort((a, b) => a.offeredPerSecond - b.offeredPerSecond);
    const { key, label } = serverRun.server;
    return [{ key, label, colour: COLOURS[key] ?? '#555', steps }];
  });
}

function emptyMessage(): string {
  return `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" font-size="14">No fan-out results in this run</text>`;
}

function px(value: number): string {
  return value.toFixed(1);
}

function axes(x: Scale, y: Scale): string[] {
  const marks: string[] = [];
  for (const tick of y.ticks) {
    const py = px(y.toPixel(tick));
    marks.push(`<line x1="${PLOT.left}" y1="${py}" x2="${PLOT.right}" y2="${py}" stroke="#e5e5e5"/>`);
    marks.push(`<text x="${PLOT.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${tickLabel(tick)}</text>`);
  }
  for (const tick of x.ticks) {
    const pxX = px(x.toPixel(tick));
    marks.push(`<line x1="${pxX}" y1="${PLOT.bottom}" x2="${pxX}" y2="${PLOT.bottom + 5}" stroke="#444"/>`);
    marks.push(`<text x="${pxX}" y="${PLOT.bottom + 20}" text-anchor="middle">${tickLabel(tick)}</text>`);
  }
  marks.push(`<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#444"/>`);
  marks.push(`<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="#444"/>`);
  const xLabel = `offered messages/s to the room${x.log ? ' (log scale)' : ''}`;
  marks.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 45}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  const midY = (PLOT.top + PLOT.bottom) / 2;
  marks.push(
    `<text x="22" y="${midY}" text-anchor="middle" transform="rotate(-90 22 ${midY})">send-to-deliver latency, ms (log scale)</text>`,
  );
  return marks;
}

function limitLine(y: Scale): string {
  const py = px(y.toPixel(LIMIT_MS));
  return [
    `<line x1="${PLOT.left}" y1="${py}" x2="${PLOT.right}" y2="${py}" stroke="#888" stroke-width="1.5" stroke-dasharray="2 3"/>`,
    `<text x="${PLOT.right - 4}" y="${Number(py) - 6}" text-anchor="end" fill="#666">${LIMIT_MS} ms: sustained limit (p99)</text>`,
  ].join('\n');
}

function points(steps: FanoutStep[], x: Scale, y: Scale, pick: (step: FanoutStep) => number): string {
  return steps.map((step) => `${px(x.toPixel(step.offeredPerSecond))},${px(y.toPixel(pick(step)))}`).join(' ');
}

/** p99 solid with a dot per step (hollow when the step was not sustained), p50 dashed. */
function seriesMarks(series: Series, x: Scale, y: Scale): string {
  const attrs = `data-server="${escapeXml(series.key)}" fill="none" stroke="${series.colour}" stroke-width="2"`;
  const marks = [
    `<g>`,
    `<polyline class="p50" ${attrs} stroke-dasharray="6 4" points="${points(series.steps, x, y, (s) => s.latency.p50)}"/>`,
    `<polyline class="p99" ${attrs} points="${points(series.steps, x, y, (s) => s.latency.p99)}"/>`,
  ];
  for (const step of series.steps) {
    const fill = step.sustained ? series.colour : '#fff';
    const tip = `${series.label}: ${fmtNum(step.offeredPerSecond)} offered/s, p50 ${fmtNum(step.latency.p50)} ms, p99 ${fmtNum(step.latency.p99)} ms`;
    marks.push(
      `<circle cx="${px(x.toPixel(step.offeredPerSecond))}" cy="${px(y.toPixel(step.latency.p99))}" r="4" ` +
        `fill="${fill}" stroke="${series.colour}" stroke-width="2"><title>${escapeXml(tip)}</title></circle>`,
    );
  }
  marks.push('</g>');
  return marks.join('\n');
}

function legend(series: Series[]): string {
  const left = PLOT.right + 20;
  const rows = series.map((s, index) => {
    const top = PLOT.top + index * 22;
    return (
      `<line x1="${left}" y1="${top}" x2="${left + 24}" y2="${top}" stroke="${s.colour}" stroke-width="3"/>` +
      `<text x="${left + 32}" y="${top}" dominant-baseline="middle">${escapeXml(shorten(s.label))}</text>`
    );
  });
  const keyTop = PLOT.top + series.length * 22 + 16;
  const key = [
    `<line x1="${left}" y1="${keyTop}" x2="${left + 24}" y2="${keyTop}" stroke="#444" stroke-width="2"/>`,
    `<text x="${left + 32}" y="${keyTop}" dominant-baseline="middle">p99</text>`,
    `<line x1="${left}" y1="${keyTop + 20}" x2="${left + 24}" y2="${keyTop + 20}" stroke="#444" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${left + 32}" y="${keyTop + 20}" dominant-baseline="middle">p50</text>`,
    `<circle cx="${left + 12}" cy="${keyTop + 40}" r="4" fill="#fff" stroke="#444" stroke-width="2"/>`,
    `<text x="${left + 32}" y="${keyTop + 40}" dominant-baseline="middle">step not sustained</text>`,
  ];
  return ['<g class="legend">', ...rows, ...key, '</g>'].join('\n');
}

function shorten(label: string): string {
  return label.length <= LEGEND_LABEL_MAX ? label : `${label.slice(0, LEGEND_LABEL_MAX - 1)}…`;
}

/** Labels come from server info and could hold markup characters; the SVG must stay well-formed. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
