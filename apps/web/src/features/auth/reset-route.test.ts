import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../lib/router';

describe('reset password route', () => {
  it('reads the token from the fragment of /reset-password', () => {
    expect(parseRoute('/reset-password', '#AbC_123-xyz')).toEqual({ name: 'reset-password', token: 'AbC_123-xyz' });
  });

  it('opens the page with an empty token when the fragment is missing, so it can say the link is incomplete', () => {
    expect(parseRoute('/reset-password/', '')).toEqual({ name: 'reset-password', token: '' });
  });

  it('leaves other paths alone', () => {
    expect(parseRoute('/reset-password-x', '#abc')).toEqual({ name: 'home' });
  });
});
