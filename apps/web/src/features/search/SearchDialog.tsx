import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResult } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { navigate, roomPath } from '../../lib/router';
import { jumpToMessage } from '../chat/jump-loader';
import { useChatController, useChatState } from '../chat/useChat';
import { useConversationName } from '../direct/useConversationName';
import { SearchResultItem } from './SearchResultItem';
import { useMessageSearch } from './useMessageSearch';

/**
 * Message search: results appear as the user types (two characters or more, Chinese included), newest
 * first, optionally only in the open room; arrows move, Enter or a click opens the room at the message.
 * A combobox over a listbox, so focus stays in the field while the highlighted result changes.
 */
export function SearchDialog({ initialQuery = '', onClose }: { initialQuery?: string; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const activeRoom = useChatState((s) => (s.activeRoomId ? s.rooms[s.activeRoomId] : undefined));
  // Search covers rooms the user is a member of; a previewed room cannot be a filter.
  const filterRoom = activeRoom && activeRoom.room.myRole !== null ? activeRoom.room : undefined;
  const filterName = useConversationName(filterRoom);
  const [text, setText] = useState(initialQuery);
  const [inRoom, setInRoom] = useState(false);
  const [selected, setSelected] = useState(0);
  const listId = useId();
  const search = useMessageSearch(text, inRoom ? filterRoom?.id : undefined);
  const { results } = search;
  const index = Math.min(selected, results.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;

  function open(result: SearchResult | undefined) {
    if (!result) return;
    onClose();
    navigate(roomPath(result.roomId));
    void jumpToMessage(ctrl, result.roomId, result.seq);
  }

  function onKeyDown(e: KeyboardEvent) {
    const step = ({ ArrowDown: 1, ArrowUp: -1 } as Record<string, number>)[e.key];
    if (step !== undefined && results.length > 0) {
      e.preventDefault();
      setSelected((index + step + results.length) % results.length);
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      open(results[index]);
    }
  }

  const tooShort = search.status === 'idle' && text.trim() !== '';
  return (
    <Modal title={t('search.title')} onClose={onClose} testId="search-dialog" size="lg" bodyClassName="p-0 d-flex flex-column" footer={<small className="text-body-secondary me-auto">{t('search.hint')}</small>}>
      <div className="p-3 border-bottom">
        <div className="position-relative">
          <i className="fa-solid fa-magnifying-glass position-absolute top-50 translate-middle-y ms-3 text-body-secondary" aria-hidden="true" />
          <input
            type="search"
            className="form-control ps-5"
            role="combobox"
            aria-label={t('search.label')}
            aria-expanded={results.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={results.length > 0 ? optionId(index) : undefined}
            placeholder={t('search.placeholder')}
            value={text}
            maxLength={400}
            onChange={(e) => {
              setText(e.target.value);
              setSelected(0);
            }}
            onKeyDown={onKeyDown}
            autoComplete="off"
            enterKeyHint="search"
            data-autofocus
            data-testid="search-input"
          />
        </div>
        {filterRoom && (
          <div className="form-check form-switch mt-2 mb-0 min-w-0">
            <input className="form-check-input" type="checkbox" role="switch" id={`${listId}-room`} checked={inRoom} onChange={(e) => setInRoom(e.target.checked)} data-testid="search-in-room" />
            <label className="form-check-label text-truncate d-block" htmlFor={`${listId}-room`}>{t('search.inRoom', { name: filterName })}</label>
          </div>
        )}
      </div>
      <div className="search-results flex-grow-1" data-testid="search-results" data-status={search.status}>
        <div className="px-3 pt-2 small text-body-secondary" role="status">
          {search.status === 'loading' && (
            <span>
              <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
              {t('search.searching')}
            </span>
          )}
          {tooShort && t('search.tooShort')}
          {search.status === 'done' && results.length === 0 && <span data-testid="search-empty">{t('search.empty', { query: search.query })}</span>}
        </div>
        {search.status === 'error' && (
          <div className="alert alert-danger mx-3 my-2 py-2 d-flex align-items-center gap-2" data-testid="search-error">
            <span className="flex-grow-1">{t('search.failed', { reason: errorText(search.error) })}</span>
            <button type="button" className="btn btn-sm btn-outline-danger" onClick={search.retry}>{t('search.retry')}</button>
          </div>
        )}
        <div id={listId} role="listbox" aria-label={t('search.results')} className="pb-2">
          {results.map((r, i) => (
            <SearchResultItem key={r.messageId} id={optionId(i)} result={r} selected={i === index} onPick={() => open(r)} onHover={() => setSelected(i)} />
          ))}
        </div>
        {search.hasMore && (
          <div className="text-center pb-3">
            {search.loadingMore ? (
              <span className="small text-body-secondary" role="status">
                <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
                {t('search.loadingMore')}
              </span>
            ) : (
              <button type="button" className="btn btn-sm btn-outline-primary" onClick={search.loadMore} data-testid="search-more">{t('search.loadMore')}</button>
            )}
          </div>
        )}
      </div>
    </Modal>
  );
}
