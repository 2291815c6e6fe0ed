/**
 * The worker's message handling, free of extension APIs (they are passed in) so that it runs in
 * unit tests. Every message is validated with zod and its sender checked; anything else is
 * rejected with a logged reason and never throws.
 */
import type { CompiledRule } from '../engine/compile';
import { evaluateResource } from '../engine/evaluate';
import { ContentMessage, TabStateRequest, type TabState } from '../model/messages';
import { allFindings, type TabStore } from './tab-store';
import { isContentSender, isExtensionPageSender, type SenderLike } from './sender';

export interface WorkerDeps {
  extensionId: string;
  extensionOrigin: string;
  store: TabStore;
  rules: () => CompiledRule[];
  setBadge(tabId: number, state: TabState): Promise<void>;
  log(message: string): void;
  now?: () => Date;
}

export type Reply = { ok: true; [k: string]: unknown } | { ok: false; error: string };

/** Largest message accepted, in characters of JSON (a 2,000-row list is far below this). */
export const MAX_MESSAGE_CHARS = 8_000_000;

function tooLarge(message: unknown): boolean {
  try {
    return (JSON.stringify(message) ?? '').length > MAX_MESSAGE_CHARS;
  } catch {
    return true;
  }
}

function reject(deps: WorkerDeps, why: string): Reply {
  deps.log(`vmlint: rejected message: ${why}`);
  return { ok: false, error: why };
}

export async function handleMessage(message: unknown, sender: SenderLike, deps: WorkerDeps): Promise<Reply> {
  try {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'vmlint/tab-state') {
      if (!isExtensionPageSender(sender, deps.extensionId, deps.extensionOrigin)) return reject(deps, 'tab-state from a sender that is not an extension page');
      const req = TabStateRequest.safeParse(message);
      if (!req.success) return reject(deps, `malformed tab-state: ${req.error.issues[0]?.message}`);
      return { ok: true, state: await deps.store.get(req.data.tabId) };
    }
    if (!isContentSender(sender, deps.extensionId)) return reject(deps, `message from an unexpected sender (${sender.url ?? 'no url'})`);
    if (tooLarge(message)) return reject(deps, 'message too large');
    const parsed = ContentMessage.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reject(deps, `malformed message: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`);
    }
    const tabId = sender.tab!.id!;
    const frameId = sender.frameId ?? 0;
    if (parsed.data.type === 'vmlint/clear') {
      await deps.store.serial(tabId, async () => {
        const state = await deps.store.setFrame(tabId, frameId, null);
        await deps.setBadge(tabId, state);
      });
      return { ok: true };
    }
    const { page, resources } = parsed.data;
    const rules = deps.rules();
    const now = (deps.now?.() ?? new Date()).toISOString();
    const findings = resources.flatMap((r) => evaluateResource(rules, r, { now }));
    const rulesChecked = rules.filter((r) => r.rule.provider === page.provider).length;
    await deps.store.serial(tabId, async () => {
      const state = await deps.store.setFrame(tabId, frameId, {
        url: sender.url!,
        page,
        resources,
        findings,
        rulesChecked,
        updatedAt: Date.now(),
      });
      await deps.setBadge(tabId, state);
    });
    return { ok: true, findings };
  } catch (err) {
    return reject(deps, `internal error: ${String((err as Error)?.message ?? err)}`);
  }
}

export { allFindings };
