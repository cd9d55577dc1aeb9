import { useEffect, useRef } from 'react';

/** Keys that type into a field belong to the field. */
function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Opens message search from anywhere: "/" when not typing (as in Zulip, GitHub and YouTube), and
 * Ctrl+Shift+F (Cmd+Shift+F on a Mac) even from the composer. Ctrl/Cmd+K stays the room switcher.
 * Nothing happens while another dialog is open.
 */
export function useSearchShortcut(onOpen: () => void): void {
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextField(e.target);
      const chord = e.key.toLowerCase() === 'f' && e.shiftKey && (e.ctrlKey || e.metaKey) && !e.altKey;
      if (!slash && !chord) return;
      e.preventDefault();
      open.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
