import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../lib/router';
import { inviteLink, parseInviteLink } from './invite-link';

const ROOM = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('invite links', () => {
  it('round-trips room and code', () => {
    const link = inviteLink('https://chat.example.com', ROOM, 'abc_DEF-123');
    expect(link).toBe(`https://chat.example.com/invite/${ROOM}#abc_DEF-123`);
    expect(parseInviteLink(`  ${link}\n`)).toEqual({ roomId: ROOM, code: 'abc_DEF-123' });
  });

  it('rejects text that is not an invite link', () => {
    for (const text of ['abc', `https://x/rooms/${ROOM}#abc`, `https://x/invite/${ROOM}`, 'https://x/invite/not-a-uuid#abc', `https://x/invite/${ROOM}#a b`]) {
      expect(parseInviteLink(text)).toBeUndefined();
    }
  });

  it('is routed by the app when opened', () => {
    expect(parseRoute(`/invite/${ROOM}`, '#abc')).toEqual({ name: 'invite', roomId: ROOM, code: 'abc' });
    expect(parseRoute(`/rooms/${ROOM}`, '')).toEqual({ name: 'room', roomId: ROOM });
    expect(parseRoute('/whatever', '')).toEqual({ name: 'home' });
  });
});
