/** Shared fakes for the extension unit tests: an in-memory storage.session and worker deps. */
import { vi } from 'vitest';
import type { WorkerDeps } from '../../../src/background/handle-message';
import { TabStore, type SessionArea } from '../../../src/background/tab-store';
import type { CompiledRule } from '../../../src/engine/compile';
import type { TabState } from '../../../src/model/messages';

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
export const CONSOLE_URL = 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abc12345def67890';

/** storage.session in memory: values are cloned on the way in and out, as the real area does. */
export class MemorySession implements SessionArea {
  readonly data = new Map<string, unknown>();
  async get(key: string): Promise<Record<string, unknown>> {
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}

export function makeDeps(rules: CompiledRule[]) {
  const area = new MemorySession();
  const store = new TabStore(area);
  const logs: string[] = [];
  const setBadge = vi.fn(async (_tabId: number, _state: TabState) => {});
  const deps: WorkerDeps = {
    extensionId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    store,
    rules: () => rules,
    setBadge,
    log: (m) => logs.push(m),
    now: () => new Date('2026-06-01T00:00:00Z'),
  };
  return { deps, area, store, logs, setBadge };
}

export const contentSender = (over: Record<string, unknown> = {}) => ({
  id: EXTENSION_ID,
  url: CONSOLE_URL,
  origin: 'https://us-east-1.console.aws.amazon.com',
  tab: { id: 7 },
  frameId: 3,
  ...over,
});

export const popupSender = (over: Record<string, unknown> = {}) => ({
  id: EXTENSION_ID,
  url: `${EXTENSION_ORIGIN}/src/popup/index.html?tabId=7`,
  origin: EXTENSION_ORIGIN,
  ...over,
});
