/** Where a finding's badge goes: its item's row, else the setting it is about, else the heading. */
import type { Finding } from '../model/finding';
import type { PageRead } from '../content/page-read';

const plain = (p: string) => p.replace(/\[[^\]]*\]/g, '');

export function anchorFor(f: Finding, read: PageRead): Element | undefined {
  const mine = read.anchors.filter((a) => a.resourceId === f.resourceId);
  if (f.item) {
    const a = mine.find((x) => x.item === f.item);
    if (a) return a.element;
  }
  const wanted = [f.anchor, ...f.evidence.map((e) => e.path)].filter((p): p is string => !!p).map(plain);
  for (const p of wanted) {
    const a = mine.find((x) => x.path !== undefined && (x.path === p || p.startsWith(`${x.path}.`)));
    if (a) return a.element;
  }
  return read.fallbacks[f.resourceId];
}
