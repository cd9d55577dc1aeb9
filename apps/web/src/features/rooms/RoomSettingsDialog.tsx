import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Room } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { updateDetails } from '../../ws/room-actions';
import { InvitePanel } from '../chat/InviteDialog';
import { useChatController } from '../chat/useChat';
import { BansSection } from './BansSection';
import { countedLength, fitsLength, invalidField } from './field-errors';
import { InvitesSection } from './InvitesSection';
import { TransferOwnershipDialog } from './TransferOwnershipDialog';
import { WebhooksSection } from './WebhooksSection';

const NAME_MAX = 80;
const DESCRIPTION_MAX = 500;

type Field = 'name' | 'description';

/**
 * Owners and admins rename the room, change its description, invite people to a private room and
 * revoke invites, and lift bans; the owner also hands the room over here.
 */
export function RoomSettingsDialog({ room, onClose }: { room: Room; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [name, setName] = useState(room.name);
  const [description, setDescription] = useState(room.description);
  const [fieldError, setFieldError] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<'idle' | 'busy' | 'saved'>('idle');
  const [invitesVersion, setInvitesVersion] = useState(0);
  const [transferring, setTransferring] = useState(false);

  const changed = name.trim() !== room.name || description.trim() !== room.description;
  const fieldMessage: Record<Field, string> = { name: t('roomSettings.nameInvalid'), description: t('roomSettings.descriptionInvalid') };

  async function save(e: FormEvent) {
    e.preventDefault();
    const invalid: Partial<Record<Field, string>> = {};
    if (!fitsLength(name, 1, NAME_MAX)) invalid.name = fieldMessage.name;
    if (!fitsLength(description, 0, DESCRIPTION_MAX)) invalid.description = fieldMessage.description;
    setFieldError(invalid);
    setError(undefined);
    if (Object.keys(invalid).length > 0 || !changed) return;
    setStatus('busy');
    try {
      const body = {
        ...(name.trim() !== room.name && { name }),
        ...(description.trim() !== room.description && { description }),
      };
      const saved = await updateDetails(ctrl, room.id, body);
      setName(saved.name);
      setDescription(saved.description);
      setStatus('saved');
    } catch (err) {
      const field = invalidField(err);
      if (field === 'name' || field === 'description') setFieldError({ [field]: fieldMessage[field] });
      else setError(errorText(err));
      setStatus('idle');
    }
  }

  const edited = (set: (v: string) => void) => (v: string) => {
    set(v);
    if (status === 'saved') setStatus('idle');
  };

  // One dialog at a time (Escape and focus belong to the top one): settings come back after.
  if (transferring && room.myRole === 'owner') return <TransferOwnershipDialog room={room} onClose={() => setTransferring(false)} />;

  return (
    <Modal
      title={t('roomSettings.title')}
      onClose={onClose}
      testId="room-settings-dialog"
      footer={
        <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <form onSubmit={(e) => void save(e)} noValidate>
        <div className="mb-3">
          <label htmlFor="room-settings-name" className="form-label">{t('roomSettings.name')}</label>
          <input
            id="room-settings-name"
            className={`form-control${fieldError.name ? ' is-invalid' : ''}`}
            value={name}
            onChange={(e) => edited(setName)(e.target.value)}
            aria-invalid={fieldError.name ? true : undefined}
            aria-describedby={fieldError.name ? 'room-settings-name-error' : undefined}
            autoComplete="off"
            data-testid="room-settings-name"
          />
          {fieldError.name && <div id="room-settings-name-error" className="invalid-feedback" data-testid="room-settings-name-error">{fieldError.name}</div>}
        </div>
        <div className="mb-3">
          <div className="d-flex justify-content-between align-items-baseline">
            <label htmlFor="room-settings-description" className="form-label">{t('roomSettings.description')}</label>
            <span className={`small ${countedLength(description) > DESCRIPTION_MAX ? 'text-danger' : 'text-body-secondary'}`} aria-hidden="true">
              {t('roomSettings.counter', { count: countedLength(description), max: DESCRIPTION_MAX })}
            </span>
          </div>
          <textarea
            id="room-settings-description"
            className={`form-control${fieldError.description ? ' is-invalid' : ''}`}
            rows={3}
            value={description}
            onChange={(e) => edited(setDescription)(e.target.value)}
            aria-invalid={fieldError.description ? true : undefined}
            aria-describedby={fieldError.description ? 'room-settings-description-error' : 'room-settings-description-help'}
            data-testid="room-settings-description"
          />
          {fieldError.description ? (
            <div id="room-settings-description-error" className="invalid-feedback" data-testid="room-settings-description-error">{fieldError.description}</div>
          ) : (
            <div id="room-settings-description-help" className="form-text">{t('roomSettings.descriptionHelp')}</div>
          )}
        </div>
        <div className="d-flex flex-wrap align-items-center gap-2">
          <button type="submit" className="btn btn-primary" disabled={status === 'busy' || !changed} data-testid="room-settings-save">
            {t('roomSettings.save')}
          </button>
          <span role="status" className="small text-success">
            {status === 'saved' && (
              <>
                <i className="fa-solid fa-check me-1" aria-hidden="true" />
                {t('roomSettings.saved')}
              </>
            )}
          </span>
        </div>
        {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="room-settings-error">{error}</div>}
      </form>
      {room.visibility === 'private' && (
        <section className="border-top mt-4 pt-3" aria-labelledby="room-settings-invite">
          <h3 id="room-settings-invite" className="h6 fw-semibold">{t('roomSettings.inviteSection')}</h3>
          <p className="small text-body-secondary">{t('roomSettings.inviteHelp')}</p>
          <InvitePanel roomId={room.id} onCreated={() => setInvitesVersion((v) => v + 1)} />
        </section>
      )}
      {room.visibility === 'private' && <InvitesSection roomId={room.id} version={invitesVersion} />}
      <BansSection roomId={room.id} />
      {room.type !== 'direct' && <WebhooksSection roomId={room.id} />}
      {room.myRole === 'owner' && (
        <section className="border-top mt-4 pt-3" aria-labelledby="room-settings-transfer">
          <h3 id="room-settings-transfer" className="h6 fw-semibold">{t('moderation.transferSection')}</h3>
          <p className="small text-body-secondary">{t('moderation.transferHelp')}</p>
          <button type="button" className="btn btn-outline-secondary" onClick={() => setTransferring(true)} data-testid="open-transfer">
            <i className="fa-solid fa-crown me-2" aria-hidden="true" />
            {t('moderation.transferOpen')}
          </button>
        </section>
      )}
    </Modal>
  );
}
