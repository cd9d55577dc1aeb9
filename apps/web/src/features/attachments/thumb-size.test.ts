import { describe, expect, it } from 'vitest';
import { fitWithin, gridColumns, thumbSize } from './thumb-size';

describe('thumbnail sizes', () => {
  it('scales down into the box keeping the aspect ratio, never up', () => {
    expect(fitWithin({ width: 480, height: 360 }, { width: 360, height: 300 })).toEqual({ width: 360, height: 270 });
    expect(fitWithin({ width: 270, height: 480 }, { width: 360, height: 300 })).toEqual({ width: 169, height: 300 });
    expect(fitWithin({ width: 100, height: 50 }, { width: 360, height: 300 })).toEqual({ width: 100, height: 50 });
  });

  it('keeps extreme panoramas at least one pixel high', () => {
    expect(fitWithin({ width: 480, height: 1 }, { width: 360, height: 300 })).toEqual({ width: 360, height: 1 });
  });

  it('uses the thumbnail size, else the image size, else a fallback', () => {
    expect(thumbSize({ thumbnailWidth: 480, thumbnailHeight: 360, width: 4000, height: 3000 })).toEqual({ width: 360, height: 270 });
    expect(thumbSize({ thumbnailWidth: null, thumbnailHeight: null, width: 200, height: 100 })).toEqual({ width: 200, height: 100 });
    expect(thumbSize({ thumbnailWidth: null, thumbnailHeight: null, width: null, height: null })).toEqual({ width: 240, height: 180 });
  });

  it('lays out pairs and quads two across and other sets three across', () => {
    expect([1, 2, 3, 4, 5, 9, 10].map(gridColumns)).toEqual([1, 2, 3, 2, 3, 3, 3]);
  });
});
