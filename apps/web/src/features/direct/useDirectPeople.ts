import type { User, UserRef } from '@parley/protocol';
import type { RoomState } from '../../ws/chat-state';
import { useChatState } from '../chat/useChat';
import { directPeers } from './direct-name';
import { useConversationName } from './useConversationName';

/** Whether the other person of a 1:1 is online: live presence while subscribed, else the list's count (me included). */
export function isPeerOnline(r: RoomState, peerId: string, meOnline: boolean): boolean {
  if (r.subscribed) return r.onlineUserIds.includes(peerId);
  return r.room.onlineCount > (meOnline ? 1 : 0);
}

/** What the sidebar row and the header show of a direct conversation. */
export interface DirectPeople {
  me: User;
  /** The other people's names in the UI language. */
  name: string;
  peers: UserRef[];
  /** The other person of a 1:1; undefined in a group. */
  only: UserRef | undefined;
  /** Whether that person is online; undefined in a group. */
  online: boolean | undefined;
}

export function useDirectPeople(r: RoomState): DirectPeople {
  const me = useChatState((s) => s.me);
  const connected = useChatState((s) => s.connection === 'connected');
  const name = useConversationName(r.room);
  const peers = directPeers(r.room, me.id);
  const only = peers.length === 1 ? peers[0] : undefined;
  const online = only ? isPeerOnline(r, only.id, connected) : undefined;
  return { me, name, peers, only, online };
}
