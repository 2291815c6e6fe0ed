/**
 * End-to-end harness: Debian's Chromium with the built extension (dist/), fixture pages served at
 * the real console URLs through request interception with a strict console-like CSP, and a
 * network watch on every target (pages, the worker, the popup): any request that is not a served
 * fixture or the extension's own files is recorded as egress and fails the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Frame, type HTTPRequest, type Page, type Target } from 'puppeteer';
import { EC2_FIXTURE_DIR, FRAME_SRC_PLACEHOLDER, NONCE_PLACEHOLDER, ec2Fixtures, type Ec2Fixture } from '../fixtures/aws/ec2/index';
import { gcpFixtures, type GcpFixture } from '../fixtures/gcp/index';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(REPO, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const NONCE = 'vmlintFixtureNonce';

/** A console-like CSP: no inline script, no eval, scripts only by nonce, Trusted Types. */
export const STRICT_CSP = [
  `script-src 'nonce-${NONCE}' 'strict-dynamic'`,
  `style-src 'nonce-${NONCE}' 'self'`,
  `object-src 'none'`,
  `base-uri 'none'`,
  `require-trusted-types-for 'script'`,
].join('; ');

export interface Harness {
  browser: Browser;
  extensionId: string;
  /** Requests that left the browser without being a served fixture (must stay empty). */
  egress: string[];
  close(): Promise<void>;
}

export async function launch(options: { headless?: boolean } = {}): Promise<Harness> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first');
  const browser = await puppeteer.launch({
    headless: options.headless ?? true,
    pipe: true,
    enableExtensions: true,
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1400,1000',
    ],
    defaultViewport: { width: 1400, height: 1000 },
  });
  const egress: string[] = [];
  const extensionId = await browser.installExtension(DIST);
  // Watch the network of the worker and of extension pages (the popup) too.
  const watch = async (t: Target) => {
    if (!/service_worker|page|other/.test(t.type())) return;
    if (!t.url().startsWith(`chrome-extension://${extensionId}`)) return;
    try {
      const session = await t.createCDPSession();
      await session.send('Network.enable');
      session.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
        if (!e.request.url.startsWith('chrome-extension://') && !e.request.url.startsWith('data:')) egress.push(`${t.type()}: ${e.request.url}`);
      });
    } catch {
      /* target went away */
    }
  };
  // Attach after the worker has activated: a debugger session attached earlier holds it in "parsed".
  await waitForWorker(browser, extensionId);
  browser.on('targetcreated', (t) => void watch(t));
  for (const t of browser.targets()) await watch(t);
  return { browser, extensionId, egress, close: () => browser.close() };
}

/** The worker target, once its script has run (`activated`). */
export async function waitForWorker(browser: Browser, extensionId: string): Promise<Target> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`), { timeout: 20_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('no worker');
  for (let i = 0; i < 200; i++) {
    const state = await worker.evaluate(() => (self as unknown as { serviceWorker?: { state: string } }).serviceWorker?.state).catch(() => undefined);
    if (state === 'activated') return target;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('worker never activated');
}

/**
 * Stops the extension's worker (as Chrome does when idle), through CDP. When the next event
 * restarts it, Chrome reuses the target id, so puppeteer (which auto-attaches with
 * waitForDebuggerOnStart) never sees a new target and never resumes it: the restarted worker would
 * sit paused. A watcher resumes it, as a browser without a debugger attached would run it.
 */
export async function stopWorker(h: Harness, page: Page): Promise<void> {
  const session = await page.createCDPSession();
  await session.send('ServiceWorker.enable');
  await session.send('ServiceWorker.stopAllWorkers');
  await session.detach();
  const isOurs = (t: Target) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${h.extensionId}/`);
  for (let i = 0; i < 100 && h.browser.targets().some(isOurs); i++) await new Promise((r) => setTimeout(r, 20));
  void (async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && h.browser.connected) {
      const t = h.browser.targets().find(isOurs);
      if (t) {
        try {
          const s = await t.createCDPSession();
          await s.send('Runtime.runIfWaitingForDebugger');
          await s.detach();
        } catch {
          /* raced with a stop: try again */
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
}

const FIXTURE_ORIGIN_PATH = '/ec2/vmlint-fixture/';

function frameUrl(consoleUrl: string, fixture: Ec2Fixture): string {
  const u = new URL(consoleUrl);
  return `${u.origin}${FIXTURE_ORIGIN_PATH}${fixture.file}`;
}

function withNonce(html: string): string {
  return html.split(NONCE_PLACEHOLDER).join(NONCE).replace(/<script(?![^>]*\snonce=)/g, `<script nonce="${NONCE}"`).replace(/<style(?![^>]*\snonce=)/g, `<style nonce="${NONCE}"`);
}

const read = (f: string) => readFileSync(join(EC2_FIXTURE_DIR, f), 'utf8');

export interface ServeOptions {
  /** The frame document to put in compute-react-frame. */
  fixture: Ec2Fixture;
  /** Egress list to record unserved requests into. */
  egress: string[];
}

/** A fixture answer: a body with its content type (served with the strict console CSP). */
type Served = { type: string; body: string } | null;

/**
 * Request interception shared by every console's fixtures: the extension's own files pass, the
 * browser's favicon request gets a 404, `serve` answers console URLs, and anything else is
 * recorded as egress and blocked.
 */
async function interceptConsole(page: Page, egress: string[], isConsole: (host: string) => boolean, serve: (u: URL) => Served): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    const url = req.url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:') || url.startsWith('blob:')) {
      void req.continue();
      return;
    }
    const u = new URL(url);
    if (isConsole(u.hostname)) {
      if (u.pathname === '/favicon.ico') {
        // The browser's own request, not the extension's.
        void req.respond({ status: 404, body: '' });
        return;
      }
      const answer = serve(u);
      if (answer) {
        void req.respond({ status: 200, contentType: answer.type, headers: { 'content-security-policy': STRICT_CSP }, body: answer.body });
        return;
      }
    }
    egress.push(`page: ${url}`);
    void req.abort('blockedbyclient');
  });
}

const HTML = 'text/html; charset=utf-8';
const typeOf = (name: string) => (name.endsWith('.css') ? 'text/css' : name.endsWith('.js') ? 'text/javascript' : HTML);

/**
 * Serves the EC2 fixtures at console URLs for this page. The shell is served for every
 * `/ec2/home` URL (the route is in the hash); frame documents and assets under a fixture path.
 */
export async function serveEc2(page: Page, opts: ServeOptions): Promise<void> {
  await interceptConsole(page, opts.egress, (host) => /\.console\.aws\.amazon\.com$/.test(host), (u) => {
    if (/^\/ec2(\/v2)?\/home/.test(u.pathname)) {
      const shell = read('shell.html').split(FRAME_SRC_PLACEHOLDER).join(frameUrl(u.href, opts.fixture));
      return { type: HTML, body: withNonce(shell) };
    }
    const name = u.pathname.split('/').pop() ?? '';
    if (!/^[\w.-]+$/.test(name) || !existsSync(join(EC2_FIXTURE_DIR, name))) return null;
    const type = typeOf(name);
    return { type, body: type === HTML ? withNonce(read(name)) : read(name) };
  });
}

export const GCP_FIXTURE_DIR = join(REPO, 'test/fixtures/gcp');

export interface GcpServeOptions {
  /** Egress list to record unserved requests into. */
  egress: string[];
  /** VM name → fixture name served for that VM's details URL (default: each VM's own fixture). */
  pages?: Record<string, string>;
}

/** The Google Cloud fixture of that name. */
export function gcpFixture(name: string): GcpFixture {
  const f = gcpFixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no GCP fixture ${name}`);
  return f;
}

/**
 * Serves the Google Cloud fixtures at console URLs for this page (one Angular document, no
 * frames): a VM details URL gets the document of that VM, assets (console.css, app.js) are served
 * from any console path, every other request is egress. Same strict CSP as the EC2 pages.
 */
export async function serveGcp(page: Page, opts: GcpServeOptions): Promise<void> {
  const pages: Record<string, string> = { 'web-1': 'instance-details-risky', 'api-2': 'instance-details-hardened', ...opts.pages };
  const byVm = new Map(Object.entries(pages).map(([vm, name]) => [vm, gcpFixture(name)] as const));
  const readGcp = (f: string) => readFileSync(join(GCP_FIXTURE_DIR, f), 'utf8');
  await interceptConsole(page, opts.egress, (host) => host === 'console.cloud.google.com' || host === 'console.cloud.google', (u) => {
    const vm = /^\/compute\/instancesDetail\/zones\/[^/]+\/instances\/([^/]+)$/.exec(u.pathname)?.[1];
    const doc = vm ? byVm.get(vm) : undefined;
    if (doc) return { type: HTML, body: withNonce(readGcp(doc.file)) };
    const name = u.pathname.split('/').pop() ?? '';
    if (/^[\w-]+\.(css|js)$/.test(name) && existsSync(join(GCP_FIXTURE_DIR, name))) return { type: typeOf(name), body: readGcp(name) };
    return null;
  });
}

export function fixture(name: string): Ec2Fixture {
  const f = ec2Fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
}

/** The EC2 app frame of the page. */
export async function appFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const f = page.frames().find((fr) => fr.name() === 'compute-react-frame');
    if (f) return f;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('compute-react-frame never appeared');
}

/** Waits for the contract's ready marker (never a fixed sleep), and returns the findings count. */
export async function waitReady(frame: Frame, opts: { findings?: number; timeout?: number } = {}): Promise<number> {
  const expected = opts.findings;
  await frame.waitForFunction(
    (n: number | null) => {
      const html = document.documentElement;
      if (html.getAttribute('data-vmlint-state') !== 'ready') return false;
      return n === null || html.getAttribute('data-vmlint-findings') === String(n);
    },
    { timeout: opts.timeout ?? 15_000, polling: 50 },
    expected ?? null,
  );
  return Number(await frame.$eval('html', (h) => h.getAttribute('data-vmlint-findings')));
}

export interface BadgeInfo {
  rule: string | null;
  severity: string | null;
  resource: string | null;
  item: string | null;
  parentTag: string;
}

export async function badges(frame: Frame): Promise<BadgeInfo[]> {
  return frame.$$eval('[data-vmlint-host]', (hosts) =>
    hosts.map((h) => ({
      rule: h.getAttribute('data-vmlint-rule'),
      severity: h.getAttribute('data-vmlint-severity'),
      resource: h.getAttribute('data-vmlint-resource'),
      item: h.getAttribute('data-vmlint-item'),
      parentTag: h.parentElement?.tagName ?? '',
    })),
  );
}

/**
 * Runs `action` (a navigation, a click) and waits for the frame's marker to go busy and then
 * ready again: a page-side recorder logs every marker change, so no transition can be missed
 * between polls and no sleep is needed.
 */
export async function afterChange(frame: Frame, action: () => Promise<unknown>, timeout = 15_000): Promise<number> {
  await frame.evaluate(() => {
    const w = window as unknown as { __vmlintLog?: string[]; __vmlintObs?: MutationObserver };
    w.__vmlintLog = [];
    if (!w.__vmlintObs) {
      w.__vmlintObs = new MutationObserver(() => {
        w.__vmlintLog?.push(document.documentElement.getAttribute('data-vmlint-state') ?? 'none');
      });
      w.__vmlintObs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-vmlint-state', 'data-vmlint-findings'] });
    }
  });
  await action();
  await frame.waitForFunction(
    () => {
      const log = (window as unknown as { __vmlintLog?: string[] }).__vmlintLog ?? [];
      const busy = log.indexOf('busy');
      const state = document.documentElement.getAttribute('data-vmlint-state');
      return busy >= 0 && (state === 'ready' || state === 'idle') && log.lastIndexOf(state!) > busy;
    },
    { timeout, polling: 50 },
  );
  return Number((await frame.$eval('html', (h) => h.getAttribute('data-vmlint-findings'))) ?? 0);
}

/**
 * The tab id of a page, asked from an extension page (not the worker: after a CDP stop, puppeteer's
 * handle on the restarted worker can be stale).
 */
export async function tabIdOf(h: Harness, page: Page): Promise<number> {
  const probe = await h.browser.newPage();
  try {
    await probe.goto(`chrome-extension://${h.extensionId}/src/popup/index.html?tabId=0`);
    const url = page.url();
    return await probe.evaluate(async (u: string) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? -1;
    }, url);
  } finally {
    await probe.close();
  }
}

/** Opens the popup for a tab (contract 4: `?tabId=N`) and returns its page. */
export async function openPopup(h: Harness, tabId: number): Promise<Page> {
  const popup = await h.browser.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/src/popup/index.html?tabId=${tabId}`);
  await popup.waitForSelector('main[data-vmlint-popup]:not([data-vmlint-popup="loading"])', { timeout: 10_000 });
  return popup;
}
