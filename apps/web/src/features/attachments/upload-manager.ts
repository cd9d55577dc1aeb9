import type { Attachment } from '@parley/protocol';
import type { UploadHandle } from '../../api/upload-request';
import { createRandomId } from '../../lib/random-id';
import { reportError } from '../../lib/report';
import { Store } from '../../lib/store';
import { toUploadError } from './upload-error';
import { nextToStart, readyUploads, reduceUploads, type UploadEntry, type UploadErrorCode, type UploadEvent } from './upload-queue';

/** Enough to keep a connection busy without one big batch starving the chat socket. */
const MAX_PARALLEL = 3;

export interface UploadManagerDeps {
  upload(file: File, onProgress: (loaded: number, total: number) => void): UploadHandle<Attachment>;
  isOnline(): boolean;
  /** Why a file must not be sent at all (over the instance's limits), checked when it is added. */
  refuse?(file: File): UploadErrorCode | undefined;
  /** Called with each stored attachment and the local file it came from (to show it without a download). */
  onUploaded?(attachment: Attachment, file: File): void;
}

/**
 * Runs the composer's uploads: owns the XHRs and the local files (kept for retries and previews),
 * and publishes the upload-queue state. Lives for the signed-in session, so switching rooms does not
 * lose uploads in progress.
 */
export class UploadManager {
  readonly store = new Store<readonly UploadEntry[]>([]);
  private readonly files = new Map<string, File>();
  private readonly handles = new Map<string, UploadHandle<Attachment>>();
  private readonly previews = new Map<string, string>();

  constructor(private readonly deps: UploadManagerDeps) {}

  private dispatch(event: UploadEvent): void {
    this.store.update((entries) => reduceUploads(entries, event));
  }

  add(roomId: string, files: readonly File[]): void {
    const entries = files.map((file) => {
      const id = createRandomId();
      this.files.set(id, file);
      return { id, roomId, name: file.name, size: file.size, type: file.type };
    });
    this.dispatch({ type: 'added', entries });
    // A refused file shows its reason in the composer at once and never starts an upload.
    entries.forEach((entry, i) => {
      const file = files[i];
      const error = file && this.deps.refuse?.(file);
      if (error) this.dispatch({ type: 'failed', id: entry.id, error });
    });
    this.pump();
  }

  /** An object URL of the local file for an image preview in the composer, made once per entry. */
  previewUrl(id: string): string | undefined {
    const held = this.previews.get(id);
    if (held) return held;
    const file = this.files.get(id);
    if (!file || !/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return undefined;
    const url = URL.createObjectURL(file);
    this.previews.set(id, url);
    return url;
  }

  cancel(id: string): void {
    this.dispatch({ type: 'cancelled', id });
    this.handles.get(id)?.abort();
    this.remove(id);
  }

  retry(id: string): void {
    this.dispatch({ type: 'retried', id });
    this.pump();
  }

  remove(id: string): void {
    this.handles.get(id)?.abort();
    this.forget([id]);
  }

  /** Takes a room's finished uploads for a send: they leave the composer, in the order attached. */
  take(roomId: string): Attachment[] {
    const ready = readyUploads(this.store.get(), roomId);
    this.forget(ready.map((e) => e.id));
    return ready.map((e) => e.attachment);
  }

  /** Stops everything (sign-out, unmount). */
  dispose(): void {
    for (const h of this.handles.values()) h.abort();
    this.forget(this.store.get().map((e) => e.id));
  }

  private forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.files.delete(id);
      this.handles.delete(id);
      const preview = this.previews.get(id);
      if (preview) URL.revokeObjectURL(preview);
      this.previews.delete(id);
    }
    this.dispatch({ type: 'removed', ids });
  }

  /** Starts queued uploads while there is room for them. */
  private pump(): void {
    for (const entry of nextToStart(this.store.get(), MAX_PARALLEL)) this.start(entry.id);
  }

  private start(id: string): void {
    const file = this.files.get(id);
    if (!file) return;
    if (!this.deps.isOnline()) {
      // Uploads need the network, unlike sends, which the outbox keeps: say so now rather than hang.
      this.dispatch({ type: 'failed', id, error: 'offline' });
      return;
    }
    this.dispatch({ type: 'started', id });
    const handle = this.deps.upload(file, (loaded, total) => this.dispatch({ type: 'progressed', id, loaded, total }));
    this.handles.set(id, handle);
    handle.promise.then(
      (attachment) => {
        if (this.handles.get(id) !== handle) return;
        this.handles.delete(id);
        this.deps.onUploaded?.(attachment, file);
        this.dispatch({ type: 'succeeded', id, attachment });
        this.pump();
      },
      (err: unknown) => {
        if (this.handles.get(id) === handle) this.handles.delete(id);
        const error = toUploadError(err);
        if (error === undefined) {
          this.dispatch({ type: 'cancelled', id });
        } else {
          if (error === 'unknown') reportError('upload failed', err);
          this.dispatch({ type: 'failed', id, error });
        }
        this.pump();
      },
    );
  }
}
