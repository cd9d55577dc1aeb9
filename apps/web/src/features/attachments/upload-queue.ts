import type { Attachment } from '@parley/protocol';
import type { ClientErrorCode } from '../../api/api-error';

/**
 * queued → uploading → done | failed | cancelled; failed and cancelled may be retried (→ queued).
 * `done` entries wait in the composer until a send takes them.
 */
export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** Why an upload failed: a server or network code, `offline` (never tried), or `unknown`. */
export type UploadErrorCode = ClientErrorCode | 'offline' | 'unknown';

/** One file the user attached in one room's composer. */
export interface UploadEntry {
  /** Local id (not the attachment id, which exists only once the server has stored the file). */
  id: string;
  roomId: string;
  name: string;
  size: number;
  /** The browser's guess from the extension; the server decides for real. */
  type: string;
  status: UploadStatus;
  loaded: number;
  total: number;
  attachment?: Attachment;
  error?: UploadErrorCode;
}

export type UploadEvent =
  | { type: 'added'; entries: ReadonlyArray<Pick<UploadEntry, 'id' | 'roomId' | 'name' | 'size' | 'type'>> }
  | { type: 'started'; id: string }
  | { type: 'progressed'; id: string; loaded: number; total: number }
  | { type: 'succeeded'; id: string; attachment: Attachment }
  | { type: 'failed'; id: string; error: UploadErrorCode }
  | { type: 'cancelled'; id: string }
  | { type: 'retried'; id: string }
  | { type: 'removed'; ids: readonly string[] };

/** Which states each event may leave from; an event in any other state is stale and ignored. */
const FROM: Record<Exclude<UploadEvent['type'], 'added' | 'removed'>, readonly UploadStatus[]> = {
  started: ['queued'],
  progressed: ['uploading'],
  succeeded: ['uploading'],
  failed: ['queued', 'uploading'],
  cancelled: ['queued', 'uploading'],
  retried: ['failed', 'cancelled'],
};

function transition(entry: UploadEntry, event: Exclude<UploadEvent, { type: 'added' | 'removed' }>): UploadEntry {
  switch (event.type) {
    case 'started':
      return { ...entry, status: 'uploading', loaded: 0, total: entry.size, error: undefined };
    case 'progressed':
      return { ...entry, loaded: event.loaded, total: event.total };
    case 'succeeded':
      return { ...entry, status: 'done', loaded: entry.total, attachment: event.attachment };
    case 'failed':
      return { ...entry, status: 'failed', error: event.error };
    case 'cancelled':
      return { ...entry, status: 'cancelled' };
    case 'retried':
      return { ...entry, status: 'queued', loaded: 0, error: undefined };
  }
}

/** The pure state machine of the composer's uploads. Returns the same array when nothing changed. */
export function reduceUploads(entries: readonly UploadEntry[], event: UploadEvent): readonly UploadEntry[] {
  if (event.type === 'added') {
    const added = event.entries.map((e): UploadEntry => ({ ...e, status: 'queued', loaded: 0, total: e.size }));
    return added.length === 0 ? entries : [...entries, ...added];
  }
  if (event.type === 'removed') {
    const ids = new Set(event.ids);
    const kept = entries.filter((e) => !ids.has(e.id));
    return kept.length === entries.length ? entries : kept;
  }
  const i = entries.findIndex((e) => e.id === event.id);
  const entry = entries[i];
  if (!entry || !FROM[event.type].includes(entry.status)) return entries;
  const next = [...entries];
  next[i] = transition(entry, event);
  return next;
}

/** Queued entries that may start now without exceeding `maxParallel` running uploads, oldest first. */
export function nextToStart(entries: readonly UploadEntry[], maxParallel: number): UploadEntry[] {
  const running = entries.filter((e) => e.status === 'uploading').length;
  return entries.filter((e) => e.status === 'queued').slice(0, Math.max(0, maxParallel - running));
}

/** What a room's composer shows: everything but cancelled entries, which are on their way out. */
export function visibleUploads(entries: readonly UploadEntry[], roomId: string): UploadEntry[] {
  return entries.filter((e) => e.roomId === roomId && e.status !== 'cancelled');
}

/** True while a room still has uploads queued or running: a send would leave them behind. */
export function isUploading(entries: readonly UploadEntry[], roomId: string): boolean {
  return entries.some((e) => e.roomId === roomId && (e.status === 'queued' || e.status === 'uploading'));
}

/** The finished uploads of a room, in the order they were attached: what the next send carries. */
export function readyUploads(entries: readonly UploadEntry[], roomId: string): Array<UploadEntry & { attachment: Attachment }> {
  return entries.filter((e): e is UploadEntry & { attachment: Attachment } => e.roomId === roomId && e.status === 'done' && e.attachment !== undefined);
}

/** Whole-number percentage for the progress bar and its label. */
export function percent(entry: Pick<UploadEntry, 'loaded' | 'total'>): number {
  if (entry.total <= 0) return 0;
  return Math.min(100, Math.floor((entry.loaded / entry.total) * 100));
}
