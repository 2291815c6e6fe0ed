/**
 * Who may talk to the worker. Content-script messages must come from this extension, from a tab,
 * and from a console page; popup requests from this extension's own pages. A page script cannot
 * reach runtime.onMessage at all (no externally_connectable), but a compromised or foreign frame
 * inside a console tab could try: its URL must be a console host. Content scripts report the page's
 * URL, so they can never pass for an extension page.
 */
import { isConsoleHost } from '../providers/console-hosts';

export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}


export function isConsoleUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && isConsoleHost(u.hostname);
  } catch {
    return false;
  }
}

export function isContentSender(sender: SenderLike, extensionId: string): boolean {
  return sender.id === extensionId && typeof sender.tab?.id === 'number' && isConsoleUrl(sender.url);
}

/** The popup (or the popup page opened in a tab with `?tabId=N`): our own origin, whatever the tab. */
export function isExtensionPageSender(sender: SenderLike, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(`${extensionOrigin}/`);
}
