/**
 * One frame's loop: navigation or DOM change → busy → read (debounced) → send when the snapshot
 * changed → render badges → ready. Extension APIs are injected (`send`), so this runs in happy-dom
 * tests. Nothing here may throw into the page: every entry point is guarded.
 */
import type { Finding } from '../model/finding';
import type { ContentMessage } from '../model/messages';
import type { PageRoute } from './page-route';
import { HOST_ATTR, type PageRead } from './page-read';
import { setMarker } from './state-marker';

export type Route = PageRoute;

export interface ControllerDeps {
  win: Window;
  /** The URL whose route decides the page (the top console URL when it is readable). */
  routeUrl(): string;
  parseRoute(href: string): Route | null;
  read(doc: Document, route: Route): PageRead;
  send(message: ContentMessage): Promise<Finding[]>;
  render(findings: Finding[], read: PageRead): number;
  clearOverlay(): void;
  /** False once the extension context is gone (reloaded, updated, removed). */
  alive(): boolean;
  /** Called once when the extension context is gone: go quiet. */
  onDead?(): void;
  debounceMs?: number;
}

/** How long a supported route may show no VM (the console renders after its own API calls). */
export const WAIT_FOR_CONTENT_MS = 10_000;
/** A page that never stops changing (a ticker) is still read at least this often. */
export const MAX_DEBOUNCE_MS = 500;

const OBSERVED_ATTRIBUTES = ['class', 'hidden', 'aria-hidden', 'aria-selected', 'aria-expanded', 'aria-checked', 'style', 'value'];

function isOurs(node: Node | null): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).hasAttribute(HOST_ATTR)) return true;
  }
  return false;
}

/** A mutation batch that only touched our own badges and marker is not a page change. */
export function isRelevant(records: MutationRecord[]): boolean {
  return records.some((r) => {
    if (r.type === 'attributes' && r.attributeName?.startsWith('data-vmlint')) return false;
    if (r.type === 'childList') {
      const nodes = [...r.addedNodes, ...r.removedNodes];
      if (nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).hasAttribute(HOST_ATTR))) return false;
    }
    return !isOurs(r.target);
  });
}

export class Controller {
  private observer?: MutationObserver;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private again = false;
  private lastKey = '';
  private lastRoute = '';
  private findings: Finding[] = [];
  private active = false;
  private dead = false;
  private firstPending?: number;
  private waitingSince?: number;
  private giveUp?: ReturnType<typeof setTimeout>;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly deps: ControllerDeps) {}

  private get doc(): Document {
    return this.deps.win.document;
  }

  start(): void {
    const { win } = this.deps;
    const Observer = (win as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver;
    this.observer = new Observer((records: MutationRecord[]) => {
      if (isRelevant(records)) this.changed();
    });
    this.observer.observe(this.doc, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: OBSERVED_ATTRIBUTES,
    });
    const onNav = () => this.changed();
    // The frame is going away (removed, reloaded, navigated, or into the back/forward cache): stop
    // listening on the shell window and tell the worker this frame no longer shows anything.
    const onHide = () => {
      const wasActive = this.active;
      this.stop();
      this.active = false;
      this.lastKey = '';
      if (wasActive) void this.deps.send({ type: 'vmlint/clear' }).catch(() => undefined);
    };
    const onShow = (e: Event) => {
      if ((e as PageTransitionEvent).persisted && !this.dead) this.start();
    };
    win.addEventListener('pagehide', onHide);
    win.addEventListener('pageshow', onShow);
    this.cleanups.push(() => {
      win.removeEventListener('pagehide', onHide);
      win.removeEventListener('pageshow', onShow);
    });
    // SPA routes: the console's hash, pushState, and the Navigation API where it exists; on the
    // top window when this frame may read it (same-origin console frames), else our own.
    const targets = new Set<Window>([win]);
    try {
      if (win.top && win.top !== win && win.top.location.href) targets.add(win.top);
    } catch {
      /* cross-origin top: our own window only */
    }
    for (const t of targets) {
      t.addEventListener('hashchange', onNav);
      t.addEventListener('popstate', onNav);
      const nav = (t as unknown as { navigation?: EventTarget }).navigation;
      nav?.addEventListener('currententrychange', onNav);
      this.cleanups.push(() => {
        t.removeEventListener('hashchange', onNav);
        t.removeEventListener('popstate', onNav);
        nav?.removeEventListener('currententrychange', onNav);
      });
    }
    this.changed();
  }

  /** Something changed: mark busy now (synchronously), read after the burst settles. */
  changed(): void {
    if (this.dead) return;
    try {
      if (this.deps.parseRoute(this.deps.routeUrl())) setMarker(this.doc, 'busy');
      if (this.timer !== undefined) clearTimeout(this.timer);
      const now = Date.now();
      this.firstPending ??= now;
      const wait = Math.max(0, Math.min(this.deps.debounceMs ?? 60, this.firstPending + MAX_DEBOUNCE_MS - now));
      this.timer = setTimeout(() => void this.run(), wait);
    } catch {
      /* never throw into the page */
    }
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.firstPending = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.pass();
    } catch (err) {
      // A reader or render bug must not break the console; say so quietly and stay truthful.
      console.debug('vmlint: read failed', err);
      try {
        this.reset();
      } catch {
        /* the overlay may be half gone: nothing more to do */
      }
      setMarker(this.doc, 'idle');
    } finally {
      this.running = false;
      if (this.again && !this.dead) {
        this.again = false;
        this.changed();
      }
    }
  }

  private async pass(): Promise<void> {
    const route = this.deps.parseRoute(this.deps.routeUrl());
    if (!route) {
      this.waitingSince = undefined;
      // Idle first: the badges are gone now, whatever the worker takes to answer the clear.
      setMarker(this.doc, 'idle');
      if (this.active) {
        this.reset();
        await this.safeSend({ type: 'vmlint/clear' });
      }
      return;
    }
    const read = this.deps.read(this.doc, route);
    if (read.resources.length === 0) {
      await this.awaitContent();
      return;
    }
    this.waitingSince = undefined;
    if (this.giveUp !== undefined) clearTimeout(this.giveUp);
    const key = JSON.stringify(read.resources);
    const routeChanged = route.route !== this.lastRoute;
    if (key !== this.lastKey || routeChanged || !this.active) {
      const findings = await this.safeSend({
        type: 'vmlint/snapshot',
        page: { provider: route.provider, kind: route.kind, route: route.route },
        resources: read.resources,
      });
      if (this.dead) return;
      if (findings === null) {
        // No verdict for what the page shows now: badges of the previous snapshot would describe
        // another VM (the console reuses its nodes), so remove them and say idle.
        this.reset();
        setMarker(this.doc, 'idle');
        return;
      }
      this.findings = findings;
      this.lastKey = key;
      this.lastRoute = route.route;
      this.active = true;
    }
    // Always re-render: the console may have replaced the nodes our badges hung on.
    const shown = this.deps.render(this.findings, read);
    // A newer change is waiting (it arrived during the send): stay busy rather than announce a
    // ready state for a page that is already gone.
    if (this.again || this.timer !== undefined) return;
    setMarker(this.doc, 'ready', shown);
  }

  /**
   * A supported route that shows no VM yet: the console renders after its own API calls, or still
   * shows the previous instance. Badges of the old VM go, the worker forgets it, and the frame
   * stays busy (re-read on every change) until the VM appears; after WAIT_FOR_CONTENT_MS it is idle.
   */
  private async awaitContent(): Promise<void> {
    if (this.active) {
      this.reset();
      await this.safeSend({ type: 'vmlint/clear' });
    }
    const now = Date.now();
    this.waitingSince ??= now;
    if (now - this.waitingSince >= WAIT_FOR_CONTENT_MS) {
      setMarker(this.doc, 'idle');
      return;
    }
    if (this.giveUp !== undefined) clearTimeout(this.giveUp);
    this.giveUp = setTimeout(() => this.changed(), this.waitingSince + WAIT_FOR_CONTENT_MS - now);
  }

  private async safeSend(message: ContentMessage, retry = true): Promise<Finding[] | null> {
    try {
      return await this.deps.send(message);
    } catch (err) {
      const msg = String((err as Error)?.message ?? err);
      if (/context invalidated/i.test(msg) || !this.deps.alive()) {
        this.die();
        return null;
      }
      // The worker may be starting up (MV3 stops it when idle): one more try, then give up.
      if (retry) {
        await new Promise((r) => setTimeout(r, 250));
        return this.safeSend(message, false);
      }
      console.debug('vmlint: worker did not answer', msg);
      return null;
    }
  }

  private reset(): void {
    this.active = false;
    this.deps.clearOverlay();
    this.lastKey = '';
    this.lastRoute = '';
    this.findings = [];
  }

  /** The extension was reloaded or removed: remove everything we added and stop listening. */
  die(): void {
    if (this.dead) return;
    this.dead = true;
    this.stop();
    try {
      this.deps.clearOverlay();
      this.doc.documentElement?.removeAttribute('data-vmlint-state');
      this.doc.documentElement?.removeAttribute('data-vmlint-findings');
    } catch {
      /* page already gone */
    }
    this.deps.onDead?.();
  }

  stop(): void {
    this.observer?.disconnect();
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.giveUp !== undefined) clearTimeout(this.giveUp);
    this.timer = undefined;
    this.giveUp = undefined;
    for (const c of this.cleanups.splice(0)) c();
  }
}
