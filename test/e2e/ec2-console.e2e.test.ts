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
    const got = await badges(frame);
    expect(new Set(got.map((b) => b.resource))).toEqual(new Set([RISKY]));
    expect(got.map((b) => b.rule)).toContain('aws-ec2-imdsv2-required');
    await page.close();
  });
});
