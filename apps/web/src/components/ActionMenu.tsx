import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';

export interface ActionMenuItem {
  key: string;
  label: string;
  icon: string;
  danger?: boolean;
  testId?: string;
  onSelect(): void;
}

interface ActionMenuProps {
  /** The accessible name of the trigger button. */
  label: string;
  items: readonly ActionMenuItem[];
  /** What the trigger shows; defaults to a vertical ellipsis. */
  children?: ReactNode;
  buttonClassName?: string;
  testId?: string;
}

/** Rough height of a short menu: below this much room under the trigger it opens upwards. */
const ROOM_NEEDED_PX = 180;

/**
 * A small menu button (Bootstrap dropdown markup, React state): arrow keys move between items,
 * Escape closes it and gives focus back to the trigger, a click outside or Tab closes it.
 */
export function ActionMenu({ label, items, children, buttonClassName = 'btn btn-sm btn-link text-body-secondary', testId }: ActionMenuProps) {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    // The menu is placed against the viewport, so it would drift from its trigger on scroll or resize.
    const close = () => setOpen(false);
    document.addEventListener('mousedown', onDown);
    window.addEventListener('resize', close);
    window.addEventListener('scroll', close, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('resize', close);
      window.removeEventListener('scroll', close, true);
    };
  }, [open]);

  function toggle() {
    const rect = triggerRef.current?.getBoundingClientRect();
    if (rect) {
      // Fixed to the viewport, so a scrolling list (the member panel) neither clips it nor scrolls to show it.
      const up = window.innerHeight - rect.bottom < ROOM_NEEDED_PX && rect.top > ROOM_NEEDED_PX;
      const right = Math.max(4, window.innerWidth - rect.right);
      setPlace(up ? { position: 'fixed', bottom: window.innerHeight - rect.top, top: 'auto', right, left: 'auto' } : { position: 'fixed', top: rect.bottom, right, left: 'auto' });
    }
    setOpen((o) => !o);
  }

  function onKeyDown(e: ReactKeyboardEvent<HTMLDivElement>) {
    if (!open) return;
    const entries = [...(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      // Stops here, so a drawer or dialog around the menu stays open.
      e.stopPropagation();
      setOpen(false);
      triggerRef.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      entries[(at + step + entries.length) % entries.length]?.focus({ preventScroll: true });
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      entries[e.key === 'Home' ? 0 : entries.length - 1]?.focus({ preventScroll: true });
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  }

  if (items.length === 0) return null;

  return (
    <div className="dropdown" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        ref={triggerRef}
        type="button"
        className={buttonClassName}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
        data-testid={testId}
      >
        {children ?? <i className="fa-solid fa-ellipsis-vertical fa-fw" aria-hidden="true" />}
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={label}
          className="dropdown-menu dropdown-menu-end show shadow-sm"
          style={{ ...place, zIndex: 1060 }}
        >
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              className={`dropdown-item d-flex align-items-center gap-2${item.danger ? ' text-danger' : ''}`}
              onClick={() => {
                setOpen(false);
                // A dialog opened by the item gives focus back to whatever had it: the trigger, not a removed item.
                triggerRef.current?.focus();
                item.onSelect();
              }}
              data-testid={item.testId}
            >
              <i className={`fa-solid ${item.icon} fa-fw`} aria-hidden="true" />
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
