/** A coloured initial; the colour comes from the user id, so it is stable and needs no inline style. */
export function Avatar({ userId, name }: { userId: string; name: string }) {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar-${Math.abs(hash) % 8}`} aria-hidden="true">
      {initial}
    </span>
  );
}
