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
  void store.clearTab(tabId);
});

// A full navigation of the tab replaces every frame: drop what the old page reported.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading' && change.url) void store.clearTab(tabId);
});
