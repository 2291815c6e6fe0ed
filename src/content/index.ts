/**
 * vmlint content script, one per console frame.
 *
 *   frame ──▶ nothing to read? (console shell holding the app frame, helper frame of scripts)
 *     │          └─ wait quietly for content, or stay idle
 *     ▼
 *   route (top URL hash / path) ──▶ page reader (labels, tables; read-only, never throws)
 *     ▼                                   │ VmSnapshot + anchors
 *   html[data-vmlint-state=busy]          ▼
 *     ▼                        background worker (zod-validated; rules; findings)
 *   badges in shadow roots  ◀─────────────┘
 *     ▼
 *   html[data-vmlint-state=ready][data-vmlint-findings=N]
 *
 * Navigation (hash, pushState, Navigation API) and DOM changes (one batched MutationObserver that
 * ignores our own nodes) restart the loop; a dead extension context tears everything down.
 */
import browser from 'webextension-polyfill';
import type { Finding } from '../model/finding';
import type { ContentMessage } from '../model/messages';
import { BadgeLayer } from '../overlay/render-badges';
import { Controller } from './controller';
import { frameHasAppContent, isConsoleShell } from './frame-filter';
import { parseRoute, readPage } from './page-kinds';

function topUrl(): string {
  try {
    return window.top?.location.href ?? location.href;
  } catch {
    return location.href;
  }
}

/** A worker that never answers must not leave the page "busy" forever. */
const SEND_TIMEOUT_MS = 10_000;

async function send(message: ContentMessage): Promise<Finding[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the worker did not answer in time')), SEND_TIMEOUT_MS);
  });
  const reply = (await Promise.race([browser.runtime.sendMessage(message), timeout]).finally(() => clearTimeout(timer))) as {
    ok: boolean;
    findings?: Finding[];
    error?: string;
  };
  if (!reply?.ok) throw new Error(reply?.error ?? 'no reply');
  return reply.findings ?? [];
}

function start(): void {
  const layer = new BadgeLayer(document);
  const controller = new Controller({
    win: window,
    routeUrl: topUrl,
    parseRoute,
    read: readPage,
    send,
    render: (findings, read) => layer.render(findings, read),
    clearOverlay: () => layer.clear(),
    alive: () => {
      try {
        return !!browser.runtime?.id;
      } catch {
        return false;
      }
    },
  });
  controller.start();
}

function boot(): void {
  try {
    // The console shell only hosts the EC2 app's frame; the frame's own content script reads it.
    if (isConsoleShell(document)) return;
    if (frameHasAppContent(document)) {
      start();
      return;
    }
    // Helper frames hold only scripts; an app frame may fill its body later. Watch the body's
    // children only (cheap), and start once something other than a script appears.
    const body = document.body;
    if (!body) return;
    const watch = new MutationObserver(() => {
      if (frameHasAppContent(document)) {
        watch.disconnect();
        start();
      }
    });
    watch.observe(body, { childList: true });
  } catch (err) {
    console.debug('vmlint: not started', err);
  }
}

boot();
