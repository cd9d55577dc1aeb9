/** Axis scales for the SVG chart: a value maps to a pixel, with tick values a reader can read. */

/** Maps a data value onto a pixel range and names the values worth a tick. */
export interface Scale {
  toPixel: (value: number) => number;
  ticks: number[];
  log: boolean;
}

/** 1, 2 and 5 in every decade: the ticks people read easily on a log axis. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent += 1) {
    for (const mantissa of [1, 2, 5]) {
      const tick = mantissa * 10 ** exponent;
      // A relative epsilon, because 10 ** -1 and friends are not exact in binary.
      if (tick >= min * (1 - 1e-9) && tick <= max * (1 + 1e-9)) ticks.push(tick);
    }
  }
  return ticks;
}

/** Values are clamped into [min, max] first, so an outlier draws at the edge instead of off the chart. */
export function logScale(min: number, max: number, fromPixel: number, toPixel: number): Scale {
  const low = Math.log10(min);
  const span = Math.log10(max) - low;
  return {
    toPixel: (value) => {
      const clamped = Math.min(max, Math.max(min, value));
      return fromPixel + ((Math.log10(clamped) - low) / span) * (toPixel - fromPixel);
    },
    ticks: logTicks(min, max),
    log: true,
  };
}

function niceStep(range: number): number {
  const rough = range / 6;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10;
  return multiple * magnitude;
}

export function linearScale(min: number, max: number, fromPixel: number, toPixel: number): Scale {
  const step = niceStep(max - min);
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return {
    toPixel: (value) => fromPixel + ((value - low) / (high - low)) * (toPixel - fromPixel),
    ticks,
    log: false,
  };
}

/**
 * The offered-load axis: fan-out steps usually double, so across more than a decade a log axis
 * keeps the low steps apart; a narrow range reads better on a linear one starting at zero.
 */
export function loadScale(values: number[], fromPixel: number, toPixel: number): Scale {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  const min = positive.length > 0 ? Math.min(...positive) : 1;
  const max = positive.length > 0 ? Math.max(...positive) : 10;
  // A quarter of margin each side keeps the end dots off the axes.
  if (max / min >= 10) return logScale(min / 1.25, max * 1.25, fromPixel, toPixel);
  return linearScale(0, max === min ? max * 2 : max, fromPixel, toPixel);
}

/** Tick labels: whole numbers grouped ('1,000'), fractions as short as they can be ('0.5'). */
export function tickLabel(value: number): string {
  if (Number.isInteger(value)) return new Intl.NumberFormat('en-US').format(value);
  return String(Number(value.toPrecision(3)));
}
