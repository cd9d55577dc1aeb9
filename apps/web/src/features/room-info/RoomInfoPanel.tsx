import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import type { RoomState } from '../../ws/chat-state';
import { jumpToMessage } from '../chat/jump-loader';
import { useChatController } from '../chat/useChat';
import { PinnedMessages } from './PinnedMessages';

/**
 * About a room: its name, who may see it, its description and member count, and its pinned
 * messages (a press shows one in the conversation, loading it from history if needed; owners and
 * admins can unpin). All of it is rendered as text.
 */
export function RoomInfoPanel({ room: r, name, onClose }: { room: RoomState; name: string; onClose(): void }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const { room } = r;
  const canUnpin = room.myRole === 'owner' || room.myRole === 'admin';

  const jump = (seq: number) => {
    onClose();
    void jumpToMessage(ctrl, room.id, seq);
  };

  return (
    <Modal title={t('roomInfo.title')} onClose={onClose} testId="room-info">
      <section className="mb-4" aria-label={name}>
        <h3 className="h5 d-flex align-items-center gap-2 mb-1 text-break">
          <i className={`fa-solid ${room.visibility === 'private' ? 'fa-lock' : 'fa-hashtag'} text-body-secondary`} aria-hidden="true" />
          <span data-testid="room-info-name">{name}</span>
        </h3>
        <p className="small text-body-secondary mb-2">
          {t(room.visibility === 'private' ? 'rooms.private' : 'rooms.public')} · {t('roomInfo.members', { count: room.memberCount })}
        </p>
        <h4 className="small fw-semibold text-body-secondary text-uppercase mb-1">{t('roomInfo.description')}</h4>
        <p className="mb-0 edit-version-body" data-testid="room-info-description">
          {room.description !== '' ? room.description : <span className="text-body-secondary">{t('roomInfo.noDescription')}</span>}
        </p>
      </section>
      <PinnedMessages roomId={room.id} canUnpin={canUnpin} onJump={jump} />
    </Modal>
  );
}
