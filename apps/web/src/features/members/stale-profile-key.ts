import type { RoomState } from '../../ws/chat-state';

/**
 * A key that changes when the newest message shows its sender under a different name or picture than
 * the loaded member list: the sign that someone edited their profile and the list should be read
 * again. Empty while the two agree, so an unchanged profile never causes a reload.
 */
export function staleProfileKey(r: RoomState): string {
  if (!r.members) return '';
  for (let i = r.messages.length - 1; i >= 0; i--) {
    const sender = r.messages[i]?.sender;
    if (!sender) continue;
    const known = r.members.find((m) => m.user.id === sender.id);
    if (!known || (known.user.displayName === sender.displayName && known.user.avatar?.small === sender.avatar?.small)) return '';
    return `${sender.id}\n${sender.displayName}\n${sender.avatar?.small ?? ''}`;
  }
  return '';
}
