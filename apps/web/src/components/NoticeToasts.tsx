import { useTranslation } from 'react-i18next';
import type { Notice } from '../ws/chat-state';

/** One-off messages (removed from a room, room deleted) until the user dismisses them. */
export function NoticeToasts({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss(id: number): void }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="toast-container position-fixed bottom-0 end-0 p-3">
      {notices.map((n) => (
        <div key={n.id} className={`toast show align-items-center border-0 text-bg-${n.variant}`} role="alert" aria-atomic="true">
          <div className="d-flex">
            <div className="toast-body">{t(n.key, n.values)}</div>
            <button type="button" className="btn-close btn-close-white me-2 m-auto" aria-label={t('notice.dismiss')} onClick={() => onDismiss(n.id)} />
          </div>
        </div>
      ))}
    </div>
  );
}
