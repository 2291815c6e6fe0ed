/**
 * Per-tab results, kept in storage.session: MV3 may stop the worker at any moment, and the popup
 * or the next message must still find what the page reported. Keys: `tab:<tabId>`.
 */
import type { FrameState, TabState } from '../model/messages';

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

const keyOf = (tabId: number) => `tab:${tabId}`;

export class TabStore {
  /** One queue per tab: frames report concurrently, and each change is a read-modify-write. */
  private readonly queues = new Map<number, Promise<unknown>>();

  constructor(private readonly area: SessionArea) {}

  /** Runs `work` after every earlier operation on this tab has finished (none is lost). */
  serial<T>(tabId: number, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(tabId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(tabId, settled);
    void settled.then(() => {
      if (this.queues.get(tabId) === settled) this.queues.delete(tabId);
    });
    return next;
  }

  async get(tabId: number): Promise<TabState> {
    const got = await this.area.get(keyOf(tabId));
    const state = got[keyOf(tabId)] as TabState | undefined;
    return state && typeof state === 'object' && state.frames ? state : { frames: {} };
  }

  /** Call inside `serial(tabId, …)` when several frames may report at once. */
  async setFrame(tabId: number, frameId: number, frame: FrameState | null): Promise<TabState> {
    const state = await this.get(tabId);
    if (frame) state.frames[String(frameId)] = frame;
    else delete state.frames[String(frameId)];
    if (Object.keys(state.frames).length === 0) await this.area.remove(keyOf(tabId));
    else await this.area.set({ [keyOf(tabId)]: state });
    return state;
  }

  async clearTab(tabId: number): Promise<void> {
    await this.area.remove(keyOf(tabId));
  }
}

export function allFindings(state: TabState) {
  return Object.values(state.frames).flatMap((f) => f.findings);
}
