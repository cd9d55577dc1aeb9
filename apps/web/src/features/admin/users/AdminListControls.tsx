import type { PagedList } from './usePagedList';

interface Choice<V extends string> {
  value: V;
  label: string;
}

/**
 * The search box and the one-of-three filter above an admin list. Ids and test ids derive from
 * `idPrefix` (`<prefix>-search`, `<prefix>-<groupName>-<value>`).
 */
export function AdminListSearch<V extends string>(props: {
  idPrefix: string;
  label: string;
  placeholder: string;
  query: string;
  onQuery(query: string): void;
  groupName: string;
  groupLabel: string;
  choices: ReadonlyArray<Choice<V>>;
  chosen: V;
  onChoose(value: V): void;
}) {
  const { idPrefix, groupName, chosen } = props;
  return (
    <div className="d-flex flex-wrap gap-2 mb-2 align-items-end">
      <div className="flex-grow-1 admin-search">
        <label htmlFor={`${idPrefix}-search`} className="form-label small mb-1">{props.label}</label>
        <input id={`${idPrefix}-search`} type="search" className="form-control" value={props.query} placeholder={props.placeholder}
          onChange={(e) => props.onQuery(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} data-testid={`${idPrefix}-search`} />
      </div>
      <div role="radiogroup" aria-label={props.groupLabel} className="btn-group" data-testid={`${idPrefix}-${groupName}`}>
        {props.choices.map((c) => (
          <button key={c.value} type="button" role="radio" aria-checked={chosen === c.value}
            className={`btn btn-sm ${chosen === c.value ? 'btn-primary' : 'btn-outline-primary'}`} onClick={() => props.onChoose(c.value)} data-testid={`${idPrefix}-${groupName}-${c.value}`}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/** "Load more" under an admin list while the server has more, and a loading line while a page is on its way. */
export function AdminListMore({ list, testId, label, loadingLabel }: { list: Pick<PagedList<unknown>, 'hasMore' | 'status' | 'loadMore'>; testId: string; label: string; loadingLabel: string }) {
  return (
    <div className="d-flex align-items-center gap-2 mt-3">
      {list.hasMore && (
        <button type="button" className="btn btn-outline-primary btn-sm" disabled={list.status === 'loading'} onClick={list.loadMore} data-testid={testId}>
          {label}
        </button>
      )}
      {list.status === 'loading' && <span className="small text-body-secondary">{loadingLabel}</span>}
    </div>
  );
}
