import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookInfo } from '@parley/protocol';
import { useErrorText } from '../../components/useErrorText';
import { fitsLength, invalidField } from './field-errors';
import { formatWhen, useModerationList } from './useModerationList';
import { WebhookCreated } from './WebhookCreated';
import { createWebhook, listWebhooks, revokeWebhook, webhookUrl } from './webhooks-api';

const NAME_MAX = 64;

/** One listed webhook: who made it, when it last posted, and a revoke button that asks once more. */
function WebhookRow({ webhook, onRevoke }: { webhook: WebhookInfo; onRevoke(id: string): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const lastUsed = webhook.lastUsedAt ? formatWhen(i18n.language, webhook.lastUsedAt) : t('webhooks.neverUsed');
  return (
    <li className="d-flex flex-wrap align-items-center gap-2 py-2 border-bottom" data-testid="webhook-row">
      <i className="fa-solid fa-robot text-body-secondary" aria-hidden="true" />
      <div className="flex-grow-1 min-w-0">
        <div className="fw-semibold text-break" data-testid="webhook-name">{webhook.name}</div>
        <div className="small text-body-secondary text-break">{t('webhooks.meta', { name: webhook.createdBy.displayName, date: lastUsed })}</div>
      </div>
      {confirming ? (
        <div className="d-flex gap-2">
          <button type="button" className="btn btn-sm btn-danger text-nowrap" onClick={() => void onRevoke(webhook.id)} data-testid="webhook-revoke-confirm">
            {t('webhooks.revokeConfirm')}
          </button>
          <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-sm btn-outline-danger text-nowrap"
          onClick={() => setConfirming(true)}
          aria-label={t('webhooks.revokeLabel', { name: webhook.name })}
          data-testid="webhook-revoke"
        >
          {t('webhooks.revoke')}
        </button>
      )}
    </li>
  );
}

/**
 * Incoming webhooks of a room, for its owner and admins: create one (its URL is shown once, with a
 * curl example), see who made each and when it last posted, and revoke one after a confirmation.
 */
export function WebhooksSection({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const load = useCallback(() => listWebhooks(roomId), [roomId]);
  const { items, error, setError, reload } = useModerationList(load);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; url: string } | undefined>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const valid = fitsLength(name, 1, NAME_MAX);
    setNameError(!valid);
    if (!valid) return;
    setBusy(true);
    try {
      const made = await createWebhook(roomId, name);
      setCreated({ name: made.webhook.name, url: webhookUrl(location.origin, made.url) });
      setName('');
      reload();
    } catch (err) {
      if (invalidField(err) === 'name') setNameError(true);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(webhookId: string) {
    setError(undefined);
    try {
      await revokeWebhook(roomId, webhookId);
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  }

  return (
    <section className="border-top mt-4 pt-3" aria-labelledby="room-settings-webhooks" data-testid="webhooks-section">
      <h3 id="room-settings-webhooks" className="h6 fw-semibold">{t('webhooks.title')}</h3>
      <p className="small text-body-secondary">{t('webhooks.help')}</p>
      <form className="d-flex flex-wrap gap-2 align-items-start" onSubmit={(e) => void create(e)} noValidate>
        <div className="flex-grow-1" style={{ minWidth: '12rem' }}>
          <label htmlFor="webhook-name" className="visually-hidden">{t('webhooks.name')}</label>
          <input
            id="webhook-name"
            className={`form-control form-control-sm${nameError ? ' is-invalid' : ''}`}
            value={name}
            placeholder={t('webhooks.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError || undefined}
            aria-describedby={nameError ? 'webhook-name-error' : undefined}
            autoComplete="off"
            data-testid="webhook-name-input"
          />
          {nameError && <div id="webhook-name-error" className="invalid-feedback">{t('webhooks.nameInvalid', { max: NAME_MAX })}</div>}
        </div>
        <button type="submit" className="btn btn-sm btn-primary text-nowrap" disabled={busy} data-testid="webhook-create">
          <i className="fa-solid fa-plus me-1" aria-hidden="true" />
          {t('webhooks.create')}
        </button>
      </form>
      {created && <WebhookCreated name={created.name} url={created.url} onDone={() => setCreated(undefined)} />}
      {!items && !error && <p className="small text-body-secondary mt-2 mb-0">{t('moderation.loading')}</p>}
      {items?.length === 0 && <p className="small text-body-secondary mt-2 mb-0" data-testid="webhooks-empty">{t('webhooks.none')}</p>}
      <ul className="list-unstyled mb-0 mt-2">
        {items?.map((w) => <WebhookRow key={w.id} webhook={w} onRevoke={revoke} />)}
      </ul>
      {error && <div className="alert alert-danger py-2 mt-2 mb-0" role="alert">{error}</div>}
    </section>
  );
}
