import { memo, useMemo, useSyncExternalStore } from 'react';
import { reportError } from '../../lib/report';
import { Store } from '../../lib/store';
import { isJumbomoji } from './markdown/jumbomoji';
import type { MentionViewer } from './markdown/mention-rule';

type RenderHtml = (body: string, viewer?: MentionViewer) => string;

const renderer = new Store<RenderHtml | undefined>(undefined);

// markdown-it and DOMPurify are about 50 KB gzip, a quarter of the initial-bundle budget (issue #5),
// so they load as a chunk of their own. The import starts as soon as the app does and normally lands
// long before sign-in and the first history page; until then a body shows as plain text.
import('./markdown/message-html').then(
  (m) => renderer.update(() => m.messageHtml),
  (err: unknown) => reportError('loading the markdown renderer failed; bodies stay plain text', err),
);

/** A message body: markdown (a chat subset, see markdown/render-markdown.ts), larger when it is only emoji. */
export const MessageBody = memo(function MessageBody({ body, mentionSelf, mentionEveryone = false }: { body: string; mentionSelf?: string; mentionEveryone?: boolean }) {
  const render = useSyncExternalStore(renderer.subscribe, renderer.get);
  // Who reads decides which @mentions stand out (their own name; @here/@all when it counts for them).
  const html = useMemo(
    () => render?.(body, mentionSelf === undefined ? undefined : { self: mentionSelf.toLowerCase(), everyone: mentionEveryone }),
    [render, body, mentionSelf, mentionEveryone],
  );
  const jumbo = useMemo(() => isJumbomoji(body), [body]);
  const className = `message-body${jumbo ? ' jumbomoji' : ''}`;
  if (html === undefined) {
    return <div className={`${className} plain`} data-testid="message-body">{body}</div>;
  }
  return (
    <div
      className={`${className} markdown`}
      data-testid="message-body"
      // The client's only use of innerHTML. html comes from messageHtml(): markdown-it with raw HTML
      // off and links limited to http(s)/mailto, then DOMPurify with an allow-list of exactly the tags
      // and attributes that renderer emits (markdown/sanitize-html.ts). Never pass anything else here.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
