import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { useChatController, useChatState } from '../chat/useChat';
import { openDirect } from './direct-api';

/** A sender's name that opens their card (picture, name, username and a Message button). */
export function UserNameButton({ user }: { user: UserRef }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-link p-0 border-0 fw-semibold text-reset text-decoration-none text-truncate user-name-button" onClick={() => setOpen(true)} data-testid="sender-name">
        {user.displayName}
      </button>
      {open && <UserCard user={user} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Who someone is, and a way to message them directly (not offered on one's own card). */
export function UserCard({ user, onClose }: { user: UserRef; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const meId = useChatState((s) => s.me.id);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function message() {
    setBusy(true);
    setError(undefined);
    try {
      await openDirect(ctrl, [user.id]);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={user.displayName} onClose={onClose} testId="user-card">
      <div className="d-flex flex-column align-items-center text-center gap-2">
        <Avatar userId={user.id} name={user.displayName} avatar={user.avatar} size="lg" />
        <div className="fs-5 fw-semibold text-break">{user.displayName}</div>
        <div className="text-body-secondary text-break">@{user.username}</div>
        {error && <div className="alert alert-danger py-2 w-100 mb-0" role="alert">{error}</div>}
        {user.id !== meId && (
          <button type="button" className="btn btn-primary mt-2" onClick={() => void message()} disabled={busy} data-testid="user-card-message">
            <i className="fa-solid fa-comment me-2" aria-hidden="true" />
            {t('direct.message')}
          </button>
        )}
      </div>
    </Modal>
  );
}
