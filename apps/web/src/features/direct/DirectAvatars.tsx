import type { UserRef } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';

/** The other people's pictures: one for a 1:1, two overlapping for a group, with a presence dot for a 1:1. */
export function DirectAvatars({ peers, online, fallback }: { peers: readonly UserRef[]; online?: boolean; fallback: UserRef }) {
  const [first, second] = peers.length > 0 ? peers : [fallback];
  if (!first) return null;
  return (
    <span className={`direct-avatars position-relative flex-shrink-0${second ? ' group' : ''}`} aria-hidden="true">
      <Avatar userId={first.id} name={first.displayName} avatar={first.avatar} size="sm" />
      {second && <Avatar userId={second.id} name={second.displayName} avatar={second.avatar} size="sm" />}
      {!second && online !== undefined && <span className={`presence-dot ${online ? 'bg-success' : 'bg-secondary'}`} data-testid="direct-presence" data-online={online ? 'true' : 'false'} />}
    </span>
  );
}
