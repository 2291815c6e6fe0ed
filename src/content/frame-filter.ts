/** Cheap checks that let most frames return at once (DESIGN.md: the content script stays idle
 *  in frames with nothing to read). */

/** The console shell: the EC2/EBS app runs in its own same-origin frame (spec/pages.md). */
export function isConsoleShell(doc: Document): boolean {
  return !!doc.querySelector('iframe#compute-react-frame, iframe[name="compute-react-frame"], iframe#storage-react-frame, iframe[name="storage-react-frame"]');
}

const INERT = new Set(['SCRIPT', 'NOSCRIPT', 'STYLE', 'LINK', 'META', 'TEMPLATE']);

/** True when the body holds anything besides scripts (helper frames hold only scripts). */
export function frameHasAppContent(doc: Document): boolean {
  const body = doc.body;
  if (!body) return false;
  for (const el of Array.from(body.children)) if (!INERT.has(el.tagName)) return true;
  return false;
}
