/**
 * The built extension in Chromium on the Google Cloud console's VM instance details page
 * (test/fixtures/gcp/), served at the real console URL under a strict console-like CSP. One
 * Angular document, no frames; History-API navigation between VMs. Waits on the contract's ready
 * marker, never on sleeps.
 */
import type { Frame, Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterChange, badges, gcpFixture, launch, openPopup, serveGcp, tabIdOf, waitReady, type Harness } from './harness';

const URL_RISKY = 'https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project';
const RISKY = 'projects/demo-project/zones/us-central1-a/instances/web-1';

/** The risky fixture's facts (test/fixtures/gcp/instance-details-risky.html): rule, item, severity. */
const RISKY_BADGES = [
  'gcp-disk-customer-managed-key web-1 low',
  'gcp-disk-customer-managed-key web-1-data low',
  'gcp-vm-block-project-ssh-keys - medium',
  'gcp-vm-confidential-computing - info',
  'gcp-vm-default-sa-no-full-scope - high',
  'gcp-vm-deletion-protection - low',
  'gcp-vm-ip-forwarding-disabled - medium',
  'gcp-vm-no-default-service-account - medium',
  'gcp-vm-no-external-ip - medium',
  'gcp-vm-os-login-enabled - medium',
  'gcp-vm-shielded-secure-boot - low',
];

let h: Harness;
const pageErrors: string[] = [];

async function open(url = URL_RISKY, pages?: Record<string, string>): Promise<{ page: Page; frame: Frame }> {
  const page = await h.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await serveGcp(page, { egress: h.egress, ...(pages ? { pages } : {}) });
  await page.goto(url);
  const frame = page.mainFrame();
  await waitReady(frame);
  return { page, frame };
}

const summary = async (frame: Frame) => (await badges(frame)).map((b) => `${b.rule} ${b.item ?? '-'} ${b.severity}`).sort();

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

describe('Google Cloud VM instance details', () => {
  it('badges each risky setting with the contract attributes and the ready marker', async () => {
    const { page, frame } = await open();
    expect(await summary(frame)).toEqual(RISKY_BADGES);
    const all = await badges(frame);
    expect(new Set(all.map((b) => b.resource))).toEqual(new Set([RISKY]));
    expect(await frame.$eval('html', (x) => x.getAttribute('data-vmlint-state'))).toBe('ready');
    expect(await frame.$eval('html', (x) => x.getAttribute('data-vmlint-findings'))).toBe(String(RISKY_BADGES.length));
    // Badges sit beside the values they are about (inside the value element or the table cell).
    const parentOf = async (rule: string, item?: string) =>
      frame.$eval(`[data-vmlint-rule="${rule}"]${item ? `[data-vmlint-item="${item}"]` : ''}`, (el) => el.parentElement?.textContent?.trim() ?? '');
    expect(await parentOf('gcp-vm-no-external-ip')).toContain('34.1.2.3 (Ephemeral)');
    expect(await parentOf('gcp-vm-deletion-protection')).toContain('Off');
    expect(await parentOf('gcp-disk-customer-managed-key', 'web-1-data')).toContain('Google-managed');
    await page.close();
  });

  it('opens a tip whose command carries the VM name, --project and --zone', async () => {
    const { page, frame } = await open();
    const host = '[data-vmlint-rule="gcp-vm-deletion-protection"]';
    await frame.click(`${host} >>> button[data-vmlint-badge]`);
    const command = await frame.$eval(`${host} >>> [data-vmlint-command]`, (c) => c.textContent);
    expect(command).toBe('gcloud compute instances update web-1 --deletion-protection --project demo-project --zone us-central1-a');
    await page.close();
  });

  it('summarises the same findings in the popup (?tabId)', async () => {
    const { page, frame } = await open();
    const tabId = await tabIdOf(h, page);
    const popup = await openPopup(h, tabId);
    const card = await popup.$eval(`section[data-vmlint-resource="${RISKY}"]`, (s) => ({
      title: s.querySelector('h2')?.textContent ?? '',
      counts: Object.fromEntries([...s.querySelectorAll('[data-severity]')].map((p) => [p.getAttribute('data-severity'), Number(p.getAttribute('data-count'))])),
      failing: [...s.querySelectorAll('.finding[data-vmlint-status="fail"]')].length,
    }));
    expect(card.title).toContain('web-1');
    expect(card.failing).toBe(RISKY_BADGES.length);
    const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const b of await badges(frame)) bySeverity[b.severity!]++;
    expect(card.counts).toEqual(bySeverity);
    await popup.close();
    await page.close();
  });

  it('follows History-API navigation to the hardened VM (no badges) and back', async () => {
    const { page, frame } = await open();
    const n = await afterChange(frame, () => frame.click('a[data-fx-nav="api-2"]'));
    expect(page.url()).toBe('https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/api-2?project=demo-project');
    expect(n).toBe(0);
    expect(await badges(frame)).toEqual([]);
    expect(await frame.$eval('html', (x) => x.getAttribute('data-vmlint-state'))).toBe('ready');
    const back = await afterChange(frame, () => page.goBack());
    expect(back).toBe(RISKY_BADGES.length);
    expect(await summary(frame)).toEqual(RISKY_BADGES);
    await page.close();
  });

  it('reads a page with a section missing and labels in another order', async () => {
    const { page, frame } = await open(URL_RISKY, { 'web-1': gcpFixture('instance-details-reordered').name });
    expect(await summary(frame)).toEqual([
      'gcp-disk-customer-managed-key web-1 low',
      'gcp-disk-customer-managed-key web-1-data low',
      'gcp-vm-block-project-ssh-keys - medium',
      'gcp-vm-deletion-protection - low',
      'gcp-vm-ip-forwarding-disabled - medium',
      'gcp-vm-no-external-ip - medium',
      'gcp-vm-os-login-enabled - medium',
    ]);
    await page.close();
  });

  it('stays idle on console pages it does not read', async () => {
    const page = await h.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await serveGcp(page, { egress: h.egress });
    // The hardened document served at a URL without a project: not a supported route.
    await page.goto('https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/api-2');
    await page.waitForSelector('h1.cfc-page-title');
    await page.waitForFunction(() => document.documentElement.getAttribute('data-vmlint-state') !== 'busy', { timeout: 5_000, polling: 50 });
    expect(['idle', null]).toContain(await page.$eval('html', (x) => x.getAttribute('data-vmlint-state')));
    expect(await badges(page.mainFrame())).toEqual([]);
    await page.close();
  });
});
