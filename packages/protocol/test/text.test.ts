import { describe, expect, it } from 'vitest';
import { MessageSend } from '../src/ws/client-frames.js';
import { CreateRoomBody, RoomName } from '../src/rest/rooms.js';
import { Bio, DisplayName, StatusText, UpdateMeBody, Username } from '../src/rest/users.js';
import { LoginBody, RegisterBody } from '../src/rest/auth.js';

const NAMES = [
  ['Username', Username],
  ['DisplayName', DisplayName],
  ['RoomName', RoomName],
  ['StatusText', StatusText],
] as const;

const INVISIBLE = [
  ['NUL', '\u0000'],
  ['a tab', '\t'],
  ['a line feed', '\n'],
  ['DEL', '\u007F'],
  ['a C1 control', '\u0085'],
  ['ZERO WIDTH SPACE', '\u200B'],
  ['ZERO WIDTH NON-JOINER', '\u200C'],
  ['ZERO WIDTH JOINER', '\u200D'],
  ['LEFT-TO-RIGHT MARK', '\u200E'],
  ['RIGHT-TO-LEFT MARK', '\u200F'],
  ['LEFT-TO-RIGHT EMBEDDING', '\u202A'],
  ['RIGHT-TO-LEFT OVERRIDE', '\u202E'],
  ['WORD JOINER', '\u2060'],
  ['LEFT-TO-RIGHT ISOLATE', '\u2066'],
  ['POP DIRECTIONAL ISOLATE', '\u2069'],
  ['ARABIC LETTER MARK', '\u061C'],
  ['a BOM', '\uFEFF'],
] as const;

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => result.error?.issues[0]?.message;

describe('names', () => {
  for (const [schema, type] of NAMES) {
    it.each(INVISIBLE)(`refuses %s inside a ${schema}`, (_what, ch) => {
      const result = type.safeParse(`ab${ch}cd`);
      expect(result.success).toBe(false);
      expect(messageOf(result)).toBe('must not contain control, zero-width or bidi control characters');
    });
  }

  it.each(NAMES)('refuses a lone surrogate in a %s, saying why', (_schema, type) => {
    for (const s of ['ab\uD800cd', 'ab\uDC00', '\uDBFFab']) {
      expect(messageOf(type.safeParse(s))).toBe('must be valid Unicode text (it contains a lone surrogate)');
    }
  });

  it('normalises names to NFC, so a decomposed é and a composed é are the same name', () => {
    const decomposed = 'Cafe\u0301';
    expect(Username.parse(decomposed)).toBe('Caf\u00E9');
    expect(DisplayName.parse(decomposed)).toBe('Caf\u00E9');
    expect(RoomName.parse(decomposed)).toBe('Caf\u00E9');
  });

  it('accepts right-to-left and CJK names written with ordinary letters, counting code points', () => {
    expect(DisplayName.parse('سارة')).toBe('سارة');
    expect(RoomName.parse('שלום עולם')).toBe('שלום עולם');
    expect(Username.parse('王伟')).toBe('王伟');
    expect(DisplayName.parse('😀'.repeat(64))).toBe('😀'.repeat(64));
    expect(DisplayName.safeParse('😀'.repeat(65)).success).toBe(false);
    // An emoji with a zero-width joiner is one picture but is refused in a name: ZWJ is invisible.
    expect(DisplayName.safeParse('👩\u200D💻').success).toBe(false);
  });

  it('names the field of a bad name in a request body', () => {
    const result = RegisterBody.safeParse({ username: 'alice\u202Eecila', password: 'long enough password' });
    expect(result.error?.issues[0]?.path).toEqual(['username']);
    const room = CreateRoomBody.safeParse({ name: 'general\u200B' });
    expect(room.error?.issues[0]?.path).toEqual(['name']);
    const me = UpdateMeBody.safeParse({ displayName: 'admin\u2066' });
    expect(me.error?.issues[0]?.path).toEqual(['displayName']);
  });
});

describe('usernames', () => {
  it.each([
    ['full-width letters', 'ａｌｉｃｅ', 'must not use full-width or other compatibility characters'],
    ['a ligature', 'oﬃce', 'must not use full-width or other compatibility characters'],
    ['a circled digit', 'user①', 'must not use full-width or other compatibility characters'],
    ['a Cyrillic а among Latin letters', '\u0430lice', 'must not mix Latin letters with Cyrillic or Greek ones'],
    ['a Greek ο among Latin letters', 'b\u03bfb', 'must not mix Latin letters with Cyrillic or Greek ones'],
  ])('refuses %s', (_what, name, message) => {
    expect(messageOf(Username.safeParse(name))).toBe(message);
  });

  it.each(['alice', 'Алиса', 'Ελένη', '王伟', 'wang王', 'mañana', 'jürgen_2', 'تامر'])('accepts %s', (name) => {
    expect(Username.parse(name)).toBe(name);
  });
});

describe('free text', () => {
  it('keeps bidi marks and line breaks in message bodies and bios, for pasted right-to-left text', () => {
    const body = 'quote: \u202Bمرحبا\u202C\nsecond line';
    const frame = MessageSend.parse({ type: 'message.send', roomId: '8b0f5f8e-3f3b-4c7e-9a43-1b2c3d4e5f60', clientMsgId: 'a', body });
    expect(frame.body).toBe(body);
    expect(Bio.parse('line one\nline two \u200F')).toBe('line one\nline two \u200F');
  });

  it('refuses a lone surrogate in a message body, naming the body', () => {
    const result = MessageSend.safeParse({ type: 'message.send', roomId: '8b0f5f8e-3f3b-4c7e-9a43-1b2c3d4e5f60', clientMsgId: 'a', body: 'hi \uD83D there' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['body'], message: 'must be valid Unicode text (it contains a lone surrogate)' });
  });

  it.each([
    ['NUL', '\u0000'],
    ['an escape sequence', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u009b'],
  ])('refuses %s in free text, which PostgreSQL could not store or a terminal would act on', (_what, ch) => {
    for (const type of [Bio, MessageSend.shape.body]) {
      expect(messageOf(type.safeParse(`a${ch}b`))).toBe('must not contain control characters other than tab and line breaks');
    }
  });

  it('keeps tabs, line feeds and carriage returns in free text', () => {
    expect(Bio.parse('a\tb\r\nc')).toBe('a\tb\r\nc');
  });

  it('refuses NUL in a login username but says nothing else about its format', () => {
    expect(LoginBody.safeParse({ username: 'a\u0000b', password: 'x' }).error?.issues[0]).toMatchObject({ path: ['username'], message: 'must not contain NUL' });
    expect(LoginBody.safeParse({ username: 'a b\u202E!', password: 'x' }).success).toBe(true);
  });

  it('accepts a surrogate pair (an emoji) everywhere', () => {
    expect(Bio.parse('😀')).toBe('😀');
    expect(RoomName.parse('😀 room')).toBe('😀 room');
  });
});
