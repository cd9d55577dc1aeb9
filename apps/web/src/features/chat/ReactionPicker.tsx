import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES } from './EmojiPicker';
import { useFrequentEmojis } from './useFrequentEmojis';

/** One category per row: the composer's categories have ten emoji each. */
const COLUMNS = 10;
const MARGIN_PX = 8;

interface ReactionPickerProps {
  /** The button that opened the picker: the popover is placed against it and focus returns to it. */
  anchor: HTMLElement;
  onPick(emoji: string): void;
  onClose(): void;
}

/** Below the anchor if it fits, else above; right-aligned to it and kept inside the viewport. */
function placeAgainst(anchor: HTMLElement, width: number, height: number): CSSProperties {
  const rect = anchor.getBoundingClientRect();
  const left = Math.min(Math.max(MARGIN_PX, rect.right - width), window.innerWidth - width - MARGIN_PX);
  const below = window.innerHeight - rect.bottom >= height + MARGIN_PX || rect.top < height + MARGIN_PX;
  const top = below ? Math.min(rect.bottom + 4, window.innerHeight - height - MARGIN_PX) : rect.top - height - 4;
  return { position: 'fixed', top: Math.max(MARGIN_PX, top), left: Math.max(MARGIN_PX, left), zIndex: 1060 };
}

/**
 * A small popover for reacting: the user's frequent emoji on top, then the compact grid the composer
 * uses. Arrow keys move through all of it, Enter picks, Escape or a press outside closes.
 */
export function ReactionPicker({ anchor, onPick, onClose }: ReactionPickerProps) {
  const { t } = useTranslation();
  const frequent = useFrequentEmojis();
  const root = useRef<HTMLDivElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [active, setActive] = useState(0);
  const [place, setPlace] = useState<CSSProperties>({ position: 'fixed', visibility: 'hidden' });
  const titleId = useId();
  const sections = [...(frequent.length > 0 ? [{ key: 'frequent', label: t('reactions.frequent'), emoji: frequent }] : []), ...CATEGORIES.map((c) => ({ key: c.key, label: t(`emoji.${c.key}`), emoji: c.emoji as readonly string[] }))];
  const all = sections.flatMap((s) => s.emoji);

  useLayoutEffect(() => {
    setPlace(placeAgainst(anchor, root.current?.offsetWidth ?? 360, root.current?.offsetHeight ?? 220));
  }, [anchor, frequent.length]);

  // The frequent row can arrive after the picker opened: the focus stays on the emoji it was on.
  const shownFrequent = useRef(frequent.length);
  useLayoutEffect(() => {
    const added = frequent.length - shownFrequent.current;
    shownFrequent.current = frequent.length;
    if (added !== 0) setActive((a) => Math.max(0, a + added));
  }, [frequent.length]);

  useEffect(() => {
    buttons.current[active]?.focus({ preventScroll: true });
  }, [active, frequent.length]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node) && !anchor.contains(e.target as Node)) onClose();
    };
    // Placed against the viewport: scrolling the timeline would leave it floating away from its message.
    const onScroll = (e: Event) => {
      if (!root.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('resize', onClose);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('resize', onClose);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [anchor, onClose]);

  const close = () => {
    onClose();
    anchor.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = all.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: Math.min(active + 1, last),
      ArrowLeft: Math.max(active - 1, 0),
      ArrowDown: Math.min(active + COLUMNS, last),
      ArrowUp: Math.max(active - COLUMNS, 0),
      Home: 0,
      End: last,
    };
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      onClose();
    } else if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key]!);
    }
  };

  let index = 0;
  return (
    <div ref={root} role="dialog" aria-labelledby={titleId} className="reaction-picker card shadow p-2" style={place} onKeyDown={onKeyDown} data-testid="reaction-picker">
      <div id={titleId} className="visually-hidden">{t('reactions.picker')}</div>
      {sections.map((section) => (
        <div key={section.key} role="group" aria-label={section.label}>
          <div className="emoji-category small text-body-secondary px-1" aria-hidden="true">{section.label}</div>
          <div className="reaction-picker-grid">
            {section.emoji.map((emoji) => {
              const i = index++;
              return (
                <button
                  key={`${section.key}-${emoji}`}
                  ref={(el) => {
                    buttons.current[i] = el;
                  }}
                  type="button"
                  className="emoji-option btn btn-sm"
                  tabIndex={i === active ? 0 : -1}
                  onClick={() => {
                    onPick(emoji);
                    close();
                  }}
                  onFocus={() => setActive(i)}
                  data-testid="reaction-option"
                  data-emoji={emoji}
                >
                  {emoji}
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
