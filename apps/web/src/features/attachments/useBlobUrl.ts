import { useEffect, useState } from 'react';
import { isApiError } from '../../api/api-error';
import { reportError } from '../../lib/report';
import { useAttachments } from './useAttachments';

export interface BlobUrlState {
  /** An object URL of the bytes, valid while the component is mounted. */
  src: string | undefined;
  failed: boolean;
}

const EXPECTED_FAILURES = ['network', 'not_found', 'attachment_not_found', 'not_room_member'] as const;

/**
 * Shows an authenticated attachment URL: the bytes come from the session's blob cache (fetched with
 * the token), and this component gets its own object URL, revoked when it unmounts or the URL changes.
 */
export function useBlobUrl(url: string | null | undefined): BlobUrlState {
  const { blobs } = useAttachments();
  const [state, setState] = useState<BlobUrlState & { url?: string }>({ src: undefined, failed: false });

  useEffect(() => {
    if (!url) return;
    let live = true;
    let objectUrl: string | undefined;
    blobs.get(url).then(
      (blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ url, src: objectUrl, failed: false });
      },
      (err: unknown) => {
        if (!EXPECTED_FAILURES.some((code) => isApiError(err, code))) reportError('loading an attachment failed', err);
        if (live) setState({ url, src: undefined, failed: true });
      },
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [blobs, url]);

  return state.url === url ? state : { src: undefined, failed: false };
}
