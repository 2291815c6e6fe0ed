/**
 * Background service worker. Listeners are registered synchronously at start (MV3 wakes the worker
 * for an event and only delivers it to listeners that exist by the end of the first turn).
 */
import browser from 'webextension-polyfill';
import { badgeFor } from './badge';
import { bundledRules } from './bundled-rules';
import { handleMessage, type WorkerDeps } from './handle-message';
import { allFindings, TabStore } from './tab-store';

const store = new TabStore(browser.storage.session as never);

const deps: WorkerDeps = {
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  store,
  rules: bundledRules,
  log: (m) => console.warn(m),
  async setBadge(tabId, state) {
    const { text, color } = badgeFor(allFindings(state));
    try {
      // An empty text clears the per-tab badge (the action keeps per-tab values until then).
      await browser.action.setBadgeText({ tabId, text });
      if (color) await browser.action.setBadgeBackgroundColor({ tabId, color });
    } catch {
      // The tab closed meanwhile: nothing to badge.
    }
  },
};

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  handleMessage(message, sender, deps),
);

browser.tabs.onRemoved.addListener((tabId) => {
  void store.serial(tabId, () => store.clearTab(tabId));
});

// A navigation of the tab (a reload, another console page, another site: `url` is left out when
// we have no access to the new one) replaces the frames that reported: forget them and the badge
// count. Content scripts of the new document report again; SPA route changes re-send as well.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status !== 'loading') return;
  void store.serial(tabId, async () => {
    await store.clearTab(tabId);
    await deps.setBadge(tabId, { frames: {} });
  });
});
