/**
 * `npm run demo`: the first command to run. Builds the extension, opens Debian's Chromium with it on
 * the bundled EC2 console pages (test/fixtures/aws/ec2, served at their real console URLs by the
 * e2e harness: nothing is fetched from the network), and prints what vmlint found on each page.
 *
 * Without a display (or with --headless) it writes screenshots and exits; with a display it leaves a
 * visible browser open until the user closes it. See `npm run demo -- --help`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ElementHandle, Frame, Page } from 'puppeteer';
import type { Finding } from '../src/model/finding';
import type { TabState } from '../src/model/messages';
import { SEVERITIES } from '../src/model/rule';
import { summarise, type VmSummary } from '../src/popup/summary';
import { CHROMIUM, REPO, afterChange, appFrame, badges, fixture, launch, serveEc2, type BadgeInfo, type Harness } from '../test/e2e/harness';
import { DEMO_HELP, DEMO_USAGE, parseDemoArgs, type DemoOptions } from './demo-args';

const READY_TIMEOUT_MS = 15_000;
const LOAD_TIMEOUT_MS = 15_000;
/** Headless: give up (with a message, not a hang) after this long. */
const WATCHDOG_MS = 90_000;
const VIEW = { width: 1400, height: 1000 };
/** The shell's console header above the EC2 frame (shell.css). */
const SHELL_HEADER_PX = 40;

const started = Date.now();
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint('1');
const dim = paint('2');
const yellow = paint('33');
const SEV_PAINT: Record<string, (s: string) => string> = {
  critical: paint('1;31'),
  high: paint('31'),
  medium: paint('33'),
  low: paint('36'),
  info: paint('34'),
};

/** A failure the user can act on: printed as one message, never as a stack trace. */
class DemoError extends Error {}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const say = (line = '') => process.stdout.write(`${line}\n`);

// ------------------------------------------------------------------------------------------------
// Preconditions: Chromium, then the build.

function checkChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const fromEnv = process.env.CHROMIUM_PATH ? ' ($CHROMIUM_PATH)' : process.env.PUPPETEER_EXECUTABLE_PATH ? ' ($PUPPETEER_EXECUTABLE_PATH)' : '';
  throw new DemoError(
    [
      `Chromium was not found at ${CHROMIUM}${fromEnv}.`,
      'Install Debian\'s Chromium:',
      '    sudo apt-get install chromium',
      'or point CHROMIUM_PATH at a Chromium or Chrome binary:',
      '    CHROMIUM_PATH=/path/to/chromium npm run demo',
    ].join('\n'),
  );
}

function build(): void {
  say(`Building the extension (npm run build)…`);
  const t = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new DemoError(`Could not run npm run build: ${r.error.message}`);
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n');
    const tail = output.slice(-40);
    throw new DemoError(
      [
        `The build failed (npm run build exited with ${r.status ?? r.signal}), so there is no extension to load.`,
        `Its output${output.length > tail.length ? ` (last ${tail.length} lines)` : ''}:`,
        ...tail.map((l) => `  | ${l}`),
        'Fix the error above and run `npm run demo` again.',
      ].join('\n'),
    );
  }
  if (!existsSync(join(REPO, 'dist', 'manifest.json'))) throw new DemoError('npm run build succeeded but wrote no dist/manifest.json.');
  say(`Built dist/ in ${seconds(Date.now() - t)}.`);
}

// ------------------------------------------------------------------------------------------------
// Pages.

interface Opened {
  name: string;
  title: string;
  page: Page;
  frame: Frame;
  consoleUrl: string;
  tabId?: number;
}

const pageErrors: string[] = [];

/** Waits for the ready marker; a timeout becomes a message that says what was waited for. */
async function waitReadyOrExplain(frame: Frame, what: string): Promise<void> {
  try {
    await frame.waitForFunction(() => document.documentElement.getAttribute('data-vmlint-state') === 'ready', { timeout: READY_TIMEOUT_MS, polling: 50 });
  } catch (err) {
    const state = await frame.$eval('html', (h) => h.getAttribute('data-vmlint-state')).catch(() => null);
    throw new DemoError(
      [
        `vmlint did not finish reading ${what} within ${READY_TIMEOUT_MS / 1000} s`,
        `(waited for html[data-vmlint-state=ready] in the compute-react-frame frame; it is ${state === null ? 'not set: the content script did not run' : `"${state}"`}).`,
        'Check that dist/ is a fresh build (run without --no-build) and that the fixtures in test/fixtures/aws/ec2 are intact.',
        dim(`(${(err as Error).message.split('\n')[0]})`),
      ].join('\n'),
    );
  }
}

async function openFixture(h: Harness, name: string, title: string, opts: { page?: Page; background?: boolean } = {}): Promise<Opened> {
  const f = fixture(name);
  const page = opts.page ?? (await h.browser.newPage({ background: opts.background }));
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${String((e as Error).message ?? e)}`));
  await serveEc2(page, { fixture: f, egress: h.egress });
  try {
    await page.goto(f.consoleUrl, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  } catch (err) {
    throw new DemoError(`Could not load the demo page ${f.consoleUrl}: ${(err as Error).message.split('\n')[0]}`);
  }
  let frame: Frame;
  try {
    frame = await appFrame(page);
  } catch {
    throw new DemoError(`The demo page ${f.consoleUrl} has no compute-react-frame frame (is test/fixtures/aws/ec2/shell.html intact?).`);
  }
  await waitReadyOrExplain(frame, `the page "${title}"`);
  return { name, title, page, frame, consoleUrl: f.consoleUrl };
}

/** The frame document's full height at the current width (it scrolls inside the shell's iframe). */
async function contentHeight(frame: Frame): Promise<number> {
  return frame.evaluate(() => Math.ceil(Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0)));
}

/** Screenshot of the whole console page: the viewport grows until the frame needs no scrolling. */
async function fullPageShot(o: Opened, path: string): Promise<void> {
  let height = VIEW.height;
  for (let i = 0; i < 4; i++) {
    const need = Math.min(SHELL_HEADER_PX + (await contentHeight(o.frame)), 8_000);
    if (need <= height) break;
    height = need;
    await o.page.setViewport({ width: VIEW.width, height });
  }
  await o.page.screenshot({ path });
  await o.page.setViewport(VIEW);
}

/** Tab ids of our pages, asked from an extension page (the popup) by URL. */
async function tabIds(ext: Page, pages: Opened[]): Promise<void> {
  const urls = pages.map((p) => p.page.url());
  const ids = await ext.evaluate(async (us: string[]) => {
    const tabs = await chrome.tabs.query({});
    return us.map((u) => tabs.filter((t) => t.url === u).map((t) => t.id ?? -1));
  }, urls);
  // Several tabs can show the same URL; give each page a different tab, in creation order.
  const used = new Set<number>();
  pages.forEach((p, i) => {
    const id = ids[i].find((x) => !used.has(x));
    if (id !== undefined && id >= 0) {
      used.add(id);
      p.tabId = id;
    }
  });
}

/** The tab's state, asked from the popup page exactly as the popup asks for it. */
async function tabState(ext: Page, tabId: number): Promise<TabState | undefined> {
  const reply = await ext.evaluate(
    (id: number) => chrome.runtime.sendMessage({ type: 'vmlint/tab-state', tabId: id }) as Promise<{ ok: boolean; state?: unknown }>,
    tabId,
  );
  return reply?.ok ? (reply.state as TabState) : undefined;
}

async function openPopupPage(h: Harness, tabId: number, opts: { background?: boolean } = {}): Promise<Page> {
  const popup = await h.browser.newPage({ background: opts.background });
  await popup.setViewport({ width: 460, height: 600 });
  await popup.goto(`chrome-extension://${h.extensionId}/src/popup/index.html?tabId=${tabId}`);
  try {
    await popup.waitForSelector('main[data-vmlint-popup]:not([data-vmlint-popup="loading"])', { timeout: 10_000 });
  } catch {
    throw new DemoError('The vmlint popup did not finish loading within 10 s (main[data-vmlint-popup] stayed "loading").');
  }
  return popup;
}

// ------------------------------------------------------------------------------------------------
// The summary.

interface VmReport {
  summary: VmSummary;
  /** Unknown checks: the rule title and what the page did not show. */
  unknown: Array<{ title: string; needs: string }>;
}

interface PageReport {
  title: string;
  url: string;
  vms: VmReport[];
  onPage: BadgeInfo[];
}

const keyOf = (ruleId: string, resourceId: string, item?: string | null) => `${ruleId}|${resourceId}|${item ?? ''}`;

/** The first CLI command of a finding's fix (filled in), with what to know before running it. */
function firstCommand(f: Finding): string[] {
  const steps = f.fix?.cli ?? [];
  const i = steps.findIndex((s) => s.command !== undefined);
  if (i < 0) {
    const note = steps.find((s) => s.note)?.note ?? f.fix?.console[0];
    return note ? [dim(`(no CLI command) ${note}`)] : [];
  }
  const step = steps[i];
  const lines = step.command!.split('\n').map((l, n) => (n === 0 ? `$ ${l}` : `  ${l}`));
  const extra: string[] = [];
  if (step.disruptive) extra.push('disruptive: stops or replaces the VM');
  if (step.unfilled.length) extra.push(`fill in ${step.unfilled.join(' ')} first`);
  const more = steps.filter((s, n) => n > i && s.command !== undefined).length;
  if (more) extra.push(`${more} more step${more > 1 ? 's' : ''} in the tip`);
  return extra.length ? [...lines, dim(`(${extra.join('; ')})`)] : lines;
}

/** "not known whether it applies (not seen: instanceLifecycle)" → what the page would have to show. */
function needsOf(reason: string | undefined): string {
  const seen = /not seen: (.+?)\)?$/.exec(reason ?? '');
  if (!seen) return reason ?? 'not shown on this page';
  return `${seen[1]} is not on this page${/whether it applies/.test(reason ?? '') ? ' (needed to know whether the rule applies)' : ''}`;
}

/** What identifies a VM's failing findings, to say "same as above" instead of repeating them. */
const fingerprint = (s: VmSummary) => JSON.stringify(s.failingFindings.map((f) => [f.ruleId, f.item, f.severity, f.fix?.cli]));

const countsLine = (s: VmSummary) =>
  SEVERITIES.filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => `${s.bySeverity[sev]} ${sev}`)
    .join(', ');

function printReport(r: PageReport, printed: Map<string, string>): void {
  say(bold(`▸ ${r.title}`));
  say(dim(`  ${r.url}`));
  if (r.vms.length === 0) {
    say('  vmlint reported no instance on this page.');
    return;
  }
  const badgeKeys = new Set(r.onPage.map((b) => keyOf(b.rule ?? '', b.resource ?? '', b.item)));
  for (const { summary: s, unknown } of r.vms) {
    const vm = s.resource;
    say(`  ${bold(vm.name ? `${vm.id} (${vm.name})` : vm.id)}${dim([vm.region, vm.state].filter(Boolean).map((x) => ` · ${x}`).join(''))}`);
    const badged = s.failingFindings.filter((f) => badgeKeys.has(keyOf(f.ruleId, f.resourceId, f.item))).length;
    const fp = fingerprint(s);
    const earlier = s.failingFindings.length ? printed.get(`${vm.id}|${fp}`) : undefined;
    if (s.failingFindings.length === 0) {
      say(`    ${paint('32')('✓ no failing check: no badge on the page')}`);
    } else if (earlier) {
      say(`    the same ${s.failingFindings.length} failing checks as on "${earlier}" above (${countsLine(s)}), ${badged} of them badged on this page`);
    } else {
      printed.set(`${vm.id}|${fp}`, r.title);
      for (const sev of SEVERITIES) {
        const list = s.failingFindings.filter((f) => f.severity === sev);
        if (!list.length) continue;
        say(`    ${SEV_PAINT[sev](`${sev.toUpperCase()} (${list.length})`)}`);
        for (const f of list) {
          const noBadge = badgeKeys.has(keyOf(f.ruleId, f.resourceId, f.item)) ? '' : yellow(' [no badge on this page: popup only]');
          say(`      ✗ ${f.title}${f.item ? dim(` — ${f.item}`) : ''}${noBadge}`);
          for (const l of firstCommand(f)) say(`          ${l}`);
        }
      }
    }
    say(`    checked ${s.rulesChecked} rules: ${s.failing} failing, ${s.passing} passing, ${s.unknown} unknown${s.notApplicable ? `, ${s.notApplicable} not applicable` : ''}`);
    for (const u of unknown) say(dim(`      ? ${u.title}: ${u.needs}`));
  }
  const stray = r.onPage.filter((b) => !r.vms.some((v) => v.summary.failingFindings.some((f) => keyOf(f.ruleId, f.resourceId, f.item) === keyOf(b.rule ?? '', b.resource ?? '', b.item))));
  for (const b of stray) say(yellow(`    note: the page has a ${b.rule} badge on ${b.resource} that the popup's state does not list`));
}

function unknownOf(state: TabState, resourceId: string): VmReport['unknown'] {
  const out = new Map<string, string>();
  for (const fr of Object.values(state.frames)) {
    for (const f of fr.findings) if (f.resourceId === resourceId && f.status === 'unknown' && !out.has(f.title)) out.set(f.title, needsOf(f.reason));
  }
  return [...out].map(([title, needs]) => ({ title, needs }));
}

async function collectReports(ext: Page, pages: Opened[]): Promise<PageReport[]> {
  const reports: PageReport[] = [];
  for (const p of pages) {
    const state = p.tabId === undefined ? undefined : await tabState(ext, p.tabId);
    const vms = state ? summarise(state).map((summary) => ({ summary, unknown: unknownOf(state, summary.resource.id) })) : [];
    reports.push({ title: p.title, url: p.consoleUrl, vms, onPage: await badges(p.frame) });
  }
  return reports;
}

function printReports(reports: PageReport[]): void {
  say();
  say(bold('What vmlint found'));
  say(dim('Each ✗ is a check the instance fails: its title says what vmlint expects. Below it, the first fix'));
  say(dim('command, filled in with the instance\'s own ids and region. Unknown (?) means the page did not show'));
  say(dim('the setting: never counted as a pass.'));
  const printed = new Map<string, string>();
  for (const r of reports) {
    say();
    printReport(r, printed);
  }
}

/**
 * The harness's egress check: every request from the demo tabs, the worker and vmlint's own pages
 * that is not a served demo page is blocked and listed. `from` skips entries already printed.
 */
function printEgress(h: Harness, opts: { from?: number; errorsFrom?: number; afterSession?: boolean } = {}): void {
  const leaked = h.egress.slice(opts.from ?? 0);
  const errors = pageErrors.slice(opts.errorsFrom ?? 0);
  say();
  if (leaked.length === 0) {
    say(`Network: no request left the browser${opts.afterSession ? ' during the session' : ''} (only the bundled demo pages were served).`);
  } else {
    say(yellow(`WARNING: ${plural(leaked.length, 'request')} tried to leave the browser and ${leaked.length === 1 ? 'was' : 'were'} blocked (not a served demo page):`));
    for (const e of leaked) say(yellow(`  ${e}`));
    if (opts.afterSession) say(yellow('  (links you followed in the demo tabs to pages outside the demo count here too)'));
  }
  if (errors.length) {
    say(yellow(`WARNING: ${plural(errors.length, 'error')} thrown into the console pages:`));
    for (const e of errors) say(yellow(`  ${e}`));
  }
}

// ------------------------------------------------------------------------------------------------
// Headless: screenshots and the summary.

interface Shot {
  file: string;
  what: string;
}

/** Rules of the badges a person can see right now (hosts on hidden tabs have no box). */
async function visibleBadges(frame: Frame): Promise<string[]> {
  return frame.$$eval('[data-vmlint-host]', (hosts) =>
    hosts
      .filter((host) => {
        const r = host.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      })
      .map((host) => host.getAttribute('data-vmlint-rule') ?? ''),
  );
}

async function badgeButton(frame: Frame, rule: string): Promise<ElementHandle<Element>> {
  const button = await frame.$(`span[data-vmlint-rule="${rule}"] >>> button[data-vmlint-badge]`);
  if (!button) throw new DemoError(`The ${rule} badge is missing from the risky page, so its tip cannot be shown.`);
  return button;
}

/**
 * Opens the rule's tip with the viewport tall enough that the whole tip shows (the tip is fixed
 * below its badge, at most 70% of the frame's height, and closes when the page scrolls).
 */
async function openTipFully(o: Opened, rule: string): Promise<void> {
  const tipSel = `span[data-vmlint-rule="${rule}"] >>> [data-vmlint-tip]`;
  await (await badgeButton(o.frame, rule)).click();
  await o.frame.waitForSelector(tipSel, { timeout: 5_000 });
  const m = await o.frame.$eval(tipSel, (t) => ({ top: t.getBoundingClientRect().top, full: t.scrollHeight, inner: innerHeight }));
  const need = Math.ceil(Math.max(m.top + m.full + 16, m.full / 0.7 + 4));
  if (need > m.inner) {
    await o.page.keyboard.press('Escape');
    await o.page.setViewport({ width: VIEW.width, height: SHELL_HEADER_PX + need });
    await (await badgeButton(o.frame, rule)).click();
    await o.frame.waitForSelector(tipSel, { timeout: 5_000 });
  }
  const fits = await o.frame.$eval(tipSel, (t) => {
    const r = t.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && t.scrollHeight <= t.clientHeight + 1;
  });
  if (!fits) say(yellow(`  note: the ${rule} tip does not fit on screen even at ${SHELL_HEADER_PX + need}px: the screenshot shows it clipped`));
}

async function headless(h: Harness, opts: DemoOptions): Promise<void> {
  mkdirSync(opts.outDir, { recursive: true });
  const shots: Shot[] = [];
  const out = (file: string) => join(opts.outDir, file);
  const shot = (file: string, what: string) => shots.push({ file, what });

  say('Opening the demo console pages…');
  const risky = await openFixture(h, 'details-risky', 'Instance details: a risky instance');

  // (a) the risky instance with its badges.
  const all = (await badges(risky.frame)).length;
  const onDetails = (await visibleBadges(risky.frame)).length;
  await fullPageShot(risky, out('1-risky-details.png'));
  shot(
    '1-risky-details.png',
    `instance details of i-0abc12345def67890 (web-prod-1), Details tab: ${plural(onDetails, 'severity badge')} beside the risky settings (the other ${all - onDetails} are on the Security, Networking and Storage tabs)`,
  );

  // (b) one fix tip open: IMDSv2.
  await openTipFully(risky, 'aws-ec2-imdsv2-required');
  await risky.page.screenshot({ path: out('2-fix-tip-imdsv2.png') });
  shot('2-fix-tip-imdsv2.png', 'the same page with the IMDSv2 badge clicked: why it matters, the console steps, the fix command with the instance id and region filled in');
  await risky.page.keyboard.press('Escape');
  await risky.page.setViewport(VIEW);

  // (c) the Security tab: the security-group rule badges.
  try {
    await afterChange(risky.frame, () => risky.frame.click('[role="tab"][data-testid="security"]'), READY_TIMEOUT_MS);
  } catch {
    throw new DemoError('vmlint did not finish re-reading the risky page after its Security tab was opened (15 s).');
  }
  await fullPageShot(risky, out('3-security-tab.png'));
  const sgBadges = (await visibleBadges(risky.frame)).filter((r) => r.startsWith('aws-sg-')).length;
  shot('3-security-tab.png', `the risky instance's Security tab: ${plural(sgBadges, 'badge')} on the security groups: SSH and MySQL open to the internet, the default group with rules`);

  // (d) the instances list with the split panel.
  const list = await openFixture(h, 'list-split-panel', 'Instances list with the split panel (web-prod-1 selected)');
  await listShot(list, out('4-instances-list.png'));
  // Per-setting badges (the split panel's instance) and the rows' compact ones (data-vmlint-count).
  const inPanel = await list.frame.$$eval('[data-vmlint-host]:not([data-vmlint-count])', (hosts) =>
    hosts.filter((host) => host.getBoundingClientRect().width > 0).length,
  );
  const inRows = await list.frame.$$eval('[data-vmlint-host][data-vmlint-count]', (hosts) => hosts.length);
  shot('4-instances-list.png', `the Instances list with web-prod-1 selected; the split panel below the table (opened tall) shows ${plural(inPanel, 'badge')} on its Details tab, and ${plural(inRows, 'other row')} of the table carry one compact badge each (count and worst severity)`);

  // (e) the hardened instance.
  const hardened = await openFixture(h, 'details-hardened', 'Instance details: a hardened instance');
  await fullPageShot(hardened, out('5-hardened-details.png'));
  const hardenedBadges = (await badges(hardened.frame)).length;
  shot('5-hardened-details.png', `instance details of i-0fedcba9876543210 (db-internal-2), hardened: ${hardenedBadges === 0 ? 'no badge anywhere on the page' : `${plural(hardenedBadges, 'badge')} (unexpected)`}`);

  // (f) the popup for the risky tab.
  const pages = [risky, list, hardened];
  const probe = await h.browser.newPage();
  await probe.goto(`chrome-extension://${h.extensionId}/src/popup/index.html?tabId=0`);
  await tabIds(probe, pages);
  await probe.close();
  if (risky.tabId === undefined) throw new DemoError('Could not find the risky page\'s tab id (chrome.tabs.query from the popup page).');
  const popup = await openPopupPage(h, risky.tabId);
  // The toolbar popup scrolls inside <main> (max-height 540px); unroll it to show every finding.
  const popupHeight = await popup.evaluate(() => {
    const main = document.querySelector('main');
    if (main) main.style.maxHeight = 'none';
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  });
  await popup.setViewport({ width: 460, height: Math.min(Math.max(popupHeight, 200), 8_000) });
  await popup.screenshot({ path: out('6-popup.png') });
  shot('6-popup.png', 'the toolbar popup for the risky tab (460 px wide, unrolled): counts by severity, "checked N rules", each failing finding with its fix command and Copy');

  const reports = await collectReports(popup, pages);
  await popup.close();
  printReports(reports);
  printEgress(h);

  say();
  say(bold(`Screenshots in ${displayPath(opts.outDir)}/`));
  for (const s of shots) say(`  ${s.file.padEnd(24)} ${s.what}`);
}

/** The list page: the split panel opened tall enough (as if dragged up) to show its badges. */
async function listShot(o: Opened, path: string): Promise<void> {
  const panelHeight = await o.frame.evaluate(() => {
    const drawer = document.querySelector<HTMLElement>('[class*="awsui_drawer-content-bottom_"]');
    const panel = drawer?.parentElement?.closest<HTMLElement>('[class*="awsui_drawer_"], [class*="awsui_split-panel"]') ?? drawer?.parentElement;
    if (!drawer || !panel) return 0;
    const header = panel.getBoundingClientRect().height - drawer.clientHeight;
    return Math.ceil(header + drawer.scrollHeight + 4);
  });
  const tableBottom = await o.frame.evaluate(() => {
    const rows = [...document.querySelectorAll('table tbody tr')].filter((r) => !r.closest('[class*="awsui_split-panel"], section'));
    const last = rows[rows.length - 1];
    return last ? Math.ceil(last.getBoundingClientRect().bottom + 24) : 480;
  });
  if (panelHeight > 0) {
    await afterChange(o.frame, async () => {
      await o.page.setViewport({ width: VIEW.width, height: SHELL_HEADER_PX + tableBottom + panelHeight });
      await o.frame.evaluate((px: number) => {
        const drawer = document.querySelector<HTMLElement>('[class*="awsui_drawer-content-bottom_"]');
        const sized = drawer?.closest<HTMLElement>('.fx-style-11') ?? drawer?.parentElement;
        sized?.style.setProperty('block-size', `${px}px`, 'important');
      }, panelHeight);
    });
  }
  // The split panel is pinned to the bottom: shrink the viewport to close the gap above it.
  const gap = await o.frame.evaluate(() => {
    const drawer = document.querySelector('[class*="awsui_drawer-content-bottom_"]');
    const panel = drawer?.closest('section') ?? drawer;
    const rows = [...document.querySelectorAll('table tbody tr')].filter((r) => !panel?.contains(r));
    const last = rows[rows.length - 1];
    return panel && last ? panel.getBoundingClientRect().top - last.getBoundingClientRect().bottom : 0;
  });
  const viewport = o.page.viewport();
  if (gap > 48 && viewport) await o.page.setViewport({ width: viewport.width, height: Math.round(viewport.height - (gap - 32)) });
  await o.page.screenshot({ path });
  await o.page.setViewport(VIEW);
}

function displayPath(p: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

// ------------------------------------------------------------------------------------------------
// With a display: a visible browser, left open.

async function headed(h: Harness): Promise<void> {
  const blank = (await h.browser.pages()).find((p) => p.url() === 'about:blank');
  const risky = await openFixture(h, 'details-risky', 'Instance details: a risky instance', { page: blank });
  await risky.page.setViewport(null);
  const list = await openFixture(h, 'list-split-panel', 'Instances list with the split panel (web-prod-1 selected)', { background: true });
  await list.page.setViewport(null);
  const hardened = await openFixture(h, 'details-hardened', 'Instance details: a hardened instance', { background: true });
  await hardened.page.setViewport(null);
  const pages = [risky, list, hardened];
  const probe = await h.browser.newPage({ background: true });
  await probe.goto(`chrome-extension://${h.extensionId}/src/popup/index.html?tabId=0`);
  await tabIds(probe, pages);
  printReports(await collectReports(probe, pages));
  await probe.close();
  await risky.page.bringToFront();
  printEgress(h);
  const egressSeen = h.egress.length;
  const errorsSeen = pageErrors.length;
  say();
  say(bold('Chromium is open with vmlint on the risky instance (tab 1); tabs 2 and 3 show the instances list and the hardened instance.'));
  say('  Click a badge to open its fix tip (Escape closes it), open the Security tab for the rule badges,');
  say('  and click the vmlint icon (under the puzzle piece in the toolbar) for the popup.');
  say('  Close the browser window, or press Ctrl-C here, to end the demo.');
  const ended = await new Promise<'closed' | 'signal'>((resolve) => {
    h.browser.once('disconnected', () => resolve('closed'));
    // Puppeteer's own SIGINT/SIGTERM handlers kill Chromium and exit (130/143) right after this
    // one: say goodbye and print the session's egress check first, synchronously.
    const onSignal = (signal: NodeJS.Signals) => {
      say(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: closing the browser.`);
      printEgress(h, { from: egressSeen, errorsFrom: errorsSeen, afterSession: true });
      resolve('signal');
    };
    process.prependOnceListener('SIGINT', onSignal);
    process.prependOnceListener('SIGTERM', onSignal);
  });
  if (ended === 'closed') {
    say('\nThe browser was closed.');
    printEgress(h, { from: egressSeen, errorsFrom: errorsSeen, afterSession: true });
  }
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const cmd = parseDemoArgs(process.argv.slice(2), { display: process.env.DISPLAY, repo: REPO, cwd: process.env.INIT_CWD ?? process.cwd() });
  if (cmd.kind === 'help') {
    say(DEMO_HELP.trimEnd());
    return 0;
  }
  if (cmd.kind === 'error') {
    process.stderr.write(`npm run demo: ${cmd.message}\nUsage: ${DEMO_USAGE}\n`);
    return 2;
  }
  say(bold('vmlint demo') + dim(` — ${cmd.modeReason}`));
  checkChromium();
  if (cmd.build) build();
  else if (!existsSync(join(REPO, 'dist', 'manifest.json'))) throw new DemoError('dist/ is missing: run without --no-build (or `npm run build` first).');
  if (!cmd.headless && cmd.outGiven) say(dim('(--out is only used headless: a visible browser writes no screenshots)'));

  let h: Harness;
  try {
    h = await launch({ headless: cmd.headless });
  } catch (err) {
    throw new DemoError(`Chromium (${CHROMIUM}) did not start with the extension: ${(err as Error).message.split('\n')[0]}`);
  }
  let watchdog: NodeJS.Timeout | undefined;
  try {
    if (cmd.headless) {
      watchdog = setTimeout(() => {
        process.stderr.write(`\nnpm run demo: gave up after ${WATCHDOG_MS / 1000} s (the browser stopped responding).\n`);
        void h.close().finally(() => process.exit(1));
      }, WATCHDOG_MS);
      watchdog.unref();
      await headless(h, cmd);
      say();
      say(`Done in ${seconds(Date.now() - started)}.`);
      // Anything that left the browser fails the demo, as it fails the e2e tests.
      return h.egress.length ? 1 : 0;
    }
    await headed(h);
    return 0;
  } finally {
    if (watchdog) clearTimeout(watchdog);
    await h.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof DemoError) process.stderr.write(`\nnpm run demo: ${err.message}\n`);
    else process.stderr.write(`\nnpm run demo failed: ${(err as Error)?.message ?? String(err)}\n${process.env.DEBUG ? `${(err as Error)?.stack ?? ''}\n` : '(set DEBUG=1 for the stack trace)\n'}`);
    process.exit(1);
  },
);
