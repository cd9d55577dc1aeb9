import { useEffect, useState, type RefObject } from 'react';

/**
 * The rendered width of an element, kept current as the layout changes. Charts draw at their real
 * pixel width so their 12 px labels stay 12 px on a phone instead of being scaled down.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(1, Math.round(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
