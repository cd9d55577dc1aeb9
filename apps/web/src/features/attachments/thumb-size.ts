import type { Attachment } from '@parley/protocol';

/** A single image in a message is shown at most this big (CSS px); it shrinks further on narrow screens. */
export const SINGLE_MAX = { width: 360, height: 300 } as const;
/** Stand-in size for an image whose dimensions the server did not report. */
const FALLBACK = { width: 240, height: 180 } as const;

export interface Size {
  width: number;
  height: number;
}

/** Scales a size down (never up) to fit the box, keeping its aspect ratio; at least 1 px each way. */
export function fitWithin(size: Size, box: Size): Size {
  if (size.width <= 0 || size.height <= 0) return { ...box };
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/**
 * The width/height attributes of an image attachment's thumbnail. Given before the bytes arrive, they
 * reserve the space (the browser derives the aspect ratio from them), so the timeline never jumps.
 */
export function thumbSize(a: Pick<Attachment, 'thumbnailWidth' | 'thumbnailHeight' | 'width' | 'height'>, box: Size = SINGLE_MAX): Size {
  const width = a.thumbnailWidth ?? a.width;
  const height = a.thumbnailHeight ?? a.height;
  if (!width || !height) return fitWithin(FALLBACK, box);
  return fitWithin({ width, height }, box);
}

/** Columns of the grid for several images: pairs stay side by side, larger sets go three across. */
export function gridColumns(count: number): 1 | 2 | 3 {
  if (count <= 1) return 1;
  if (count === 2 || count === 4) return 2;
  return 3;
}
