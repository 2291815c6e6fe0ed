/**
 * Copy text from a content script. The Clipboard API needs the frame to be allowed
 * `clipboard-write` (console iframes may not be) and a focused document; the fallback selects a
 * textarea inside our own shadow root and uses execCommand, which the extension's clipboardWrite
 * permission allows.
 */
export async function copyText(text: string, scratchParent: Node): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the fallback */
  }
  const doc = (scratchParent.ownerDocument ?? document) as Document;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;';
  scratchParent.appendChild(area);
  try {
    area.select();
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
