import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RoomName, type RoomVisibility } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { navigate, roomPath } from '../../lib/router';
import { createAndFollow } from '../../ws/room-actions';
import { useChatController } from '../chat/useChat';

export function CreateRoomDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<RoomVisibility>('public');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!RoomName.safeParse(name).success) {
      setError(t('createRoom.invalidName'));
      return;
    }
    setBusy(true);
    try {
      const room = await createAndFollow(ctrl, { name, description, visibility });
      navigate(roomPath(room.id));
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('createRoom.title')} onClose={onClose} testId="create-room-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="mb-3">
          <label htmlFor="room-name" className="form-label">{t('createRoom.name')}</label>
          <input id="room-name" className="form-control" maxLength={80} required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="mb-3">
          <label htmlFor="room-description" className="form-label">{t('createRoom.description')}</label>
          <textarea id="room-description" className="form-control" rows={2} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="mb-3">
          <legend className="form-label fs-6">{t('createRoom.visibility')}</legend>
          {(['public', 'private'] as const).map((v) => (
            <div className="form-check" key={v}>
              <input className="form-check-input" type="radio" name="visibility" id={`visibility-${v}`} checked={visibility === v} onChange={() => setVisibility(v)} />
              <label className="form-check-label" htmlFor={`visibility-${v}`}>
                <i className={`fa-solid ${v === 'private' ? 'fa-lock' : 'fa-hashtag'} me-1`} aria-hidden="true" />
                {t(v === 'private' ? 'createRoom.privateHelp' : 'createRoom.publicHelp')}
              </label>
            </div>
          ))}
        </fieldset>
        {error && <div className="alert alert-danger py-2" role="alert">{error}</div>}
        <div className="d-flex justify-content-end gap-2">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-room-submit">{t('createRoom.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}
