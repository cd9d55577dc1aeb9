import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  /** Bootstrap's wider dialogs, for content such as a full image. */
  size?: 'lg' | 'xl';
  bodyClassName?: string;
}

/**
 * Bootstrap's modal markup driven by React state instead of Bootstrap's JavaScript, which would fight
 * React for the DOM. Escape and the backdrop close it; focus moves into it on open and back after.
 */
export function Modal({ title, onClose, children, footer, testId, size, bodyClassName }: ModalProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  // Callers pass inline closures; reading the latest through a ref keeps focus handling to mount/unmount.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    // The field marked data-autofocus, else the first visible one (a hidden file input cannot take focus).
    const candidates = dialogRef.current?.querySelectorAll<HTMLElement>('input, textarea, select, button:not(.btn-close)') ?? [];
    const first = dialogRef.current?.querySelector<HTMLElement>('[data-autofocus]') ?? [...candidates].find((el) => el.getClientRects().length > 0);
    (first ?? dialogRef.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('modal-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('modal-open');
      previous?.focus();
    };
  }, []);

  return (
    <>
      <div
        className="modal d-block"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        ref={dialogRef}
        onMouseDown={(e) => {
          if (e.target === e.currentTarget) onClose();
        }}
      >
        <div className={`modal-dialog modal-dialog-centered modal-fullscreen-sm-down${size ? ` modal-${size}` : ''}`}>
          <div className="modal-content">
            <div className="modal-header">
              <h2 className="modal-title h5 text-truncate" id={titleId}>{title}</h2>
              <button type="button" className="btn-close" aria-label={t('common.close')} onClick={onClose} />
            </div>
            <div className={`modal-body${bodyClassName ? ` ${bodyClassName}` : ''}`}>{children}</div>
            {footer && <div className="modal-footer">{footer}</div>}
          </div>
        </div>
      </div>
      <div className="modal-backdrop show" />
    </>
  );
}
