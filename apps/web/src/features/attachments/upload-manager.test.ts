import type { Attachment } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { UploadAbortedError, type UploadHandle } from '../../api/upload-request';
import { UploadManager } from './upload-manager';
import { attachment } from './attachment-fixture';
import type { UploadErrorCode } from './upload-queue';

interface FakeUpload {
  name: string;
  resolve(a: Attachment): void;
  reject(err: unknown): void;
  progress(loaded: number, total: number): void;
  aborted: boolean;
}

function setup(online = true, refuse?: (file: File) => UploadErrorCode | undefined) {
  const calls: FakeUpload[] = [];
  const uploaded: string[] = [];
  const manager = new UploadManager({
    isOnline: () => online,
    ...(refuse && { refuse }),
    onUploaded: (a) => uploaded.push(a.id),
    upload(file, onProgress): UploadHandle<Attachment> {
      let resolve!: (a: Attachment) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<Attachment>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const call: FakeUpload = { name: file.name, resolve, reject, progress: onProgress, aborted: false };
      calls.push(call);
      return {
        promise,
        abort() {
          call.aborted = true;
          reject(new UploadAbortedError());
        },
      };
    },
  });
  return { manager, calls, uploaded };
}

const file = (name: string, type = 'image/png') => new File([new Uint8Array(100)], name, { type });
const tick = () => new Promise((r) => setTimeout(r, 0));
const statuses = (m: UploadManager) => m.store.get().map((e) => `${e.name}:${e.status}`);

describe('UploadManager', () => {
  it('runs at most three uploads at once and starts the next when one finishes', async () => {
    const { manager, calls, uploaded } = setup();
    manager.add('r', ['1', '2', '3', '4'].map((n) => file(`${n}.png`)));
    expect(calls.map((c) => c.name)).toEqual(['1.png', '2.png', '3.png']);
    expect(statuses(manager)).toEqual(['1.png:uploading', '2.png:uploading', '3.png:uploading', '4.png:queued']);
    calls[0]!.progress(50, 100);
    expect(manager.store.get()[0]?.loaded).toBe(50);
    calls[0]!.resolve(attachment('att-1'));
    await tick();
    expect(uploaded).toEqual(['att-1']);
    expect(calls.map((c) => c.name)).toEqual(['1.png', '2.png', '3.png', '4.png']);
  });

  it('fails a refused file at once without sending it, and still uploads the others', () => {
    const { manager, calls } = setup(true, (f) => (f.name === 'big.png' ? 'payload_too_large' : undefined));
    manager.add('r', [file('big.png'), file('ok.png')]);
    expect(calls.map((c) => c.name)).toEqual(['ok.png']);
    expect(statuses(manager)).toEqual(['big.png:failed', 'ok.png:uploading']);
    expect(manager.store.get()[0]?.error).toBe('payload_too_large');
  });

  it('hands finished uploads to one send only, and keeps the unfinished ones', async () => {
    const { manager, calls } = setup();
    manager.add('r', [file('a.png'), file('b.pdf', 'application/pdf')]);
    calls[0]!.resolve(attachment('att-a'));
    await tick();
    expect(manager.take('r').map((a) => a.id)).toEqual(['att-a']);
    expect(manager.take('r')).toEqual([]);
    expect(statuses(manager)).toEqual(['b.pdf:uploading']);
  });

  it('cancels by aborting the request and dropping the entry', async () => {
    const { manager, calls } = setup();
    manager.add('r', [file('a.png')]);
    manager.cancel(manager.store.get()[0]!.id);
    await tick();
    expect(calls[0]?.aborted).toBe(true);
    expect(manager.store.get()).toEqual([]);
  });

  it('keeps a failure with its code, and a retry uploads the same file again', async () => {
    const { manager, calls } = setup();
    manager.add('r', [file('a.png')]);
    calls[0]!.reject(new ApiError('payload_too_large', 'too large', 413));
    await tick();
    expect(manager.store.get()[0]).toMatchObject({ status: 'failed', error: 'payload_too_large' });
    manager.retry(manager.store.get()[0]!.id);
    expect(calls.map((c) => c.name)).toEqual(['a.png', 'a.png']);
    expect(statuses(manager)).toEqual(['a.png:uploading']);
  });

  it('fails at once offline without trying the network', () => {
    const { manager, calls } = setup(false);
    manager.add('r', [file('a.png')]);
    expect(calls).toEqual([]);
    expect(manager.store.get()[0]).toMatchObject({ status: 'failed', error: 'offline' });
  });
});
