import type { PublicInstance } from '@parley/protocol';
import { reportError } from '../../lib/report';
import { Store } from '../../lib/store';
import { fetchInstance } from './instance-api';
import { applyDefaultLanguage } from './instance-language';

/**
 * The instance's public settings for the whole page: read once from GET /api/instance (by the first
 * screen that shows the name), then kept
 * current by `instance.updated` frames (and read again after a reconnect, in case one was missed).
 * Undefined until the first answer; callers fall back to the built-in defaults.
 */
export const instanceStore = new Store<PublicInstance | undefined>(undefined);

let inFlight: Promise<void> | undefined;

/** Sets the instance settings from a frame or an answer; equal values keep the same snapshot. */
export function applyInstance(next: PublicInstance): void {
  instanceStore.update((prev) => (prev && sameInstance(prev, next) ? prev : next));
  applyDefaultLanguage(next);
}

/** Reads GET /api/instance; concurrent calls share one request. A failure keeps what the page had. */
export function refreshInstance(): Promise<void> {
  inFlight ??= fetchInstance()
    .then(applyInstance, (err: unknown) => {
      // Nothing breaks without it: the server enforces every setting, the page keeps its defaults.
      reportError('could not read the instance settings', err);
    })
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

/** The first reader asks the server; later readers get the held value. */
export function ensureInstance(): void {
  if (!instanceStore.get() && !inFlight) void refreshInstance();
}

function sameInstance(a: PublicInstance, b: PublicInstance): boolean {
  return (
    a.name === b.name &&
    a.registration === b.registration &&
    a.defaultLanguage === b.defaultLanguage &&
    a.maxUploadBytes === b.maxUploadBytes &&
    a.allowedFileTypes.length === b.allowedFileTypes.length &&
    a.allowedFileTypes.every((t, i) => t === b.allowedFileTypes[i])
  );
}
