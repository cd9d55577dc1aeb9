import { describe, expect, it } from 'vitest';
import { attachment } from './attachment-fixture';
import { isUploading, nextToStart, percent, readyUploads, reduceUploads, visibleUploads, type UploadEntry, type UploadEvent } from './upload-queue';

const ROOM = 'room-1';
const OTHER_ROOM = 'room-2';

const added = (...ids: string[]): UploadEvent => ({
  type: 'added',
  entries: ids.map((id) => ({ id, roomId: id.startsWith('x') ? OTHER_ROOM : ROOM, name: `${id}.png`, size: 1000, type: 'image/png' })),
});

function run(...events: UploadEvent[]): readonly UploadEntry[] {
  return events.reduce<readonly UploadEntry[]>(reduceUploads, []);
}

const statuses = (entries: readonly UploadEntry[]) => entries.map((e) => `${e.id}:${e.status}`);

describe('upload queue state machine', () => {
  it('goes queued → uploading → done, tracking progress', () => {
    const a = attachment('att-a');
    let s = run(added('a'));
    expect(statuses(s)).toEqual(['a:queued']);
    s = reduceUploads(s, { type: 'started', id: 'a' });
    s = reduceUploads(s, { type: 'progressed', id: 'a', loaded: 250, total: 1000 });
    expect(s[0]).toMatchObject({ status: 'uploading', loaded: 250, total: 1000 });
    expect(percent(s[0]!)).toBe(25);
    s = reduceUploads(s, { type: 'succeeded', id: 'a', attachment: a });
    expect(s[0]).toMatchObject({ status: 'done', attachment: a, loaded: 1000 });
  });

  it('fails with a code and retries back to queued with the error cleared', () => {
    let s = run(added('a'), { type: 'started', id: 'a' }, { type: 'failed', id: 'a', error: 'network' });
    expect(s[0]).toMatchObject({ status: 'failed', error: 'network' });
    s = reduceUploads(s, { type: 'retried', id: 'a' });
    expect(s[0]).toMatchObject({ status: 'queued', loaded: 0, error: undefined });
  });

  it('can fail before it starts (offline)', () => {
    const s = run(added('a'), { type: 'failed', id: 'a', error: 'offline' });
    expect(statuses(s)).toEqual(['a:failed']);
  });

  it('cancels queued and running uploads, and ignores what a cancelled XHR still reports', () => {
    let s = run(added('a', 'b'), { type: 'started', id: 'a' }, { type: 'cancelled', id: 'a' }, { type: 'cancelled', id: 'b' });
    expect(statuses(s)).toEqual(['a:cancelled', 'b:cancelled']);
    const before = s;
    s = reduceUploads(s, { type: 'progressed', id: 'a', loaded: 10, total: 1000 });
    s = reduceUploads(s, { type: 'succeeded', id: 'a', attachment: attachment('late') });
    s = reduceUploads(s, { type: 'failed', id: 'a', error: 'network' });
    expect(s).toBe(before);
  });

  it('refuses transitions that skip a state', () => {
    const s = run(added('a'));
    expect(reduceUploads(s, { type: 'succeeded', id: 'a', attachment: attachment('x') })).toBe(s);
    expect(reduceUploads(s, { type: 'progressed', id: 'a', loaded: 1, total: 2 })).toBe(s);
    expect(reduceUploads(s, { type: 'retried', id: 'a' })).toBe(s);
    const done = run(added('a'), { type: 'started', id: 'a' }, { type: 'succeeded', id: 'a', attachment: attachment('x') });
    expect(reduceUploads(done, { type: 'cancelled', id: 'a' })).toBe(done);
    expect(reduceUploads(done, { type: 'started', id: 'a' })).toBe(done);
  });

  it('ignores unknown ids and removes entries by id', () => {
    const s = run(added('a', 'b', 'c'));
    expect(reduceUploads(s, { type: 'started', id: 'zzz' })).toBe(s);
    expect(statuses(reduceUploads(s, { type: 'removed', ids: ['a', 'c'] }))).toEqual(['b:queued']);
    expect(reduceUploads(s, { type: 'removed', ids: ['zzz'] })).toBe(s);
  });
});

describe('upload queue queries', () => {
  it('starts queued uploads oldest first up to the parallel limit', () => {
    const s = run(added('a', 'b', 'c', 'd', 'e'), { type: 'started', id: 'a' });
    expect(nextToStart(s, 3).map((e) => e.id)).toEqual(['b', 'c']);
    expect(nextToStart(s, 1)).toEqual([]);
  });

  it('knows when a room is still uploading, per room', () => {
    const s = run(added('a', 'xb'), { type: 'started', id: 'xb' }, { type: 'failed', id: 'a', error: 'network' });
    expect(isUploading(s, ROOM)).toBe(false);
    expect(isUploading(s, OTHER_ROOM)).toBe(true);
  });

  it('offers only finished uploads of the room, in attach order, and hides cancelled ones', () => {
    const s = run(
      added('a', 'b', 'xc', 'd'),
      { type: 'started', id: 'b' },
      { type: 'started', id: 'a' },
      { type: 'started', id: 'xc' },
      { type: 'succeeded', id: 'b', attachment: attachment('att-b') },
      { type: 'succeeded', id: 'xc', attachment: attachment('att-c') },
      { type: 'succeeded', id: 'a', attachment: attachment('att-a') },
      { type: 'cancelled', id: 'd' },
    );
    expect(readyUploads(s, ROOM).map((e) => e.attachment.id)).toEqual(['att-a', 'att-b']);
    expect(visibleUploads(s, ROOM).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('reports 0 % for an empty file and never more than 100 %', () => {
    expect(percent({ loaded: 0, total: 0 })).toBe(0);
    expect(percent({ loaded: 1200, total: 1000 })).toBe(100);
  });
});
