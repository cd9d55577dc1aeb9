import { describe, expect, it } from 'vitest';
import { inviteCodeFrom } from './invite-code';

describe('invite code from pasted text', () => {
  it('takes the code out of a whole invite link', () => {
    expect(inviteCodeFrom(' https://chat.example.org/invite/0f8c2a8e-1f7e-4c7a-9a51-6d2d3c1b9e10#Ab_9-x \n')).toBe('Ab_9-x');
  });

  it('accepts a bare code', () => {
    expect(inviteCodeFrom('Ab_9-xYz')).toBe('Ab_9-xYz');
  });

  it('refuses empty text and anything that is neither', () => {
    expect(inviteCodeFrom('   ')).toBeUndefined();
    expect(inviteCodeFrom('not a code')).toBeUndefined();
    expect(inviteCodeFrom('https://chat.example.org/rooms/x#abc')).toBeUndefined();
  });
});
