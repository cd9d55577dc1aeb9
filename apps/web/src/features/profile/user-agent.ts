/** A device as a person recognises it: "Firefox on Linux". */
export interface DeviceSummary {
  browser: string | undefined;
  os: string | undefined;
}

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari, and iPadOS/iOS also say Mac OS X.
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^node|undici/, 'Node.js'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

const first = (ua: string, table: Array<[RegExp, string]>) => table.find(([re]) => re.test(ua))?.[1];

/** Reads the browser and system out of a User-Agent header; either is undefined when unknown. */
export function summarizeUserAgent(ua: string): DeviceSummary {
  return { browser: first(ua, BROWSERS), os: first(ua, SYSTEMS) };
}
