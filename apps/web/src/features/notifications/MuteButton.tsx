import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/useErrorText';
import type { RoomState } from '../../ws/chat-state';
import { setMuted } from '../../ws/room-actions';
import { useChatController } from '../chat/useChat';
import { useConversationName } from '../direct/useConversationName';

/** The room header's bell: mutes the room's notifications for this user on all their devices. */
export function MuteButton({ room: r }: { room: RoomState }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const { muted, id } = r.room;
  const name = useConversationName(r.room);
  const label = t(muted ? 'rooms.unmute' : 'rooms.mute', { name });

  async function toggle() {
    setBusy(true);
    setError(undefined);
    try {
      await setMuted(ctrl, id, !muted);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {error && <span className="text-danger small text-truncate" role="alert">{error}</span>}
      <button
        type="button"
        className={`btn btn-sm ${muted ? 'btn-secondary' : 'btn-outline-secondary'}`}
        onClick={() => void toggle()}
        disabled={busy}
        aria-pressed={muted}
        aria-label={t('rooms.muteShort')}
        title={label}
        data-testid="mute-room"
        data-muted={muted ? 'true' : 'false'}
      >
        <i className={`fa-solid ${muted ? 'fa-bell-slash' : 'fa-bell'}`} aria-hidden="true" />
      </button>
    </>
  );
}
