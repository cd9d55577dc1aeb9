import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { formatExact } from '../../lib/relative-time';
import { editVersions, type EditVersion } from './edit-versions';
import { listEdits } from './message-changes-api';

/** Every version of a message's text, for the room's owner and admins (moderation). Bodies are plain text. */
export function EditHistoryDialog({ message, onClose }: { message: Message; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [versions, setVersions] = useState<EditVersion[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    listEdits(message.roomId, message.id).then(
      (edits) => live && setVersions(editVersions(message, edits)),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [message, errorText]);

  const time = (iso: string) => formatExact(Date.parse(iso), i18n.language);
  const label = (v: EditVersion) =>
    v.kind === 'original' ? t('editHistory.original', { time: time(v.at) }) : v.kind === 'edited' ? t('editHistory.editedBy', { name: v.by.displayName, time: time(v.at) }) : t('editHistory.deletedBy', { name: v.by.displayName, time: time(v.at) });

  return (
    <Modal title={t('editHistory.title')} onClose={onClose} testId="edit-history-dialog">
      {error && <div className="alert alert-danger py-2 mb-0" role="alert">{error}</div>}
      {!error && !versions && (
        <p className="text-body-secondary mb-0" role="status">
          <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          {t('editHistory.loading')}
        </p>
      )}
      {versions && (
        <ol className="list-unstyled mb-0 edit-history">
          {versions.map((v, i) => (
            <li key={i} className="edit-version py-2" data-testid="edit-version" data-kind={v.kind}>
              <div className="small text-body-secondary d-flex flex-wrap gap-2">
                <span>{label(v)}</span>
                {i === versions.length - 1 && v.kind !== 'deleted' && <span className="badge text-bg-secondary">{t('editHistory.current')}</span>}
              </div>
              {v.kind !== 'deleted' && <div className="edit-version-body">{v.body === '' ? t('editHistory.emptyBody') : v.body}</div>}
            </li>
          ))}
        </ol>
      )}
    </Modal>
  );
}
