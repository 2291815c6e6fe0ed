/**
 * The contract marker on <html> (DESIGN.md contract 3): `busy` is set synchronously when a
 * navigation or a relevant change starts, `ready` once the badges of the current evaluation are
 * in place, with `data-vmlint-findings` = failing findings rendered in this frame.
 */
export type MarkerState = 'busy' | 'ready' | 'idle';

export function setMarker(doc: Document, state: MarkerState, findings?: number): void {
  const html = doc.documentElement;
  if (!html) return;
  if (html.getAttribute('data-vmlint-state') !== state) html.setAttribute('data-vmlint-state', state);
  if (state === 'ready') html.setAttribute('data-vmlint-findings', String(findings ?? 0));
  else if (state === 'idle') html.removeAttribute('data-vmlint-findings');
}

export function clearMarker(doc: Document): void {
  doc.documentElement?.removeAttribute('data-vmlint-state');
  doc.documentElement?.removeAttribute('data-vmlint-findings');
}
