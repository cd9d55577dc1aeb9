import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { countedLength, fitsLength, invalidField } from './field-errors';

describe('invalidField', () => {
  it('names the body field of an invalid_request answer', () => {
    expect(invalidField(new ApiError('invalid_request', 'body.name: must be at most 80 characters', 400))).toBe('name');
    expect(invalidField(new ApiError('invalid_request', 'body.statusText: must be at most 100 characters', 400))).toBe('statusText');
  });

  it('is undefined for other errors and for messages that name no body field', () => {
    expect(invalidField(new ApiError('insufficient_role', 'body.name: no', 403))).toBeUndefined();
    expect(invalidField(new ApiError('invalid_request', 'Body is not valid JSON', 400))).toBeUndefined();
    expect(invalidField(new Error('body.name: x'))).toBeUndefined();
  });
});

describe('fitsLength', () => {
  it('counts code points after trimming, as the server does', () => {
    expect(fitsLength('   ', 1, 80)).toBe(false);
    expect(fitsLength(' 大厅 ', 1, 2)).toBe(true);
    expect(fitsLength('😀😀😀', 1, 3)).toBe(true);
    expect(fitsLength('😀😀😀😀', 1, 3)).toBe(false);
    expect(countedLength(' 会议室😀 ')).toBe(4);
  });
});
