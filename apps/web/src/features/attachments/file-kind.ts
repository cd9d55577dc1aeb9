/** The families of files that get their own Font Awesome icon. */
export type FileFamily = 'pdf' | 'archive' | 'image' | 'audio' | 'video' | 'text' | 'generic';

const ICONS: Record<FileFamily, string> = {
  pdf: 'fa-file-pdf',
  archive: 'fa-file-zipper',
  image: 'fa-file-image',
  audio: 'fa-file-audio',
  video: 'fa-file-video',
  text: 'fa-file-lines',
  generic: 'fa-file',
};

const ARCHIVE_TYPES = new Set([
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
]);
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/x-yaml', 'application/yaml', 'application/rtf']);

const EXTENSIONS: Record<string, FileFamily> = {
  pdf: 'pdf',
  zip: 'archive', gz: 'archive', tgz: 'archive', tar: 'archive', '7z': 'archive', rar: 'archive', bz2: 'archive', xz: 'archive', zst: 'archive',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', svg: 'image', bmp: 'image', tif: 'image', tiff: 'image', heic: 'image', avif: 'image',
  mp3: 'audio', wav: 'audio', ogg: 'audio', oga: 'audio', flac: 'audio', m4a: 'audio', aac: 'audio', opus: 'audio',
  mp4: 'video', webm: 'video', mov: 'video', mkv: 'video', avi: 'video', m4v: 'video',
  txt: 'text', md: 'text', csv: 'text', log: 'text', json: 'text', xml: 'text', yaml: 'text', yml: 'text', rtf: 'text',
};

/**
 * Which family a file belongs to. The content type decides first (the server sniffs it from the bytes);
 * the extension is the fallback for the many files served as application/octet-stream.
 */
export function fileFamily(contentType: string, name: string): FileFamily {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/pdf') return 'pdf';
  if (ARCHIVE_TYPES.has(type)) return 'archive';
  const major = type.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  if (major === 'text' || TEXT_TYPES.has(type)) return 'text';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return EXTENSIONS[ext] ?? 'generic';
}

/** The Font Awesome class (solid style) for a file's family. */
export function fileIcon(contentType: string, name: string): string {
  return ICONS[fileFamily(contentType, name)];
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/**
 * A human size in binary steps (1 KB = 1024 bytes, as file managers show it), localised by Intl:
 * "980 bytes", "1.5 MB", "25 MB". One decimal below 10, none above, so sizes stay short.
 */
export function formatBytes(bytes: number, lang: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let digits = unit === 0 || value >= 10 ? 0 : 1;
  let rounded = Number(value.toFixed(digits));
  // 1023.7 KB would print as "1,024 KB": carry into the next unit instead.
  if (rounded >= 1024 && unit < UNITS.length - 1) {
    unit++;
    rounded = 1;
    digits = 1;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(rounded);
}
