import sharp from 'sharp';
import type { ImageFormat } from './file-type.js';

/** The image is larger (in pixels) than allowed; found from its header, before any decoding. */
export class ImageTooLargeError extends Error {}
/** The bytes claim to be an image but cannot be decoded (truncated, corrupt). */
export class ImageUnreadableError extends Error {}

export interface PreparedImage {
  /** Re-encoded in its own format, orientation applied, every metadata block (EXIF, GPS, XMP) dropped. */
  served: Buffer;
  width: number;
  height: number;
  /** WebP, at most 480 px on its longest side. */
  thumbnail: Buffer;
  thumbnailWidth: number;
  thumbnailHeight: number;
}

const THUMBNAIL_PX = 480;

// libvips' operation cache keeps decoded images around; uploads are one-off, so keep it small.
sharp.cache({ memory: 32, items: 20, files: 0 });

function translate(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new ImageTooLargeError(message);
  return new ImageUnreadableError(message);
}

/** Image work with sharp; every decode is bounded by `maxPixels` and fails on any decoder warning. */
export function createImageProcessor({ maxPixels }: { maxPixels: number }) {
  const open = (input: string | Buffer, animated = false) =>
    sharp(input, { limitInputPixels: maxPixels, failOn: 'warning', animated });

  async function checkSize(path: string): Promise<{ pages: number }> {
    const meta = await open(path).metadata().catch((err: unknown) => {
      throw translate(err);
    });
    const width = meta.width ?? 0;
    const height = meta.pageHeight ?? meta.height ?? 0;
    if (width === 0 || height === 0) throw new ImageUnreadableError('image has no size');
    if (width * height > maxPixels) throw new ImageTooLargeError(`${width}x${height} is over the pixel limit`);
    return { pages: meta.pages ?? 1 };
  }

  return {
    async prepare(path: string, format: ImageFormat): Promise<PreparedImage> {
      const { pages } = await checkSize(path);
      const animated = pages > 1;
      try {
        let pipeline = open(path, animated);
        if (!animated) pipeline = pipeline.rotate(); // apply EXIF orientation before the EXIF goes
        const encoded =
          format === 'jpeg' ? pipeline.jpeg({ quality: 90, mozjpeg: true })
          : format === 'png' ? pipeline.png()
          : format === 'gif' ? pipeline.gif()
          : pipeline.webp({ quality: 90 });
        const served = await encoded.toBuffer({ resolveWithObject: true });
        const thumb = await sharp(served.data, { limitInputPixels: maxPixels })
          .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
        return {
          served: served.data,
          width: served.info.width,
          height: served.info.pageHeight ?? served.info.height,
          thumbnail: thumb.data,
          thumbnailWidth: thumb.info.width,
          thumbnailHeight: thumb.info.height,
        };
      } catch (err) {
        throw translate(err);
      }
    },

    /** Square avatars, cropped to the centre: 256 px and 64 px WebP. */
    async avatar(path: string): Promise<{ small: Buffer; large: Buffer }> {
      await checkSize(path);
      try {
        const square = (px: number) => open(path).rotate().resize(px, px, { fit: 'cover' }).webp({ quality: 85 }).toBuffer();
        const [large, small] = await Promise.all([square(256), square(64)]);
        return { small, large };
      } catch (err) {
        throw translate(err);
      }
    },
  };
}

export type ImageProcessor = ReturnType<typeof createImageProcessor>;
