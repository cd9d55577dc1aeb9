import { useTranslation } from 'react-i18next';

/** Marks a message posted by an incoming webhook: the name is the bot's, not a user's. */
export function BotBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge rounded-pill text-bg-secondary align-self-center flex-shrink-0" data-testid="bot-badge">
      <i className="fa-solid fa-robot me-1" aria-hidden="true" />
      {t('webhooks.botBadge')}
    </span>
  );
}
