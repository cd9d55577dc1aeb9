import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { deleteAvatar, uploadAvatar } from '../../api/me';
import { updateSessionUser } from '../../api/session-store';
import type { UploadHandle } from '../../api/upload-request';
import { Avatar } from '../../components/Avatar';
import { toUploadError, uploadErrorKey } from '../attachments/upload-error';

type Busy = { kind: 'upload'; percent: number } | { kind: 'remove' } | undefined;

/** Upload, replace or remove the signed-in user's picture; the server crops it square. */
export function AvatarEditor({ me }: { me: User }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const running = useRef<UploadHandle<User> | undefined>(undefined);
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<string | undefined>();

  // Closing the dialog mid-upload cancels it.
  useEffect(() => () => running.current?.abort(), []);

  async function upload(file: File) {
    setError(undefined);
    if (!navigator.onLine) {
      setError(t('uploads.offline'));
      return;
    }
    setBusy({ kind: 'upload', percent: 0 });
    const handle = uploadAvatar(file, (loaded, total) => setBusy({ kind: 'upload', percent: total > 0 ? Math.floor((loaded / total) * 100) : 0 }));
    running.current = handle;
    try {
      updateSessionUser(await handle.promise);
    } catch (err) {
      const code = toUploadError(err);
      if (code) setError(t(uploadErrorKey(code, file)));
    } finally {
      if (running.current === handle) running.current = undefined;
      setBusy(undefined);
    }
  }

  async function remove() {
    setError(undefined);
    setBusy({ kind: 'remove' });
    try {
      updateSessionUser(await deleteAvatar());
    } catch (err) {
      const code = toUploadError(err);
      if (code) setError(t(code === 'unknown' ? 'errors.internal' : `errors.${code}`));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div data-testid="avatar-editor">
      <div className="d-flex flex-column flex-sm-row align-items-center gap-3">
        <Avatar userId={me.id} name={me.displayName} avatar={me.avatar} size="lg" />
        <div className="flex-grow-1 text-center text-sm-start">
          <p className="fw-semibold mb-1 text-break">
            {me.displayName} <span className="fw-normal text-body-secondary">@{me.username}</span>
          </p>
          <p className="small text-body-secondary mb-3">{t(me.avatar ? 'profile.hasPicture' : 'profile.noPicture')}</p>
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            className="d-none"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void upload(file);
            }}
            data-testid="avatar-input"
          />
          <div className="d-flex flex-wrap gap-2 justify-content-center justify-content-sm-start">
            <button type="button" className="btn btn-primary" disabled={busy !== undefined} onClick={() => input.current?.click()} data-testid="avatar-choose">
              <i className="fa-solid fa-upload me-2" aria-hidden="true" />
              {t(me.avatar ? 'profile.replace' : 'profile.choose')}
            </button>
            {me.avatar && (
              <button type="button" className="btn btn-outline-danger" disabled={busy !== undefined} onClick={() => void remove()} data-testid="avatar-remove">
                <i className="fa-solid fa-trash-can me-2" aria-hidden="true" />
                {t('profile.remove')}
              </button>
            )}
          </div>
          <p className="form-text mb-0 mt-2">{t('profile.help')}</p>
        </div>
      </div>
      {busy?.kind === 'upload' && (
        <div className="d-flex align-items-center gap-2 mt-3" role="status">
          <progress className="upload-progress flex-grow-1" max={100} value={busy.percent} aria-label={t('profile.uploading')} />
          <span className="small text-body-secondary text-nowrap">{busy.percent}%</span>
          <button type="button" className="btn btn-sm btn-link text-body-secondary p-1" onClick={() => running.current?.abort()} aria-label={t('uploads.cancel')} title={t('uploads.cancel')}>
            <i className="fa-solid fa-xmark" aria-hidden="true" />
          </button>
        </div>
      )}
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="avatar-error">{error}</div>}
    </div>
  );
}
