import { useEffect, useRef } from 'react';

/**
 * Keyboard behaviour of an off-canvas drawer: on open, focus moves to it; Escape closes it (unless
 * a dialog above it takes the key); on close, focus returns to whatever opened it. Only while
 * `drawerQuery` matches, because at wider widths the same element is a fixed column.
 */
export function useDrawerFocus(open: boolean, onClose: () => void, getDrawer: () => HTMLElement | null, drawerQuery: string): void {
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const getDrawerRef = useRef(getDrawer);
  getDrawerRef.current = getDrawer;

  useEffect(() => {
    if (!open || !window.matchMedia(drawerQuery).matches) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    // Like Bootstrap's own offcanvas: the drawer takes focus (it has tabindex -1), Tab goes on from there.
    getDrawerRef.current()?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, [open, drawerQuery]);
}
