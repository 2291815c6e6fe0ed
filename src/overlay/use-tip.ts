/**
 * What every badge shares: the severity marks, where its fixed-position tip goes, and the tip's
 * open state (Enter/click toggles, Escape closes and gives focus back, scrolling closes it so the
 * tip never drifts away from its badge).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export const MARK: Record<string, string> = { critical: '!!', high: '!', medium: '!', low: 'i', info: 'i' };

/**
 * Where the fixed-position tip goes: below the badge when there is room, else above it, and never
 * taller than the space it has (scrolling closes the tip, so all of it must be reachable).
 */
export function tipPosition(badge: Element): Record<string, string> {
  const r = badge.getBoundingClientRect();
  const view = badge.ownerDocument.defaultView;
  const vw = view?.innerWidth ?? 800;
  const vh = view?.innerHeight ?? 600;
  const width = Math.min(440, vw - 16);
  const left = Math.max(8, Math.min(r.left, vw - width - 8));
  const below = vh - r.bottom - 14;
  const above = r.top - 14;
  if (below >= 320 || below >= above) {
    return { top: `${Math.round(r.bottom + 6)}px`, left: `${Math.round(left)}px`, maxHeight: `${Math.max(160, Math.round(below))}px` };
  }
  return { bottom: `${Math.round(vh - r.top + 6)}px`, left: `${Math.round(left)}px`, maxHeight: `${Math.max(160, Math.round(above))}px` };
}

export function useTip() {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<Record<string, string>>({});
  const button = useRef<HTMLButtonElement>(null);

  const toggle = (e: Event) => {
    e.stopPropagation();
    e.preventDefault();
    if (!open && button.current) setPos(tipPosition(button.current));
    setOpen(!open);
  };

  useEffect(() => {
    if (!open) return undefined;
    const doc = button.current?.ownerDocument;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onScroll = () => setOpen(false);
    doc?.addEventListener('keydown', onKey, true);
    doc?.addEventListener('scroll', onScroll, true);
    return () => {
      doc?.removeEventListener('keydown', onKey, true);
      doc?.removeEventListener('scroll', onScroll, true);
    };
  }, [open]);

  return { open, pos, button, toggle, close: () => setOpen(false) };
}
