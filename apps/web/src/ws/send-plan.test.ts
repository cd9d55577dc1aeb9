import { describe, expect, it } from 'vitest';
import { attachment } from '../features/attachments/attachment-fixture';
import { planMessages } from './send-plan';

const shape = (text: string, ids: Array<[string, 'image' | 'file']>) =>
  planMessages(text, ids.map(([id, kind]) => attachment(id, kind))).map((m) => ({ kind: m.kind, body: m.body, ids: m.attachments.map((a) => a.id) }));

describe('planMessages', () => {
  it('sends trimmed text alone as one text message, and nothing for blank text', () => {
    expect(shape('  hello \n', [])).toEqual([{ kind: 'text', body: 'hello', ids: [] }]);
    expect(shape('   ', [])).toEqual([]);
  });

  it('sends images as one image message with the text as caption', () => {
    expect(shape('look', [['a', 'image'], ['b', 'image']])).toEqual([{ kind: 'image', body: 'look', ids: ['a', 'b'] }]);
  });

  it('allows an empty caption', () => {
    expect(shape('', [['f', 'file']])).toEqual([{ kind: 'file', body: '', ids: ['f'] }]);
  });

  it('splits images and files into two messages, captioning the first only', () => {
    expect(shape('both', [['f', 'file'], ['a', 'image'], ['g', 'file']])).toEqual([
      { kind: 'image', body: 'both', ids: ['a'] },
      { kind: 'file', body: '', ids: ['f', 'g'] },
    ]);
  });

  it('never puts more than ten attachments in one message', () => {
    const ids = Array.from({ length: 12 }, (_, i): [string, 'image'] => [`i${i}`, 'image']);
    const plan = shape('many', ids);
    expect(plan.map((m) => m.ids.length)).toEqual([10, 2]);
    expect(plan.map((m) => m.body)).toEqual(['many', '']);
  });

  it('normalises the caption to NFC like text messages', () => {
    expect(shape('cafe\u0301', [['a', 'image']])[0]?.body).toBe('caf\u00e9');
  });
});
