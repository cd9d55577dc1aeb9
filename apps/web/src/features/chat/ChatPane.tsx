import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/useErrorText';
import { joinAndFollow } from '../../ws/room-actions';
import { useAttachments } from '../attachments/useAttachments';
import { useFileDrop } from '../attachments/useFileDrop';
import { MemberPanel } from '../members/MemberPanel';
import { useDrawerFocus } from '../rooms/useDrawerFocus';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { RoomHeader } from './RoomHeader';
import { TypingIndicator } from './TypingIndicator';
import { useChatController, useChatState } from './useChat';
import { useConversationName } from '../direct/useConversationName';

const WIDE = '(min-width: 1200px)';
/** Below Bootstrap's xl breakpoint the member list is an off-canvas drawer. */
const MEMBERS_DRAWER = '(max-width: 1199.98px)';
const memberPanel = () => document.querySelector<HTMLElement>('[data-testid="member-panel"]');

/** One open room: header, timeline with pending sends, typing line, composer (or Join), members; files dropped on it are attached. */
export function ChatPane({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const r = useChatState((s) => s.rooms[roomId]);
  const me = useChatState((s) => s.me);
  const outbox = useChatState((s) => s.outbox);
  const connection = useChatState((s) => s.connection);
  const [membersOpen, setMembersOpen] = useState(() => window.matchMedia(WIDE).matches);
  const [joinError, setJoinError] = useState<string | undefined>();
  const { uploads } = useAttachments();
  const isMember = r?.room.myRole != null;
  const name = useConversationName(r?.room);
  const drop = useFileDrop((files) => uploads.add(roomId, files), isMember);
  useDrawerFocus(membersOpen && isMember, () => setMembersOpen(false), memberPanel, MEMBERS_DRAWER);
  if (!r) return null;

  const pending = outbox.filter((i) => i.roomId === roomId);

  async function join() {
    try {
      await joinAndFollow(ctrl, roomId);
    } catch (err) {
      setJoinError(errorText(err));
    }
  }

  return (
    <section className="d-flex flex-grow-1 min-h-0 min-w-0" aria-label={name} data-testid="chat-pane">
      <div className="d-flex flex-column flex-grow-1 min-w-0 position-relative" {...drop.handlers}>
        {drop.dragging && (
          <div className="drop-overlay" data-testid="drop-overlay">
            <span>
              <i className="fa-solid fa-cloud-arrow-up fa-2x d-block mb-2" aria-hidden="true" />
              {t('uploads.dropHere', { name })}
            </span>
          </div>
        )}
        <RoomHeader room={r} membersOpen={membersOpen} onToggleMembers={() => setMembersOpen((o) => !o)} />
        <MessageList room={r} pending={pending} me={me} connected={connection === 'connected'} />
        <TypingIndicator typing={r.typing} />
        {isMember ? (
          <Composer roomId={roomId} roomName={name} offline={connection === 'offline'} />
        ) : (
          <div className="border-top p-3 d-flex flex-wrap align-items-center gap-2 justify-content-between">
            <span className="text-body-secondary">{t('chat.notMember')}</span>
            {joinError && <span className="text-danger small">{joinError}</span>}
            <button type="button" className="btn btn-primary" onClick={() => void join()} data-testid="join-from-preview">
              {t('chat.joinToChat')}
            </button>
          </div>
        )}
      </div>
      {isMember && <MemberPanel room={r} meId={me.id} myAvatar={me.avatar} connected={connection === 'connected'} open={membersOpen} onClose={() => setMembersOpen(false)} />}
    </section>
  );
}
