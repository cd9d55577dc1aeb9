import { useTranslation } from 'react-i18next';
import type { SearchResult } from '@parley/protocol';
import { RelativeTime } from '../chat/RelativeTime';
import { useChatState } from '../chat/useChat';
import { isDirect } from '../direct/direct-name';
import { useConversationName } from '../direct/useConversationName';
import { snippetSegments } from './snippet-segments';

interface SearchResultItemProps {
  id: string;
  result: SearchResult;
  selected: boolean;
  onPick(): void;
  onHover(): void;
}

/** One search hit: room, sender and time over the snippet, whose matches are <mark>ed text nodes. */
export function SearchResultItem({ id, result, selected, onPick, onHover }: SearchResultItemProps) {
  const { t } = useTranslation();
  const segments = snippetSegments(result.snippet, result.matches);
  // A direct conversation has no name of its own: it is named after its people, as in the sidebar.
  const room = useChatState((s) => s.rooms[result.roomId]?.room);
  const roomName = useConversationName(room) || result.roomName;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`search-result px-3 py-2${selected ? ' selected' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
      onMouseMove={onHover}
      ref={(el) => {
        if (selected) el?.scrollIntoView({ block: 'nearest' });
      }}
      data-testid="search-result"
      data-room-id={result.roomId}
      data-seq={result.seq}
    >
      <div className="d-flex align-items-baseline gap-2 small text-body-secondary min-w-0">
        <span className="text-truncate flex-shrink-1 min-w-0">
          <i className={`fa-solid ${room && isDirect(room) ? 'fa-user' : 'fa-hashtag'} me-1`} aria-hidden="true" />
          <span className="fw-semibold text-body">{roomName}</span>
        </span>
        <span aria-hidden="true">·</span>
        <span className="text-truncate flex-shrink-1 min-w-0">{result.sender?.displayName ?? result.bot?.name ?? t('search.someone')}</span>
        <RelativeTime iso={result.createdAt} className="ms-auto text-nowrap flex-shrink-0" />
      </div>
      <div className="search-snippet" data-testid="search-snippet">
        {result.truncatedStart && '…'}
        {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
        {result.truncatedEnd && '…'}
      </div>
    </div>
  );
}
