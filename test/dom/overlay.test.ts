// @vitest-environment happy-dom
/**
 * The in-page overlay (src/overlay/render-badges.ts, Badge.tsx, FixTip.tsx): one host per failing
 * finding with the contract attributes (DESIGN.md contract 2), appended as the anchor's last
 * child, stable across re-renders, page strings rendered as text, a fix tip that opens and closes.
 */
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_ATTR, type PageRead } from '../../src/content/page-read';
import type { Finding } from '../../src/model/finding';
import { BadgeLayer } from '../../src/overlay/render-badges';

const ID = 'i-0abc12345def67890';
const XSS = '<img src=x onerror=alert(1)>';
const IMDS_CMD = `aws ec2 modify-instance-metadata-options --instance-id ${ID} --http-tokens required --http-endpoint enabled --region us-east-1`;

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'aws-ec2-imdsv2-required',
    resourceId: ID,
    provider: 'aws',
    status: 'fail',
    severity: 'high',
    title: 'Instance metadata requires IMDSv2 session tokens',
    category: 'access-control',
    rationale: 'IMDSv1 lets an SSRF read the role credentials.',
    anchor: 'aws.metadataOptions.httpTokens',
    evidence: [{ path: 'aws.metadataOptions.httpTokens', value: 'optional', source: 'page: IMDSv2' }],
    fix: {
      cli: [{ command: IMDS_CMD, disruptive: false, unfilled: [] }],
      console: ['Instance → Actions → Instance settings → Modify instance metadata options.'],
      terraform: 'metadata_options { http_tokens = "required" }',
    },
    ...over,
  };
}

const ssh = (item: string, over: Partial<Finding> = {}) =>
  finding({
    ruleId: 'aws-sg-ssh-not-public',
    severity: 'critical',
    category: 'network-security',
    title: 'No attached security group admits SSH from the internet',
    item,
    anchor: undefined,
    evidence: [{ path: `aws.securityGroups[sg-1].inbound[${item}].source`, value: '0.0.0.0/0' }],
    fix: {
      cli: [
        { command: `aws ec2 revoke-security-group-ingress --group-id sg-1 --security-group-rule-ids ${item} --region us-east-1`, disruptive: false, unfilled: [] },
        { command: 'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr {user.trustedCidr} --region us-east-1', disruptive: false, unfilled: ['{user.trustedCidr}'], note: 'only if SSH must stay reachable' },
      ],
      console: [],
    },
    ...over,
  });

let heading: HTMLElement;
let imdsValue: HTMLElement;
let rows: Record<string, HTMLElement>;
let read: PageRead;
let layer: BadgeLayer;

beforeEach(() => {
  document.body.innerHTML = `
    <h1 data-testid="header-title">Instance summary for ${ID} (web-1)</h1>
    <dl><dt>IMDSv2</dt><dd id="imds"><span>Optional</span></dd><dt>Monitoring</dt><dd id="mon">disabled</dd></dl>
    <table><tbody><tr id="sgr-0aaa"><td>sgr-0aaa</td><td>22</td></tr><tr id="sgr-0bbb"><td>sgr-0bbb</td><td>443</td></tr></tbody></table>`;
  heading = document.querySelector('h1')!;
  imdsValue = document.getElementById('imds')!;
  rows = { 'sgr-0aaa': document.getElementById('sgr-0aaa')!, 'sgr-0bbb': document.getElementById('sgr-0bbb')! };
  read = {
    resources: [{ kind: 'vm', provider: 'aws', id: ID }],
    anchors: [
      { resourceId: ID, path: 'aws.metadataOptions.httpTokens', element: imdsValue },
      { resourceId: ID, path: 'aws.monitoringState', element: document.getElementById('mon')! },
      { resourceId: ID, item: 'sgr-0aaa', element: rows['sgr-0aaa'] },
      { resourceId: ID, item: 'sgr-0bbb', element: rows['sgr-0bbb'] },
    ],
    fallbacks: { [ID]: heading },
  };
  layer = new BadgeLayer(document);
});

afterEach(() => {
  layer.clear();
  document.body.innerHTML = '';
});

const hosts = () => [...document.querySelectorAll<HTMLElement>(`[${HOST_ATTR}]`)];
const hostFor = (rule: string, item?: string) =>
  hosts().find((h) => h.getAttribute('data-vmlint-rule') === rule && (item === undefined || h.getAttribute('data-vmlint-item') === item));

describe('BadgeLayer.render', () => {
  it('one host per failing finding, with the contract attributes, as the last child of its anchor', () => {
    const findings = [finding(), ssh('sgr-0aaa'), finding({ ruleId: 'aws-ec2-no-public-ipv4', severity: 'medium', anchor: 'aws.publicIpv4Addresses', evidence: [] })];
    expect(layer.render(findings, read)).toBe(3);
    expect(hosts()).toHaveLength(3);

    const imds = hostFor('aws-ec2-imdsv2-required')!;
    expect(imds.getAttribute('data-vmlint-severity')).toBe('high');
    expect(imds.getAttribute('data-vmlint-resource')).toBe(ID);
    expect(imds.hasAttribute('data-vmlint-item')).toBe(false);
    expect(imds.parentElement).toBe(imdsValue);
    expect(imdsValue.lastElementChild).toBe(imds);
    expect(imdsValue.lastChild).toBe(imds);

    const s = hostFor('aws-sg-ssh-not-public')!;
    expect(s.getAttribute('data-vmlint-severity')).toBe('critical');
    expect(s.getAttribute('data-vmlint-resource')).toBe(ID);
    expect(s.getAttribute('data-vmlint-item')).toBe('sgr-0aaa');
    expect(rows['sgr-0aaa'].lastChild).toBe(s);

    // No anchor for the setting: the heading (fallback) carries it.
    expect(hostFor('aws-ec2-no-public-ipv4')!.parentElement).toBe(heading);
    expect(heading.lastChild).toBe(hostFor('aws-ec2-no-public-ipv4'));

    // The badge lives in an open shadow root with its own styles.
    expect(imds.shadowRoot).toBeTruthy();
    expect(imds.shadowRoot!.querySelector('style')).toBeTruthy();
    expect(imds.shadowRoot!.querySelector('button[data-vmlint-badge]')!.textContent).toContain('high');
  });

  it('pass, unknown and not-applicable findings get no host', () => {
    const n = layer.render(
      [finding({ status: 'pass' }), finding({ status: 'unknown', ruleId: 'r-u' }), finding({ status: 'not-applicable', ruleId: 'r-na' }), ssh('sgr-0bbb', { status: 'pass' })],
      read,
    );
    expect(n).toBe(0);
    expect(hosts()).toHaveLength(0);
  });

  it('a finding for another resource, with no anchor and no fallback, is not drawn', () => {
    expect(layer.render([finding({ resourceId: 'i-0fedcba9876543210' })], read)).toBe(0);
    expect(hosts()).toHaveLength(0);
  });

  it('several badges on one value sit together at its end', () => {
    const two = [finding(), finding({ ruleId: 'aws-ec2-imds-hop-limit-max-1', severity: 'low' })];
    expect(layer.render(two, read)).toBe(2);
    const [a, b] = [...imdsValue.children].slice(-2);
    expect([a, b].every((h) => h.hasAttribute(HOST_ATTR))).toBe(true);
    expect(imdsValue.firstElementChild!.textContent).toBe('Optional');
    // Rendering again leaves both where they are.
    layer.render(two, read);
    expect([...imdsValue.children].slice(-2)).toEqual([a, b]);
  });

  it('re-rendering the same findings keeps the same host elements', () => {
    const findings = [finding(), ssh('sgr-0aaa')];
    layer.render(findings, read);
    const before = hosts();
    const beforeButtons = before.map((h) => h.shadowRoot!.querySelector('button'));
    expect(layer.render(structuredClone(findings), read)).toBe(2);
    const after = hosts();
    expect(after).toHaveLength(2);
    after.forEach((h, i) => expect(h).toBe(before[i]));
    after.forEach((h, i) => expect(h.shadowRoot!.querySelector('button')).toBe(beforeButtons[i]));
  });

  it('a changed finding updates its host in place (severity, item attribute)', () => {
    layer.render([finding()], read);
    const host = hostFor('aws-ec2-imdsv2-required')!;
    layer.render([finding({ severity: 'critical' })], read);
    expect(hostFor('aws-ec2-imdsv2-required')).toBe(host);
    expect(host.getAttribute('data-vmlint-severity')).toBe('critical');
    expect(host.shadowRoot!.querySelector('button')!.className).toContain('sev-critical');
  });

  it('a finding that no longer fails loses its host; clear() removes them all', () => {
    layer.render([finding(), ssh('sgr-0aaa'), ssh('sgr-0bbb')], read);
    expect(hosts()).toHaveLength(3);
    expect(layer.render([finding(), ssh('sgr-0aaa', { status: 'pass' })], read)).toBe(1);
    expect(hosts().map((h) => h.getAttribute('data-vmlint-rule'))).toEqual(['aws-ec2-imdsv2-required']);
    layer.clear();
    expect(hosts()).toHaveLength(0);
  });

  it('moves its host back to the end when the console appends after it', () => {
    layer.render([finding()], read);
    const host = hostFor('aws-ec2-imdsv2-required')!;
    const extra = document.createElement('span');
    extra.textContent = 'Info';
    imdsValue.appendChild(extra);
    expect(imdsValue.lastChild).toBe(extra);
    layer.render([finding()], read);
    expect(imdsValue.lastChild).toBe(host);
  });

  it('re-attaches to a replacement anchor when the console re-renders the node', () => {
    layer.render([finding()], read);
    const host = hostFor('aws-ec2-imdsv2-required')!;
    const fresh = document.createElement('dd');
    fresh.innerHTML = '<span>Optional</span>';
    imdsValue.replaceWith(fresh);
    expect(host.isConnected).toBe(false);
    read.anchors[0] = { ...read.anchors[0], element: fresh };
    expect(layer.render([finding()], read)).toBe(1);
    expect(fresh.lastChild).toBe(host);
  });

  it('page strings are text: markup in title and item creates no element', async () => {
    const hostile = ssh('sgr-0aaa', { title: `Evil ${XSS}`, item: `sgr-0aaa${XSS}`, rationale: XSS });
    read.anchors.push({ resourceId: ID, item: `sgr-0aaa${XSS}`, element: rows['sgr-0aaa'] });
    expect(layer.render([hostile], read)).toBe(1);
    const host = hosts()[0];
    expect(host.getAttribute('data-vmlint-item')).toBe(`sgr-0aaa${XSS}`);
    const button = host.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('title')).toContain(XSS);
    await act(() => button.click());
    const tip = host.shadowRoot!.querySelector('[role="dialog"]')!;
    expect(tip).toBeTruthy();
    expect(tip.querySelector('h2')!.textContent).toBe(`Evil ${XSS}`);
    expect(tip.textContent).toContain(`sgr-0aaa${XSS}`);
    expect(host.shadowRoot!.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('fix tip', () => {
  it('clicking the badge opens a dialog with the rendered commands; Escape closes it', async () => {
    layer.render([finding()], read);
    const root = hostFor('aws-ec2-imdsv2-required')!.shadowRoot!;
    const button = root.querySelector<HTMLButtonElement>('button[data-vmlint-badge]')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('[role="dialog"]')).toBeNull();

    await act(() => button.click());
    const tip = root.querySelector('[role="dialog"]')!;
    expect(tip).toBeTruthy();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(tip.getAttribute('aria-label')).toBe('vmlint: Instance metadata requires IMDSv2 session tokens');
    expect([...tip.querySelectorAll('code[data-vmlint-command]')].map((c) => c.textContent)).toEqual([IMDS_CMD]);
    expect(tip.querySelector('button[data-vmlint-copy]')).toBeTruthy();
    expect(tip.textContent).toContain('Modify instance metadata options');
    expect(tip.textContent).toContain('http_tokens = "required"');

    await act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('the close button closes it; placeholders to fill are flagged', async () => {
    layer.render([ssh('sgr-0aaa')], read);
    const root = hostFor('aws-sg-ssh-not-public')!.shadowRoot!;
    await act(() => root.querySelector<HTMLButtonElement>('button[data-vmlint-badge]')!.click());
    const tip = root.querySelector('[role="dialog"]')!;
    expect(tip.querySelectorAll('code[data-vmlint-command]')).toHaveLength(2);
    expect(tip.textContent).toContain('placeholders');
    const copies = [...tip.querySelectorAll('button[data-vmlint-copy]')];
    expect(copies[1].getAttribute('title')).toContain('{user.trustedCidr}');
    // Two commands: a "Copy all steps" button too.
    expect(copies.map((c) => c.textContent)).toContain('Copy all steps');
    await act(() => tip.querySelector<HTMLButtonElement>('button.close')!.click());
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('the badge click does not reach the console (no bubbling out of the host)', async () => {
    layer.render([finding()], read);
    let clicks = 0;
    document.addEventListener('click', () => clicks++);
    const button = hostFor('aws-ec2-imdsv2-required')!.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
    await act(() => button.click());
    expect(clicks).toBe(0);
  });
});

describe('compact badges (list rows)', () => {
  const ROW_A = 'i-0fedcba9876543210';
  const ROW_B = 'i-0123456789abcdef1';
  let cellA: HTMLElement;
  let cellB: HTMLElement;
  const mon = (id: string, over: Partial<Finding> = {}) =>
    finding({
      ruleId: 'aws-ec2-detailed-monitoring-enabled',
      resourceId: id,
      severity: 'low',
      category: 'monitoring-logging',
      title: 'Detailed CloudWatch monitoring is enabled',
      anchor: 'aws.monitoringState',
      evidence: [{ path: 'aws.monitoringState', value: 'disabled' }],
      fix: { cli: [{ command: `aws ec2 monitor-instances --instance-ids ${id}`, disruptive: false, unfilled: [] }], console: [] },
      ...over,
    });
  const pub = (id: string, over: Partial<Finding> = {}) =>
    finding({
      ruleId: 'aws-ec2-no-public-ipv4',
      resourceId: id,
      severity: 'medium',
      category: 'network-security',
      title: 'Instance has no public IPv4 address',
      anchor: 'aws.publicIpv4Addresses',
      evidence: [{ path: 'aws.publicIpv4Addresses', value: ['203.0.113.7'] }],
      fix: { cli: [{ note: 'decide first', disruptive: false, unfilled: [] }, { command: `aws ec2 disassociate-address --association-id {user.associationId}`, disruptive: false, unfilled: ['{user.associationId}'] }], console: [] },
      ...over,
    });
  const hosts = () => [...document.querySelectorAll<HTMLElement>(`[${HOST_ATTR}]`)];

  beforeEach(() => {
    document.body.insertAdjacentHTML(
      'beforeend',
      `<table id="list"><tbody>
        <tr><td><div class="body-cell-content" id="a"><a>${ROW_A}</a></div></td><td>enabled</td></tr>
        <tr><td><div class="body-cell-content" id="b"><a>${ROW_B}</a></div></td><td>disabled</td></tr>
      </tbody></table>`,
    );
    cellA = document.getElementById('a')!;
    cellB = document.getElementById('b')!;
    read.resources.push({ kind: 'vm', provider: 'aws', id: ROW_A }, { kind: 'vm', provider: 'aws', id: ROW_B });
    read.compact = { [ROW_A]: cellA, [ROW_B]: cellB };
    read.fallbacks[ROW_A] = cellA;
    read.fallbacks[ROW_B] = cellB;
  });

  it('one host per row with the worst finding\'s rule and severity and the count; the count adds to the total', () => {
    const n = layer.render([finding(), mon(ROW_A), pub(ROW_A), mon(ROW_B), finding({ resourceId: ROW_B, status: 'pass' })], read);
    expect(n).toBe(1 + 2 + 1);
    const a = hosts().filter((x) => x.getAttribute('data-vmlint-resource') === ROW_A);
    expect(a).toHaveLength(1);
    expect(a[0].parentElement).toBe(cellA);
    expect(cellA.lastElementChild).toBe(a[0]);
    expect(a[0].getAttribute('data-vmlint-rule')).toBe('aws-ec2-no-public-ipv4');
    expect(a[0].getAttribute('data-vmlint-severity')).toBe('medium');
    expect(a[0].getAttribute('data-vmlint-count')).toBe('2');
    expect(a[0].hasAttribute('data-vmlint-item')).toBe(false);
    expect(a[0].shadowRoot!.querySelector('button[data-vmlint-badge]')!.textContent).toContain('2 · medium');
    const b = hosts().filter((x) => x.getAttribute('data-vmlint-resource') === ROW_B);
    expect(b.map((x) => [x.getAttribute('data-vmlint-rule'), x.getAttribute('data-vmlint-count')])).toEqual([['aws-ec2-detailed-monitoring-enabled', '1']]);
    // The split panel's instance keeps its per-setting badge (no count).
    const own = hosts().filter((x) => x.getAttribute('data-vmlint-resource') === ID);
    expect(own).toHaveLength(1);
    expect(own[0].hasAttribute('data-vmlint-count')).toBe(false);
  });

  it('a row with no failing finding gets no host; a row whose findings go away loses it', () => {
    layer.render([mon(ROW_B)], read);
    expect(cellA.querySelector(`[${HOST_ATTR}]`)).toBeNull();
    expect(layer.render([], read)).toBe(0);
    expect(hosts()).toEqual([]);
  });

  it('keeps one host per row across re-renders and re-attaches it to a re-rendered row (no flicker)', () => {
    layer.render([mon(ROW_A), pub(ROW_A)], read);
    const host = cellA.querySelector(`[${HOST_ATTR}]`)!;
    layer.render([pub(ROW_A), mon(ROW_A)], read);
    expect(cellA.querySelector(`[${HOST_ATTR}]`)).toBe(host);
    // Count changes update the same host in place.
    expect(layer.render([mon(ROW_A)], read)).toBe(1);
    expect(cellA.querySelector(`[${HOST_ATTR}]`)).toBe(host);
    expect(host.getAttribute('data-vmlint-count')).toBe('1');
    expect(host.getAttribute('data-vmlint-rule')).toBe('aws-ec2-detailed-monitoring-enabled');
    // The console replaces the row's cell: the same host moves to the new one.
    const fresh = cellA.cloneNode(false) as HTMLElement;
    fresh.innerHTML = `<a>${ROW_A}</a>`;
    cellA.replaceWith(fresh);
    read.compact![ROW_A] = fresh;
    expect(layer.render([mon(ROW_A)], read)).toBe(1);
    expect(fresh.lastElementChild).toBe(host);
  });

  it('the tip lists every failing finding with its first command and a Copy button; page strings are text', async () => {
    layer.render([mon(ROW_A, { title: XSS }), pub(ROW_A)], read);
    const root = cellA.querySelector(`[${HOST_ATTR}]`)!.shadowRoot!;
    await act(() => root.querySelector<HTMLButtonElement>('button[data-vmlint-badge]')!.click());
    const tip = root.querySelector('[data-vmlint-tip]')!;
    expect(tip.getAttribute('role')).toBe('dialog');
    const items = [...tip.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-vmlint-finding'))).toEqual(['aws-ec2-no-public-ipv4', 'aws-ec2-detailed-monitoring-enabled']);
    expect(items[1].textContent).toContain(XSS);
    expect(tip.querySelector('img')).toBeNull();
    expect([...tip.querySelectorAll('[data-vmlint-command]')].map((c) => c.textContent)).toEqual([
      'aws ec2 disassociate-address --association-id {user.associationId}',
      `aws ec2 monitor-instances --instance-ids ${ROW_A}`,
    ]);
    expect(tip.querySelectorAll('button[data-vmlint-copy]')).toHaveLength(2);
    await act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(root.querySelector('[data-vmlint-tip]')).toBeNull();
  });
});

describe('compact badge inside a table row', () => {
  it('clicks on the badge and in its tip (close button included) do not reach the row', async () => {
    const ROW = 'i-0123456789abcdef1';
    document.body.insertAdjacentHTML('beforeend', `<table><tbody><tr id="row"><td><div id="c"><a>${ROW}</a></div></td></tr></tbody></table>`);
    const cell = document.getElementById('c')!;
    read.compact = { [ROW]: cell };
    let rowClicks = 0;
    document.getElementById('row')!.addEventListener('click', () => rowClicks++);
    layer.render([finding({ resourceId: ROW })], read);
    const root = cell.querySelector(`[${HOST_ATTR}]`)!.shadowRoot!;
    await act(() => root.querySelector<HTMLButtonElement>('button[data-vmlint-badge]')!.click());
    const tip = root.querySelector<HTMLElement>('[data-vmlint-tip]')!;
    await act(() => tip.querySelector('li')!.click());
    await act(() => tip.querySelector<HTMLButtonElement>('button.close')!.click());
    expect(root.querySelector('[data-vmlint-tip]')).toBeNull();
    expect(rowClicks).toBe(0);
  });
});
