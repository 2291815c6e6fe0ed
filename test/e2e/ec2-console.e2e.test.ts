/**
 * The built extension in Chromium on EC2 fixture pages served at real console URLs, under a strict
 * console-like CSP. Waits on the contract's ready marker, never on sleeps.
 */
import type { Frame, Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterChange, appFrame, badges, fixture, launch, openPopup, serveEc2, stopWorker, tabIdOf, waitReady, type Harness } from './harness';

const RISKY = 'i-0abc12345def67890';
const HARDENED = 'i-0fedcba9876543210';

/** What a person reading the risky page would flag (the fixture's facts), with the badge's item. */
const RISKY_BADGES = [
  'aws-ebs-volumes-encrypted vol-0aaaaaaaaaaaaaaa1 high',
  'aws-ec2-detailed-monitoring-enabled - low',
  'aws-ec2-imds-hop-limit-max-1 - low',
  'aws-ec2-imdsv2-required - high',
  'aws-ec2-no-public-ipv4 - medium',
  'aws-ec2-public-instance-no-instance-profile - high',
  'aws-ec2-source-dest-check-enabled - medium',
  'aws-sg-db-ports-not-public sgr-0ccc3333cccc3333c high',
  'aws-sg-default-group-no-rules sg-0d0d0d0d0d0d0d0d0 medium',
  'aws-sg-ssh-not-public sgr-0aaa1111aaaa1111a critical',
];

let h: Harness;
const pageErrors: string[] = [];

async function open(name: string): Promise<{ page: Page; frame: Frame }> {
  const f = fixture(name);
  const page = await h.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await serveEc2(page, { fixture: f, egress: h.egress });
  await page.goto(f.consoleUrl);
  const frame = await appFrame(page);
  await waitReady(frame);
  return { page, frame };
}

const summary = async (frame: Frame) =>
  (await badges(frame)).map((b) => `${b.rule} ${b.item ?? '-'} ${b.severity}`).sort();

beforeAll(async () => {
  h = await launch();
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  expect(h.egress, 'requests that were not served fixtures').toEqual([]);
  expect(pageErrors, 'errors thrown into the console page').toEqual([]);
});

describe('EC2 instance details', () => {
  it('badges each risky setting with the contract attributes', async () => {
    const { page, frame } = await open('details-risky');
    expect(await summary(frame)).toEqual(RISKY_BADGES);
    const all = await badges(frame);
    expect(new Set(all.map((b) => b.resource))).toEqual(new Set([RISKY]));
    expect(await frame.$eval('html', (x) => x.getAttribute('data-vmlint-findings'))).toBe(String(RISKY_BADGES.length));
    // Badge hosts hang inside the value (a <dd> or a table cell), never as a sibling in the <dl>.
    for (const b of all) expect(['DD', 'DIV', 'SPAN', 'TD']).toContain(b.parentTag);
    // The console shell (top document) holds no EC2 content: no marker there.
    expect(await page.$eval('html', (x) => x.getAttribute('data-vmlint-state'))).toBeNull();
    await page.close();
  });

  it('opens a tip whose command carries the instance id and region, and Copy puts exactly it on the clipboard', async () => {
    const { page, frame } = await open('details-risky');
    await h.browser.defaultBrowserContext().overridePermissions('https://us-east-1.console.aws.amazon.com', ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    const host = 'span[data-vmlint-rule="aws-ec2-imdsv2-required"]';
    await frame.click(`${host} >>> button[data-vmlint-badge]`);
    const command = await frame.$eval(`${host} >>> [data-vmlint-command]`, (c) => c.textContent);
    expect(command).toBe(`aws ec2 modify-instance-metadata-options --instance-id ${RISKY} --http-tokens required --http-endpoint enabled --region us-east-1`);
    await page.bringToFront();
    await frame.click(`${host} >>> button[data-vmlint-copy]`);
    await frame.waitForFunction((sel: string) => document.querySelector(sel)?.shadowRoot?.querySelector('[data-vmlint-copy]')?.textContent === 'Copied', {}, host);
    const clip = await frame.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(command);
    // Escape closes the tip.
    await page.keyboard.press('Escape');
    expect(await frame.$(`${host} >>> [data-vmlint-tip]`)).toBeNull();
    await page.close();
  });

  it('summarises the same findings in the popup (?tabId)', async () => {
    const { page, frame } = await open('details-risky');
    const tabId = await tabIdOf(h, page);
    const popup = await openPopup(h, tabId);
    const card = await popup.$eval(`section[data-vmlint-resource="${RISKY}"]`, (s) => ({
      title: s.querySelector('h2')?.textContent,
      counts: Object.fromEntries([...s.querySelectorAll('[data-severity]')].map((p) => [p.getAttribute('data-severity'), Number(p.getAttribute('data-count'))])),
      failing: [...s.querySelectorAll('.finding[data-vmlint-status="fail"]')].length,
    }));
    expect(card.title).toBe(`web-prod-1 (${RISKY})`);
    expect(card.failing).toBe(RISKY_BADGES.length);
    const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const b of await badges(frame)) bySeverity[b.severity!]++;
    expect(card.counts).toEqual(bySeverity);
    // The toolbar badge shows the failing count, in the worst severity's colour (critical).
    const badge = await popup.evaluate(async (id: number) => ({
      text: await chrome.action.getBadgeText({ tabId: id }),
      color: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
    }), tabId);
    expect(badge.text).toBe(String(RISKY_BADGES.length));
    expect(badge.color.slice(0, 3)).toEqual([0xb3, 0x00, 0x1b]);
    await popup.close();
    await page.close();
  });

  it('says so in the popup when the tab is not a console page', async () => {
    const other = await h.browser.newPage();
    await other.setRequestInterception(true);
    other.on('request', (r) => void r.respond({ status: 200, contentType: 'text/html', body: '<title>elsewhere</title><p>not a console</p>' }));
    await other.goto('https://example.org/');
    const popup = await openPopup(h, await tabIdOf(h, other));
    expect(await popup.$eval('main', (m) => m.getAttribute('data-vmlint-popup'))).toBe('not-console');
    expect(await popup.$eval('main', (m) => m.textContent)).toMatch(/Open a virtual machine in the AWS EC2 console/);
    await popup.close();
    await other.close();
  });

  it('follows SPA navigation: another instance, the hardened one, then a non-instance route', async () => {
    const { page, frame: first } = await open('details-risky');
    // The hardened instance lives in another frame document of the fixture app: wait for it.
    await page.evaluate((id) => {
      location.hash = `#InstanceDetails:instanceId=${id}`;
    }, HARDENED);
    const frame = await appFrame(page);
    await frame.waitForFunction(
      (id: string) => document.documentElement.getAttribute('data-vmlint-state') === 'ready' && !!document.querySelector('[data-testid="header-title"]')?.textContent?.includes(id),
      { polling: 50, timeout: 15_000 },
      HARDENED,
    );
    await waitReady(frame, { findings: 0 });
    expect(await badges(frame)).toEqual([]);
    // Proof that the reader read the values: the popup counts passing checks.
    const popup = await openPopup(h, await tabIdOf(h, page));
    const checked = await popup.$eval(`section[data-vmlint-resource="${HARDENED}"] [data-vmlint-checked]`, (d) => ({
      failing: Number(d.getAttribute('data-failing')),
      passing: Number(d.getAttribute('data-passing')),
      unknown: Number(d.getAttribute('data-unknown')),
    }));
    // Unknown: EBS default encryption, user data and virtualization type are not on the page.
    expect(checked).toEqual({ failing: 0, passing: 15, unknown: 3 });
    await popup.close();
    // A non-instance route removes the badges and leaves the frame idle (the fixture app may load
    // another frame document for it, so read the frame through the shell each time).
    await page.evaluate(() => {
      location.hash = '#Home:';
    });
    await page.waitForFunction(
      () => {
        const d = (document.getElementById('compute-react-frame') as HTMLIFrameElement | null)?.contentDocument;
        return !!d && d.documentElement.getAttribute('data-vmlint-state') === 'idle' && !d.querySelector('[data-vmlint-host]') && !/Instance summary/.test(d.body.textContent ?? '');
      },
      { polling: 50, timeout: 15_000 },
    );
    void first;
    await page.close();
  });

  it('keeps working after the worker is stopped mid-session', async () => {
    const { page, frame } = await open('details-risky');
    await stopWorker(h, page);
    // The next change is a new route (the same instance with a tab parameter): the content script
    // must send again, which wakes the stopped worker; its results come from storage.session.
    const n = await afterChange(frame, () =>
      page.evaluate((id) => {
        location.hash = `#InstanceDetails:instanceId=${id};tab=security`;
      }, RISKY),
    );
    expect(n).toBe(RISKY_BADGES.length);
    const popup = await openPopup(h, await tabIdOf(h, page));
    expect(await popup.$$eval('.finding[data-vmlint-status="fail"]', (x) => x.length)).toBe(RISKY_BADGES.length);
    await popup.close();
    await page.close();
  });

  it('reads lazily rendered tabs when they appear (unknown until then)', async () => {
    const { page, frame } = await open('details-tabs-not-rendered');
    const before = await summary(frame);
    expect(before.some((b) => b.startsWith('aws-sg-'))).toBe(false);
    await frame.click('[role="tab"][data-testid="security"]');
    await frame.waitForFunction(() => !!document.querySelector('[data-vmlint-rule="aws-sg-ssh-not-public"]'), { polling: 50, timeout: 15_000 });
    await waitReady(frame);
    expect(await summary(frame)).toContain('aws-sg-ssh-not-public sgr-0aaa1111aaaa1111a critical');
    await page.close();
  });

  it('reads labels in another order, wrapped, or without data-analytics', async () => {
    const { page, frame } = await open('details-labels-reordered');
    const got = await summary(frame);
    // The Monitoring section is missing on this page: unknown, so no badge.
    expect(got).not.toContain('aws-ec2-detailed-monitoring-enabled - low');
    expect(got).toEqual(RISKY_BADGES.filter((b) => !b.startsWith('aws-ec2-detailed-monitoring-enabled')));
    await page.close();
  });
});

describe('the built extension', () => {
  it('exposes its content-script chunks to the console hosts only, and asks for no more than it needs', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { DIST } = await import('./harness');
    const built = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    const hosts = ['https://*.console.aws.amazon.com/*', 'https://*.console.amazonaws-us-gov.com/*', 'https://*.console.amazonaws.cn/*', 'https://console.cloud.google.com/*', 'https://console.cloud.google/*'];
    for (const war of built.web_accessible_resources) expect([...war.matches].sort()).toEqual([...hosts].sort());
    expect(built.permissions).toEqual(['storage', 'clipboardWrite']);
    expect(built.host_permissions).toEqual(hosts);
  });
});

describe('EC2 instances list with the split panel', () => {
  it('badges the selected instance in the split panel', async () => {
    const { page, frame } = await open('list-split-panel');
    // Per-setting badges (no count): the split panel's instance only; rows get compact ones.
    const got = (await rowBadges(frame)).filter((b) => b.count === null);
    expect(new Set(got.map((b) => b.resource))).toEqual(new Set([RISKY]));
    expect(got.map((b) => b.rule)).toContain('aws-ec2-imdsv2-required');
    await page.close();
  });

  it('puts one compact badge in each other row with a risky visible column; the marker counts every finding', async () => {
    const { page, frame } = await open('list-split-panel');
    // What a person reading each non-selected row would flag, from the row's own cells.
    const rows = await frame.$$eval('table tbody tr[aria-selected]', (trs) => {
      const table = trs[0].closest('table')!;
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
      const col = (tr: Element, h: string) => tr.children[heads.indexOf(h)]?.textContent?.trim() ?? '';
      return trs.map((tr) => ({
        selected: tr.getAttribute('aria-selected') === 'true',
        id: col(tr, 'Instance ID'),
        state: col(tr, 'Instance state'),
        publicIp: col(tr, 'Public IPv4 address'),
        monitoring: col(tr, 'Monitoring'),
        launch: col(tr, 'Launch time'),
      }));
    });
    expect(rows.filter((r) => r.selected).map((r) => r.id)).toEqual([RISKY]);
    const expected = new Map<string, { count: number; worst: string }>();
    for (const r of rows.filter((x) => !x.selected)) {
      const fails: string[] = [];
      if (/^\d/.test(r.publicIp)) fails.push('medium'); // aws-ec2-no-public-ipv4
      if (r.monitoring === 'disabled') fails.push('low'); // aws-ec2-detailed-monitoring-enabled
      // aws-ec2-restarted-within-180-days (info): a running row launched over 180 days ago.
      if (r.state === 'Running' && Date.now() - Date.parse(r.launch) > 180 * 86_400_000) fails.push('info');
      if (fails.length) expected.set(r.id, { count: fails.length, worst: fails[0] });
    }
    // The fixture: batch-worker-3 and legacy-bastion have monitoring disabled; db-internal-2 is clean.
    expect([...expected.keys()].sort()).toEqual(['i-0123456789abcdef1', 'i-0aa11bb22cc33dd44']);

    const all = await rowBadges(frame);
    const compact = all.filter((b) => b.count !== null);
    expect(compact.map((b) => b.resource).sort()).toEqual([...expected.keys()].sort());
    for (const b of compact) {
      const want = expected.get(b.resource!)!;
      expect(b.count, b.resource!).toBe(String(want.count));
      expect(b.severity, b.resource!).toBe(want.worst);
      expect(b.rule).toBeTruthy();
      // In the row's Instance ID cell, as its content's last child.
      expect(b.cellText).toBe(b.resource);
      expect(b.last).toBe(true);
    }
    // The split panel's instance keeps its per-setting badges.
    const perSetting = all.filter((b) => b.count === null);
    expect(perSetting.map((b) => `${b.rule} ${b.item ?? '-'} ${b.severity}`).sort()).toEqual(RISKY_BADGES);
    const total = perSetting.length + compact.reduce((n, b) => n + Number(b.count), 0);
    expect(await frame.$eval('html', (x) => x.getAttribute('data-vmlint-findings'))).toBe(String(total));

    // The tip lists each of the row's failing findings, each with its command.
    const host = `[data-vmlint-host][data-vmlint-resource="i-0aa11bb22cc33dd44"]`;
    await frame.click(`${host} >>> button[data-vmlint-badge]`);
    await frame.waitForSelector(`${host} >>> [data-vmlint-tip]`);
    const listed = await frame.$$eval(`${host} >>> [data-vmlint-tip] li`, (lis) => lis.map((li) => li.getAttribute('data-vmlint-finding')));
    expect(listed).toEqual(['aws-ec2-detailed-monitoring-enabled']);
    expect(await frame.$eval(`${host} >>> [data-vmlint-command]`, (c) => c.textContent)).toBe('aws ec2 monitor-instances --instance-ids i-0aa11bb22cc33dd44 --region us-east-1');
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('selecting another row moves the per-setting badges to it; the other rows keep their compact hosts (no flicker)', async () => {
    const { page, frame } = await open('list-split-panel');
    const kept = ['i-0123456789abcdef1', 'i-0aa11bb22cc33dd44'];
    // Mark the rows' hosts, and record any host the page removes from now on.
    await frame.evaluate((ids: string[]) => {
      const w = window as unknown as { __removedHosts: number };
      w.__removedHosts = 0;
      for (const id of ids) document.querySelector(`[data-vmlint-host][data-vmlint-resource="${id}"]`)!.setAttribute('data-test-mark', id);
      new MutationObserver((recs) => {
        for (const r of recs) for (const n of r.removedNodes) if (n instanceof Element && n.hasAttribute('data-test-mark')) w.__removedHosts++;
      }).observe(document.body, { childList: true, subtree: true });
    }, kept);
    await afterChange(frame, () =>
      frame.$$eval('table tbody tr[aria-selected]', (trs) => {
        const row = trs.find((tr) => tr.textContent?.includes('db-internal-2'))!;
        (row.children[1] as HTMLElement).click();
      }),
    );
    // The split panel may show its loading state first: wait for the badges of the new selection.
    await frame.waitForFunction(
      (id: string) =>
        document.documentElement.getAttribute('data-vmlint-state') === 'ready' &&
        /Instance: i-0fedcba9876543210/.test(document.body.textContent ?? '') &&
        document.querySelector(`[data-vmlint-host][data-vmlint-resource="${id}"]`)?.getAttribute('data-vmlint-count') === '2',
      { polling: 50, timeout: 15_000 },
      RISKY,
    );
    const n = await waitReady(frame);
    const all = await rowBadges(frame);
    // The hardened instance now in the split panel: no per-setting badge; its row has no badge either.
    expect(all.filter((b) => b.resource === HARDENED)).toEqual([]);
    // The previously selected instance is a row now: one compact badge (public IPv4 + monitoring).
    const risky = all.filter((b) => b.resource === RISKY);
    expect(risky.map((b) => [b.rule, b.severity, b.count, b.cellText])).toEqual([['aws-ec2-no-public-ipv4', 'medium', '2', RISKY]]);
    for (const id of kept) {
      expect(await frame.$eval(`[data-vmlint-host][data-vmlint-resource="${id}"]`, (h) => h.getAttribute('data-test-mark'))).toBe(id);
    }
    expect(await frame.evaluate(() => (window as unknown as { __removedHosts: number }).__removedHosts)).toBe(0);
    expect(n).toBe(all.reduce((sum, b) => sum + Number(b.count ?? 1), 0));
    await page.close();
  });
});

/** Every host with its count (compact row badges only) and where it sits. */
async function rowBadges(frame: Frame) {
  return frame.$$eval('[data-vmlint-host]', (hosts) =>
    hosts.map((h) => {
      const cell = h.parentElement!;
      const copy = cell.cloneNode(true) as Element;
      for (const x of copy.querySelectorAll('[data-vmlint-host]')) x.remove();
      return {
        rule: h.getAttribute('data-vmlint-rule'),
        severity: h.getAttribute('data-vmlint-severity'),
        resource: h.getAttribute('data-vmlint-resource'),
        item: h.getAttribute('data-vmlint-item'),
        count: h.getAttribute('data-vmlint-count'),
        cellText: copy.textContent?.trim() ?? '',
        last: cell.lastElementChild === h,
      };
    }),
  );
}
