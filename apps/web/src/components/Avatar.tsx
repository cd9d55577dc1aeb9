import { useState } from 'react';
import type { Avatar as AvatarImages } from '@parley/protocol';

interface AvatarProps {
  userId: string;
  name: string;
  /** The user's uploaded picture (public, immutable URLs); absent: the coloured initial. */
  avatar?: AvatarImages | undefined;
  size?: 'sm' | 'md' | 'lg';
}

/** CSS sizes of the three variants (see app.css), as attributes so the box is right before loading. */
const PIXELS = { sm: 32, md: 36, lg: 128 } as const;

/**
 * The user's picture, or a coloured initial whose colour comes from the user id, so it is stable and
 * needs no inline style. A picture that fails to load falls back to the initial.
 */
export function Avatar({ userId, name, avatar, size = 'md' }: AvatarProps) {
  const [brokenSrc, setBrokenSrc] = useState<string | undefined>();
  const src = avatar ? (size === 'lg' ? avatar.large : avatar.small) : undefined;
  const sizeClass = size === 'md' ? '' : ` avatar-${size}`;
  if (src && src !== brokenSrc) {
    const px = PIXELS[size];
    return <img className={`avatar avatar-img${sizeClass}`} src={src} alt="" width={px} height={px} onError={() => setBrokenSrc(src)} data-testid="avatar-img" />;
  }
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar-${Math.abs(hash) % 8}${sizeClass}`} aria-hidden="true">
      {initial}
    </span>
  );
}
