import type { CliIo } from './command.js';

/** A progress bar for long commands, written to stderr so stdout stays the command's result. */
export interface Progress {
  /** Sets how many units are done so far (never moves back). */
  update(done: number): void;
  /** Adds `n` units to what is done. */
  add(n: number): void;
  /** Prints the final line (100 % unless stopped early) and ends the bar; later calls do nothing. */
  finish(): void;
}

export interface ProgressOptions {
  /** What is being counted, shown first: `messages`, `uploads`. */
  label: string;
  total: number;
  /** Formats the counts, e.g. bytes as MiB; plain numbers with separators when absent. */
  formatCount?: (n: number) => string;
  /** Milliseconds clock; tests pass their own. */
  now?: () => number;
}

export interface ProgressState {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  formatCount?: (n: number) => string;
}

const BAR_WIDTH = 24;
/** On a terminal the line is redrawn at most this often, so a tight loop does not spend its time printing. */
const REDRAW_MS = 100;
/** Elsewhere (a log file, CI) one line per this many percent. */
const LOG_STEP_PERCENT = 5;

/** `messages [##########--------------]  42% 42,000/100,000  1,234/s  ETA 0:47` */
export function formatProgress({ label, done, total, elapsedMs, formatCount = formatNumber }: ProgressState): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const rateText = rate > 0 ? `${formatCount(Math.round(rate))}/s` : '-/s';
  const eta = fraction >= 1 ? `took ${formatDuration(elapsedMs)}` : rate > 0 ? `ETA ${formatDuration(((total - done) / rate) * 1000)}` : 'ETA -';
  return `${label} ${bar} ${percent} ${formatCount(done)}/${formatCount(total)}  ${rateText}  ${eta}`;
}

/** `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

/** Starts a bar: redrawn in place with `\r` on a terminal (io.isTty), else a plain line every 5 %. */
export function createProgress(io: CliIo, { label, total, formatCount, now = Date.now }: ProgressOptions): Progress {
  const started = now();
  let done = 0;
  let finished = false;
  let lastDraw = -Infinity;
  let lastStep = -1;
  let printedDone = -1;
  const line = () => formatProgress({ label, done, total, elapsedMs: now() - started, formatCount });
  const draw = (final: boolean) => {
    if (io.isTty) {
      const t = now();
      if (!final && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      // \x1b[K clears what a longer earlier line left behind.
      io.err(`\r${line()}\x1b[K${final ? '\n' : ''}`);
      return;
    }
    const step = Math.floor((total > 0 ? Math.min(1, done / total) : 1) * (100 / LOG_STEP_PERCENT));
    // The final line is printed unless the last one already showed this very count.
    if (final ? printedDone === done : step <= lastStep) return;
    lastStep = step;
    printedDone = done;
    io.err(`${line()}\n`);
  };
  return {
    update(n) {
      if (finished || n <= done) return;
      done = n;
      draw(false);
    },
    add(n) {
      if (finished || n <= 0) return;
      done += n;
      draw(false);
    },
    finish() {
      if (finished) return;
      finished = true;
      draw(true);
    },
  };
}
