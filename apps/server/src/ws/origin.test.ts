import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin.js';

describe('isOriginAllowed', () => {
  it('accepts the server own origin when no allow-list is set', () => {
    expect(isOriginAllowed('http://localhost:8000', 'localhost:8000', [])).toBe(true);
  });
  it('rejects a foreign origin when no allow-list is set', () => {
    expect(isOriginAllowed('https://evil.example', 'localhost:8000', [])).toBe(false);
  });
  it('rejects a lookalike host that only shares a prefix', () => {
    expect(isOriginAllowed('http://localhost:8000.evil.example', 'localhost:8000', [])).toBe(false);
  });
  it('uses the allow-list when one is set', () => {
    const allowed = ['https://chat.example.com'];
    expect(isOriginAllowed('https://chat.example.com', 'internal:8000', allowed)).toBe(true);
    expect(isOriginAllowed('http://chat.example.com', 'internal:8000', allowed)).toBe(false);
    expect(isOriginAllowed('http://internal:8000', 'internal:8000', allowed)).toBe(false);
  });
  it('rejects a malformed or opaque origin', () => {
    expect(isOriginAllowed('null', 'localhost:8000', [])).toBe(false);
    expect(isOriginAllowed('not a url', 'localhost:8000', [])).toBe(false);
  });
  it('lets clients without an Origin header through to token authentication', () => {
    expect(isOriginAllowed(undefined, 'localhost:8000', [])).toBe(true);
  });
});
