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
  constructor(private readonly area: SessionArea) {}

  async get(tabId: number): Promise<TabState> {
    const got = await this.area.get(keyOf(tabId));
    const state = got[keyOf(tabId)] as TabState | undefined;
    return state && typeof state === 'object' && state.frames ? state : { frames: {} };
  }

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
