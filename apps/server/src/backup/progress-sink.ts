/** A counter for one long step; the command draws it as a progress bar on stderr. */
export interface StepCounter {
  add(n: number): void;
  finish(): void;
}

/** How backup and restore report what they are doing; kept apart from the CLI so they run anywhere. */
export interface ProgressSink {
  /** A step starts (one line). */
  stage(text: string): void;
  /** A countable step starts: `total` items, or bytes when `bytes` is set. */
  counter(label: string, total: number, bytes?: boolean): StepCounter;
}

/** Reports nothing: for callers (tests, scripts) that want no progress. */
export const SILENT: ProgressSink = {
  stage: () => undefined,
  counter: () => ({ add: () => undefined, finish: () => undefined }),
};
