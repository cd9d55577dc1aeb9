import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A short, fixed set: the emoji people reach for in a work chat. Each category has a multiple of
 * COLUMNS entries, so Up/Down keep their column across category boundaries. The accessible name of
 * each button is the emoji itself; screen readers announce its name in the user's own language.
 */
export const CATEGORIES = [
  { key: 'smileys', emoji: ['😀', '😂', '🙂', '😉', '😍', '🤔', '😅', '😭', '😎', '🙃'] },
  { key: 'gestures', emoji: ['👍', '👎', '👏', '🙌', '🙏', '👋', '💪', '👌', '✌️', '🤝'] },
  { key: 'symbols', emoji: ['❤️', '💔', '🔥', '✨', '⭐', '✅', '❌', '⚠️', '💯', '❓'] },
  { key: 'objects', emoji: ['🎉', '🎂', '🎁', '☕', '🍻', '🚀', '💡', '📌', '📎', '⏰'] },
] as const;
const COLUMNS = 5;
const ALL = CATEGORIES.flatMap((c) => c.emoji);
/** Index in ALL of each category's first emoji. */
const OFFSETS = CATEGORIES.map((_, c) => CATEGORIES.slice(0, c).reduce((n, prev) => n + prev.emoji.length, 0));

/** Moves the roving focus for a key press in the grid, or returns undefined for keys it does not handle. */
function nextIndex(key: string, index: number): number | undefined {
  const last = ALL.length - 1;
  switch (key) {
    case 'ArrowRight': return Math.min(index + 1, last);
    case 'ArrowLeft': return Math.max(index - 1, 0);
    case 'ArrowDown': return index + COLUMNS <= last ? index + COLUMNS : index;
    case 'ArrowUp': return index - COLUMNS >= 0 ? index - COLUMNS : index;
    case 'Home': return 0;
    case 'End': return last;
    default: return undefined;
  }
}

/** The composer's emoji button and its popover grid; a picked emoji goes to onPick, which inserts it at the caret. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const popoverId = useId();

  // Opening puts focus on the grid, so the keyboard can pick right away.
  useEffect(() => {
    if (open) buttons.current[active]?.focus();
  }, [open, active]);

  // A press anywhere outside closes the popover, as a menu would.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      // Only the popover closes, not a dialog the composer might sit in.
      e.stopPropagation();
      close();
      return;
    }
    const next = nextIndex(e.key, active);
    if (next === undefined) return;
    e.preventDefault();
    setActive(next);
  };

  return (
    <div
      ref={root}
      className="emoji-picker position-relative"
      onBlur={(e) => {
        // Tab out of the grid closes it; moving between its own buttons does not.
        if (open && !root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={trigger}
        type="button"
        className="btn btn-outline-secondary"
        aria-label={t('emoji.open')}
        title={t('emoji.open')}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        onClick={() => {
          // Each opening starts on the first emoji, so arrow-key positions are predictable.
          setActive(0);
          setOpen((o) => !o);
        }}
        data-testid="emoji-button"
      >
        <i className="fa-regular fa-face-smile" aria-hidden="true" />
      </button>
      {open && (
        <div
          id={popoverId}
          role="dialog"
          aria-label={t('emoji.title')}
          className="emoji-popover card shadow position-absolute bottom-100 start-0 mb-2 p-2"
          onKeyDown={onGridKeyDown}
          data-testid="emoji-popover"
        >
          {CATEGORIES.map((category, c) => (
            <div key={category.key} role="group" aria-labelledby={`${popoverId}-${category.key}`}>
              <div id={`${popoverId}-${category.key}`} className="emoji-category small text-body-secondary px-1">
                {t(`emoji.${category.key}`)}
              </div>
              <div className="emoji-grid">
                {category.emoji.map((emoji, i) => {
                  const index = (OFFSETS[c] ?? 0) + i;
                  return (
                    <button
                      key={emoji}
                      ref={(el) => {
                        buttons.current[index] = el;
                      }}
                      type="button"
                      className="emoji-option btn btn-sm"
                      tabIndex={index === active ? 0 : -1}
                      onClick={() => {
                        onPick(emoji);
                        setActive(index);
                        setOpen(false);
                      }}
                      onFocus={() => setActive(index)}
                      data-testid="emoji-option"
                    >
                      {emoji}
                    </button>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
