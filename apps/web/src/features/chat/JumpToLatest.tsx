import { useTranslation } from 'react-i18next';

interface JumpToLatestProps {
  /** Messages from others that arrived below the view since the user scrolled away. */
  count: number;
  onJump(): void;
}

/** Floats over the bottom of the timeline while the user reads history. */
export function JumpToLatest({ count, onJump }: JumpToLatestProps) {
  const { t } = useTranslation();
  const label = count > 0 ? t('timeline.newBelow', { count }) : t('timeline.jumpToLatest');
  return (
    <button type="button" className={`jump-to-latest btn btn-sm shadow ${count > 0 ? 'btn-primary' : 'btn-light border'}`} onClick={onJump} data-testid="jump-to-latest" data-count={count}>
      <span>{label}</span>
      <i className="fa-solid fa-arrow-down ms-2" aria-hidden="true" />
    </button>
  );
}
