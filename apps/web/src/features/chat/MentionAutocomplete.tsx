import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import type { MentionAutocompleteState } from './useMentionAutocomplete';

/**
 * The list above the composer while an `@mention` is typed: members (picture, display name, @username)
 * and, for owners and admins, @here and @all. The textarea keeps focus; it points at the highlighted
 * option with aria-activedescendant, and a click picks one without taking focus away.
 */
export function MentionAutocomplete({ state }: { state: MentionAutocompleteState }) {
  const { t } = useTranslation();
  const { open, candidates, active, listId, optionId, choose } = state;

  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [open, active, optionId]);

  if (!open) return null;
  return (
    <ul id={listId} role="listbox" className="mention-autocomplete list-unstyled mb-0 py-1" aria-label={t('mentions.listLabel')} data-testid="mention-autocomplete">
      {candidates.map((c, i) => (
        <li
          key={c.kind === 'member' ? c.member.user.id : c.name}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className={`mention-option${i === active ? ' active' : ''}`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => choose(i)}
          data-testid="mention-option"
          data-name={c.kind === 'member' ? c.member.user.username : c.name}
        >
          {c.kind === 'member' ? (
            <>
              <Avatar userId={c.member.user.id} name={c.member.user.displayName} avatar={c.member.user.avatar} size="sm" />
              <span className="text-truncate">{c.member.user.displayName}</span>
              <span className="small text-body-secondary text-truncate">@{c.member.user.username}</span>
            </>
          ) : (
            <>
              <i className="fa-solid fa-bullhorn mention-everyone-icon" aria-hidden="true" />
              <span className="fw-semibold">@{c.name}</span>
              <span className="small text-body-secondary text-truncate">{t(c.name === 'here' ? 'mentions.here' : 'mentions.all')}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
