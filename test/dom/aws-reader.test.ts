// @vitest-environment happy-dom
// DOM tier: the EC2 page reader (readAwsPage) on the saved console fixtures
// (test/fixtures/aws/ec2/), and on variants made from them by DOM surgery at run time.
//
// Expected values are written by hand from each fixture's "Facts this fixture encodes" (and, for
// values the facts do not spell out such as rule ids of passing rules, the data the fixtures were
// rendered from: scripts/fixtures/aws/data.ts), never copied from the reader's output.
// Frame documents are parsed into fresh documents (see parse): scripts do not run and <template>
// content is not part of the live DOM, which is what a reader sees before app.js does anything.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { PageRead } from '../../src/content/page-read';
import { VmSnapshot } from '../../src/model/snapshot';
import { readAwsPage } from '../../src/providers/aws/readers/read-page';
import { parseAwsRoute, type AwsRoute } from '../../src/providers/aws/routes';
import type { Ec2Fixture } from '../fixtures/aws/ec2/index';

// test/fixtures/aws/ec2/index.ts cannot be imported under happy-dom: Vite's client transform
// rewrites its `new URL('.', import.meta.url)` to an http:// URL and fileURLToPath throws. Its
// fixture list is generated JSON, read here from the file itself.
const EC2_FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws/ec2');
const ec2Fixtures: Ec2Fixture[] = JSON.parse(
  /export const ec2Fixtures: readonly Ec2Fixture\[\] = (\[[\s\S]*?\n\]);/.exec(readFileSync(join(EC2_FIXTURE_DIR, 'index.ts'), 'utf8'))![1],
);
function ec2Fixture(name: string): Ec2Fixture {
  const f = ec2Fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`unknown EC2 fixture: ${name}`);
  return f;
}

type Snap = VmSnapshot;
type Aws = NonNullable<Snap['aws']>;

// ---------------------------------------------------------------------------------------------
// Loading and reading

const htmlCache = new Map<string, string>();

/**
 * A fresh document holding a fixture's frame document (createHTMLDocument + innerHTML parses to
 * the same tree as DOMParser). The stylesheet link and app.js are dropped: nothing is fetched and
 * no fixture script runs.
 */
function parse(name: string): Document {
  const f = ec2Fixture(name);
  if (!htmlCache.has(name)) {
    const html = readFileSync(join(EC2_FIXTURE_DIR, f.file), 'utf8')
      .replace(/<link rel="stylesheet"[^>]*>/g, '')
      .replace(/<script src="app\.js"[^>]*><\/script>/g, '');
    htmlCache.set(name, html);
  }
  const doc = document.implementation.createHTMLDocument('');
  doc.documentElement.innerHTML = htmlCache.get(name)!;
  return doc;
}
// happy-dom's selector cache holds results in WeakRefs; V8 keeps a WeakRef's target alive until
// the current job ends, and tests chained on promises never end it: every document read would
// stay in memory (gigabytes over the garbage seeds). A macrotask between tests ends the job.
afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

function routeOf(url: string): AwsRoute {
  const r = parseAwsRoute(url);
  if (!r) throw new Error(`not an EC2 route: ${url}`);
  return r;
}

function read(doc: Document, name: string): PageRead {
  return readAwsPage(doc, routeOf(ec2Fixture(name).consoleUrl));
}

function one(r: PageRead): Snap {
  expect(r.resources).toHaveLength(1);
  return r.resources[0];
}

/** The one snapshot with this id (a list page has one per row; never two with one id). */
function byId(r: PageRead, id: string): Snap {
  const found = r.resources.filter((s) => s.id === id);
  expect(found, `snapshots of ${id}`).toHaveLength(1);
  return found[0];
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

// readAwsPage never throws: it catches and logs "vmlint: EC2 page not read". A reader that only
// survives through that catch has a bug, so every test also checks that nothing was caught.
let debug: MockInstance;
beforeEach(() => {
  debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
});
afterEach(() => {
  const caught = debug.mock.calls.filter((c) => String(c[0]).includes('EC2 page not read'));
  debug.mockRestore();
  expect(caught.map((c) => String(c[1]))).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// DOM surgery helpers (fixture markup: see the facts; data-analytics labels, <dt>/<dd> pairs)

/** Every label element carrying the console's attribute for this visible label. */
function labelsOf(doc: Document, label: string): Element[] {
  return [...doc.querySelectorAll(`[data-analytics="label-for-${label}"]`)];
}

/** Labels found by visible text only (<dt> whose text is the label, no attribute). */
function textLabelsOf(doc: Document, label: string): Element[] {
  return [...doc.querySelectorAll('dt, [class*="key-label"]')].filter(
    (e) => norm(e.textContent) === label && !e.closest('[data-analytics^="label-for-"]'),
  );
}

/** The value elements of every occurrence of a label. */
function valuesOf(doc: Document, label: string): Element[] {
  const labels = [...labelsOf(doc, label), ...textLabelsOf(doc, label)];
  const values = labels.map((l) => (l.tagName === 'DT' || l.closest('dt') ? l.closest('dt')! : l).nextElementSibling!);
  expect(values.length, `label ${label} in the fixture`).toBeGreaterThan(0);
  return values;
}

/** Replaces what every occurrence of a label shows with plain text (textContent: never markup). */
function setValue(doc: Document, label: string, text: string) {
  for (const v of valuesOf(doc, label)) v.textContent = text;
}

/** Removes every label/value pair of a label (the pair's wrapper element). */
function removePair(doc: Document, label: string) {
  const labels = [...labelsOf(doc, label), ...textLabelsOf(doc, label)];
  expect(labels.length, `label ${label} in the fixture`).toBeGreaterThan(0);
  for (const l of labels) (l.closest('dt') ?? l).parentElement!.remove();
}

/** The tab panel of a tab (data-testid details|security|networking|storage|tags). */
function panelOf(doc: Document, tab: string): Element {
  const t = doc.querySelector(`[role="tab"][data-testid="${tab}"]`);
  const panel = t && doc.getElementById(t.getAttribute('aria-controls') ?? '');
  if (!panel) throw new Error(`no ${tab} panel`);
  return panel;
}

/** A Cloudscape-like container table (real <table>, body-cell-content divs) with a heading. */
function kvTable(doc: Document, heading: string | null, rows: Array<[string, string]>): Element {
  const root = doc.createElement('div');
  if (heading !== null) {
    const h = doc.createElement('h2');
    h.textContent = heading;
    root.append(h);
  }
  const table = doc.createElement('table');
  const head = table.createTHead().insertRow();
  for (const t of ['Key', 'Value']) {
    const th = doc.createElement('th');
    th.textContent = t;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) {
      const td = tr.insertCell();
      const div = doc.createElement('div');
      div.className = 'awsui_body-cell-content_c6tup_1w18q_24';
      div.textContent = c;
      td.append(div);
    }
  }
  root.append(table);
  return root;
}

/** A rules/volumes table's <table> with rows. */
function tableIn(doc: Document, selector: string): HTMLTableElement {
  const t = [...doc.querySelectorAll(`${selector} table`)].find((x) => x.querySelector('tbody'));
  if (!t) throw new Error(`no table in ${selector}`);
  return t as HTMLTableElement;
}

/** Removes a column (header cell and every body cell) from a table, by header text. */
function removeColumn(table: HTMLTableElement, header: string) {
  const ths = [...table.querySelectorAll('thead th')];
  const i = ths.findIndex((th) => norm(th.textContent) === header);
  expect(i, `column ${header}`).toBeGreaterThanOrEqual(0);
  ths[i].remove();
  for (const tr of table.querySelectorAll('tbody tr')) tr.children[i].remove();
}

/** The body cell of a row (by its rule/volume id) in a column (by header text). */
function cellAt(table: HTMLTableElement, rowText: string, header: string): Element {
  const i = [...table.querySelectorAll('thead th')].findIndex((th) => norm(th.textContent) === header);
  const tr = [...table.querySelectorAll('tbody tr')].find((r) => norm(r.textContent).includes(rowText));
  if (i < 0 || !tr) throw new Error(`no cell ${rowText}/${header}`);
  return tr.children[i].querySelector('[class*="body-cell-content"]') ?? tr.children[i];
}

/** Replaces a table's body with Cloudscape's one spanning cell (empty or loading state). */
function spanningBody(doc: Document, table: HTMLTableElement, content: Node) {
  const width = table.querySelectorAll('thead th').length;
  const tbody = table.tBodies[0];
  tbody.replaceChildren();
  const td = tbody.insertRow().insertCell();
  td.colSpan = width;
  td.append(content);
}

/** Cloudscape's loading StatusIndicator, from the fixture's own fx-loading template. */
function loadingIndicator(doc: Document, text: string): Node {
  const tpl = doc.getElementById('fx-loading') as HTMLTemplateElement;
  const frag = tpl.content.cloneNode(true) as DocumentFragment;
  const label = [...frag.querySelectorAll('span')].find((s) => norm(s.textContent) === 'Loading' && !s.children.length);
  label!.textContent = text;
  return frag;
}

// ---------------------------------------------------------------------------------------------
// What the fixtures encode

const RISKY_ID = 'i-0abc12345def67890';
const HARDENED_ID = 'i-0fedcba9876543210';
const LW1 = 'sg-0a1b2c3d4e5f60718';
const DEFAULT_SG = 'sg-0d0d0d0d0d0d0d0d0';
const DB_SG = 'sg-0123abcd4567ef890';
const KMS_RISKY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KMS_DB = 'arn:aws:kms:us-east-1:123456789012:key/9f8e7d6c-5b4a-3c2d-1e0f-abcdef012345';

type Rule = NonNullable<Aws['securityGroups']>[number]['inbound'] extends (infer A)[] | undefined ? A : never;

function rule(id: string, groupId: string, groupName: string, protocol: string, ports: string[], source: string, description: string | null): Rule {
  return { id, securityGroupRuleId: id, groupId, groupName, protocol, ports, source, description };
}

// SSH 22 and HTTPS 443 from 0.0.0.0/0, MYSQL/Aurora 3306 from ::/0 ("temp debug access") in
// launch-wizard-1; "default" with its stock self-reference (All traffic from sg-0d0d… / default)
// and all-traffic egress; "–" descriptions are known-empty (null). "All" ports → "*", "All"
// protocol → "-1", "TCP" → "tcp".
const SSH = rule('sgr-0aaa1111aaaa1111a', LW1, 'launch-wizard-1', 'tcp', ['22'], '0.0.0.0/0', null);
const HTTPS = rule('sgr-0bbb2222bbbb2222b', LW1, 'launch-wizard-1', 'tcp', ['443'], '0.0.0.0/0', null);
const MYSQL = rule('sgr-0ccc3333cccc3333c', LW1, 'launch-wizard-1', 'tcp', ['3306'], '::/0', 'temp debug access');
const SELF = rule('sgr-0ddd4444dddd4444d', DEFAULT_SG, 'default', '-1', ['*'], DEFAULT_SG, null);
const LW1_OUT = rule('sgr-0eee5555eeee5555e', LW1, 'launch-wizard-1', '-1', ['*'], '0.0.0.0/0', null);
const DEFAULT_OUT = rule('sgr-0fff6666ffff6666f', DEFAULT_SG, 'default', '-1', ['*'], '0.0.0.0/0', null);

const RISKY_GROUPS: NonNullable<Aws['securityGroups']> = [
  { id: LW1, groupId: LW1, groupName: 'launch-wizard-1', inbound: [SSH, HTTPS, MYSQL], outbound: [LW1_OUT] },
  { id: DEFAULT_SG, groupId: DEFAULT_SG, groupName: 'default', inbound: [SELF], outbound: [DEFAULT_OUT] },
];

const RISKY_AWS: Aws = {
  instanceId: RISKY_ID,
  region: 'us-east-1',
  state: 'running',
  instanceType: 't3.micro',
  availabilityZone: 'us-east-1a',
  vpcId: 'vpc-0a1b2c3d',
  subnetId: 'subnet-0a1b2c3d4e5f',
  platform: 'Linux/UNIX',
  // "Fri Nov 20 2026 09:14:03 GMT+0000 (Coordinated Universal Time)"
  launchTime: '2026-11-20T09:14:03.000Z',
  // State transition reason "–"
  stateTransitionReason: null,
  // Termination protection Disabled
  disableApiTermination: false,
  monitoringState: 'disabled',
  // Metadata accessible Enabled, IMDSv2 Optional, hop limit 2, Allow tags in metadata Disabled
  metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional', httpPutResponseHopLimit: 2, instanceMetadataTags: 'disabled' },
  // Public IPv4 address "54.210.1.23 | open address", Elastic IP addresses "–", IPv6 addresses "–"
  publicIpv4Addresses: ['54.210.1.23'],
  ipv6Addresses: [],
  // Source/dest. check false
  sourceDestCheck: false,
  // The console shows the role name (the reader keeps what is shown)
  iamInstanceProfileArn: 'web-prod-role',
  securityGroups: RISKY_GROUPS,
  volumes: [
    { id: 'vol-0aaaaaaaaaaaaaaa1', volumeId: 'vol-0aaaaaaaaaaaaaaa1', deviceName: '/dev/xvda', encrypted: false, kmsKeyId: null, state: 'attached' },
    { id: 'vol-0bbbbbbbbbbbbbbb2', volumeId: 'vol-0bbbbbbbbbbbbbbb2', deviceName: '/dev/sdf', encrypted: true, kmsKeyId: KMS_RISKY, state: 'attached' },
  ],
  // One ENI; the instance's Source/dest. check is its only interface's. Its public address is
  // auto-assigned (owner "amazon"): there is one, and "Elastic IP addresses" is "–".
  networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: '54.210.1.23', ipOwnerId: 'amazon' }],
};

const RISKY: Snap = {
  kind: 'vm',
  provider: 'aws',
  id: RISKY_ID,
  name: 'web-prod-1',
  region: 'us-east-1',
  zone: 'us-east-1a',
  state: 'running',
  hasPublicAddress: true,
  tags: { Name: 'web-prod-1', env: 'prod' },
  origin: 'page',
  aws: RISKY_AWS,
};

const HARDENED: Snap = {
  kind: 'vm',
  provider: 'aws',
  id: HARDENED_ID,
  name: 'db-internal-2',
  region: 'us-east-1',
  zone: 'us-east-1b',
  state: 'running',
  // Public IPv4 address "–", IPv6 addresses "–": provably no public address
  hasPublicAddress: false,
  tags: { Name: 'db-internal-2', env: 'prod' },
  origin: 'page',
  aws: {
    instanceId: HARDENED_ID,
    region: 'us-east-1',
    state: 'running',
    instanceType: 'r6i.large',
    availabilityZone: 'us-east-1b',
    vpcId: 'vpc-0a1b2c3d',
    subnetId: 'subnet-0f9e8d7c6b5a',
    platform: 'Linux/UNIX',
    launchTime: '2026-11-25T16:40:12.000Z',
    stateTransitionReason: null,
    disableApiTermination: true,
    monitoringState: 'enabled',
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
    publicIpv4Addresses: [],
    ipv6Addresses: [],
    sourceDestCheck: true,
    iamInstanceProfileArn: 'db-internal-role',
    // One group. The PostgreSQL rule's source links to sg-0a1b… / launch-wizard-1: a reference,
    // not an attached group.
    securityGroups: [
      {
        id: DB_SG,
        groupId: DB_SG,
        groupName: 'db-internal',
        inbound: [
          rule('sgr-01a1a1a1a1a1a1a1a', DB_SG, 'db-internal', 'tcp', ['22'], '10.0.0.0/16', 'VPC admin hosts'),
          rule('sgr-02b2b2b2b2b2b2b2b', DB_SG, 'db-internal', 'tcp', ['5432'], LW1, 'web tier'),
        ],
        outbound: [rule('sgr-03c3c3c3c3c3c3c3c', DB_SG, 'db-internal', '-1', ['*'], '0.0.0.0/0', null)],
      },
    ],
    volumes: [
      { id: 'vol-0ccccccccccccccc3', volumeId: 'vol-0ccccccccccccccc3', deviceName: '/dev/xvda', encrypted: true, kmsKeyId: KMS_DB, state: 'attached' },
      { id: 'vol-0ddddddddddddddd4', volumeId: 'vol-0ddddddddddddddd4', deviceName: '/dev/sdf', encrypted: true, kmsKeyId: KMS_DB, state: 'attached' },
    ],
    // No public IPv4 and no Elastic IP: the one interface holds no public address.
    networkInterfaces: [{ id: 'eni-0fe0fe0fe0fe0fe01', networkInterfaceId: 'eni-0fe0fe0fe0fe0fe01', sourceDestCheck: true, publicIp: null }],
  },
};

/** Label paths and the text each one's value element shows (the anchor must contain it). */
const RISKY_SHOWN: Record<string, string> = {
  'aws.state': 'Running',
  'aws.instanceType': 't3.micro',
  'aws.availabilityZone': 'us-east-1a',
  'aws.vpcId': 'vpc-0a1b2c3d',
  'aws.subnetId': 'subnet-0a1b2c3d4e5f',
  'aws.platform': 'Linux/UNIX',
  'aws.launchTime': 'Fri Nov 20 2026 09:14:03 GMT+0000',
  'aws.stateTransitionReason': '–',
  'aws.disableApiTermination': 'Disabled',
  'aws.monitoringState': 'disabled',
  'aws.metadataOptions.httpEndpoint': 'Enabled',
  'aws.metadataOptions.httpTokens': 'Optional',
  'aws.metadataOptions.httpPutResponseHopLimit': '2',
  'aws.metadataOptions.instanceMetadataTags': 'Disabled',
  'aws.publicIpv4Addresses': '54.210.1.23',
  'aws.ipv6Addresses': '–',
  'aws.sourceDestCheck': 'false',
  'aws.iamInstanceProfileArn': 'web-prod-role',
};

/** Items (SG, SG inbound rule, volume) and the text their anchor shows. */
const RISKY_ITEMS: Record<string, string> = {
  [LW1]: `${LW1} (launch-wizard-1)`,
  [DEFAULT_SG]: `${DEFAULT_SG} (default)`,
  'sgr-0aaa1111aaaa1111a': '0.0.0.0/0',
  'sgr-0bbb2222bbbb2222b': '0.0.0.0/0',
  'sgr-0ccc3333cccc3333c': '::/0',
  'sgr-0ddd4444dddd4444d': `${DEFAULT_SG} / default`,
  'vol-0aaaaaaaaaaaaaaa1': 'Not encrypted',
  'vol-0bbbbbbbbbbbbbbb2': 'Encrypted',
};

const SECTION_SOURCES = ['aws.securityGroups', 'aws.volumes', 'aws.networkInterfaces', 'tags'];

const HARDENED_SHOWN: Record<string, string> = {
  'aws.state': 'Running',
  'aws.instanceType': 'r6i.large',
  'aws.availabilityZone': 'us-east-1b',
  'aws.vpcId': 'vpc-0a1b2c3d',
  'aws.subnetId': 'subnet-0f9e8d7c6b5a',
  'aws.platform': 'Linux/UNIX',
  'aws.launchTime': 'Wed Nov 25 2026 16:40:12 GMT+0000',
  'aws.stateTransitionReason': '–',
  'aws.disableApiTermination': 'Enabled',
  'aws.monitoringState': 'enabled',
  'aws.metadataOptions.httpEndpoint': 'Enabled',
  'aws.metadataOptions.httpTokens': 'Required',
  'aws.metadataOptions.httpPutResponseHopLimit': '1',
  'aws.metadataOptions.instanceMetadataTags': 'Disabled',
  'aws.publicIpv4Addresses': '–',
  'aws.ipv6Addresses': '–',
  'aws.sourceDestCheck': 'true',
  'aws.iamInstanceProfileArn': 'db-internal-role',
};

const HARDENED_ITEMS: Record<string, string> = {
  [DB_SG]: `${DB_SG} (db-internal)`,
  'sgr-01a1a1a1a1a1a1a1a': '10.0.0.0/16',
  'sgr-02b2b2b2b2b2b2b2b': `${LW1} / launch-wizard-1`,
  'vol-0ccccccccccccccc3': 'Encrypted',
  'vol-0ddddddddddddddd4': 'Encrypted',
};

// ---------------------------------------------------------------------------------------------
// Assertions

/** A copy of `o` without `keys` (expected snapshots of variants). */
function without<T extends object>(o: T, ...keys: string[]): T {
  const c = { ...o } as Record<string, unknown>;
  for (const k of keys) delete c[k];
  return c as T;
}

/** Deep copy of a snapshot with changes to `aws` and the top level. */
function variant(base: Snap, top: Partial<Snap>, aws: Partial<Aws>, drop: { top?: string[]; aws?: string[] } = {}): Snap {
  const s = structuredClone(base);
  Object.assign(s, top);
  Object.assign(s.aws!, aws);
  for (const k of drop.top ?? []) delete (s as Record<string, unknown>)[k];
  for (const k of drop.aws ?? []) delete (s.aws as Record<string, unknown>)[k];
  return s;
}

/**
 * Field by field: every expected field has its value, and no other field is present (a field the
 * page does not show must be absent, i.e. unknown). `sources` is checked separately.
 */
function expectSnapshot(actual: Snap, expected: Snap) {
  const { sources: _s, aws: actualAws, ...top } = actual;
  const { sources: _e, aws: expectedAws, ...expectedTop } = expected;
  expect(Object.keys(top).sort(), 'top-level fields').toEqual(Object.keys(expectedTop).sort());
  for (const [k, v] of Object.entries(expectedTop)) expect((top as Record<string, unknown>)[k], k).toStrictEqual(v);
  expect(Object.keys(actualAws ?? {}).sort(), 'aws fields').toEqual(Object.keys(expectedAws ?? {}).sort());
  for (const [k, v] of Object.entries(expectedAws ?? {})) {
    expect((actualAws as Record<string, unknown>)[k], `aws.${k}`).toStrictEqual(v);
  }
  const parsed = VmSnapshot.safeParse(actual);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

/**
 * Anchors: every label path read has exactly one anchor, inside the page, on the value (its text
 * holds what the page shows, not the label); every item (SG, inbound rule, volume) has one; the
 * sources name the same paths plus the sections read.
 */
function expectAnchors(doc: Document, r: PageRead, id: string, shown: Record<string, string>, items: Record<string, string>, sections: string[]) {
  // The list page also reads the other rows: they have no anchors (one compact badge per row).
  const snap = byId(r, id);
  for (const a of r.anchors) {
    expect(a.resourceId).toBe(id);
    expect(doc.body.contains(a.element), `anchor ${a.path ?? a.item} is in the page`).toBe(true);
    expect((a.path === undefined) !== (a.item === undefined), 'an anchor has a path or an item').toBe(true);
  }
  const paths = r.anchors.filter((a) => a.path).map((a) => a.path!);
  expect([...paths].sort(), 'anchored paths').toEqual(Object.keys(shown).sort());
  for (const [path, text] of Object.entries(shown)) {
    const a = r.anchors.find((x) => x.path === path)!;
    const t = norm(a.element.textContent);
    expect(t, path).toContain(text);
    const label = snap.sources?.[path]?.replace(/^page: /, '');
    expect(label, `source of ${path}`).toBeTruthy();
    expect(t.toLowerCase(), `${path} anchor is the value, not the label`).not.toContain(label!.toLowerCase());
    expect(a.element.matches('dt, [data-analytics^="label-for-"]') || !!a.element.querySelector('dt, [data-analytics^="label-for-"]')).toBe(false);
  }
  const anchoredItems = r.anchors.filter((a) => a.item).map((a) => a.item!);
  expect([...anchoredItems].sort(), 'anchored items').toEqual(Object.keys(items).sort());
  for (const [item, text] of Object.entries(items)) {
    expect(norm(r.anchors.find((x) => x.item === item)!.element.textContent), item).toContain(text);
  }
  expect(Object.keys(snap.sources ?? {}).sort(), 'sources').toEqual([...Object.keys(shown), ...sections].sort());
  expect(norm(r.fallbacks[id]?.textContent)).toContain(id);
}

// ---------------------------------------------------------------------------------------------
// The fixtures as saved

describe('details-risky', () => {
  it('reads every setting the facts list', () => {
    const doc = parse('details-risky');
    expectSnapshot(one(read(doc, 'details-risky')), RISKY);
  });

  it('spot checks the facts one by one', () => {
    const s = one(read(parse('details-risky'), 'details-risky'));
    const a = s.aws!;
    expect(a.metadataOptions?.httpTokens).toBe('optional');
    expect(a.metadataOptions?.httpPutResponseHopLimit).toBe(2);
    expect(s.hasPublicAddress).toBe(true);
    expect(a.iamInstanceProfileArn).toBe('web-prod-role');
    expect(a.volumes?.find((v) => v.volumeId === 'vol-0aaaaaaaaaaaaaaa1')?.encrypted).toBe(false);
    expect(a.volumes?.find((v) => v.volumeId === 'vol-0bbbbbbbbbbbbbbb2')).toMatchObject({ encrypted: true, kmsKeyId: KMS_RISKY });
    expect(a.monitoringState).toBe('disabled');
    expect(a.disableApiTermination).toBe(false);
    expect(a.sourceDestCheck).toBe(false);
    const inbound = a.securityGroups!.flatMap((g) => g.inbound ?? []);
    expect(inbound.find((r) => r.id === 'sgr-0aaa1111aaaa1111a')).toMatchObject({ protocol: 'tcp', ports: ['22'], source: '0.0.0.0/0', groupName: 'launch-wizard-1' });
    expect(inbound.find((r) => r.id === 'sgr-0ccc3333cccc3333c')).toMatchObject({ ports: ['3306'], source: '::/0' });
    const def = a.securityGroups!.find((g) => g.groupName === 'default')!;
    expect(def.groupId).toBe(DEFAULT_SG);
    expect(def.inbound!.map((r) => [r.id, r.source])).toEqual([['sgr-0ddd4444dddd4444d', DEFAULT_SG]]);
    expect(def.outbound!.map((r) => r.id)).toEqual(['sgr-0fff6666ffff6666f']);
    expect(a.networkInterfaces!.map((n) => n.id)).toEqual(['eni-0123456789abcdef0']);
  });

  it('anchors every value read, every group, inbound rule and volume', () => {
    const doc = parse('details-risky');
    const r = read(doc, 'details-risky');
    expectAnchors(doc, r, RISKY_ID, RISKY_SHOWN, RISKY_ITEMS, SECTION_SOURCES);
    expect(r.fallbacks[RISKY_ID].closest('[data-testid="header-title"]') ?? r.fallbacks[RISKY_ID]).toBeTruthy();
  });

  it('a route naming another instance than the page shows (SPA navigation under way) gives nothing', () => {
    const doc = parse('details-risky');
    const r = readAwsPage(doc, routeOf(ec2Fixture('details-hardened').consoleUrl));
    expect(r).toEqual({ resources: [], anchors: [], fallbacks: {} });
  });

  it('reading does not change the page', () => {
    const doc = parse('details-risky');
    const before = doc.documentElement.outerHTML;
    read(doc, 'details-risky');
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('details-hardened', () => {
  it('reads every setting the facts list; no public address', () => {
    expectSnapshot(one(read(parse('details-hardened'), 'details-hardened')), HARDENED);
  });

  it('anchors', () => {
    const doc = parse('details-hardened');
    expectAnchors(doc, read(doc, 'details-hardened'), HARDENED_ID, HARDENED_SHOWN, HARDENED_ITEMS, SECTION_SOURCES);
  });
});

describe('details-tabs-not-rendered', () => {
  // Only the Details tab has content: the Security, Networking, Storage and Tags panels are empty.
  // Availability Zone and Source/dest. check are in the Networking tab here.
  const expected = variant(RISKY, {}, {}, {
    top: ['zone', 'tags'],
    aws: ['availabilityZone', 'sourceDestCheck', 'securityGroups', 'volumes', 'networkInterfaces'],
  });

  it('the label fields are read; groups, volumes, interfaces and tags are absent (unknown)', () => {
    const s = one(read(parse('details-tabs-not-rendered'), 'details-tabs-not-rendered'));
    expectSnapshot(s, expected);
    // The name comes from the heading "Instance summary for i-… (web-prod-1)".
    expect(s.name).toBe('web-prod-1');
    expect(s.aws).not.toHaveProperty('securityGroups');
    expect(s.aws).not.toHaveProperty('volumes');
    expect(s).not.toHaveProperty('tags');
  });

  it('anchors only what is shown', () => {
    const doc = parse('details-tabs-not-rendered');
    const shown = without(RISKY_SHOWN, 'aws.availabilityZone', 'aws.sourceDestCheck');
    expectAnchors(doc, read(doc, 'details-tabs-not-rendered'), RISKY_ID, shown, {}, []);
  });

  it('a tab still showing its loading indicator is not read either', () => {
    const doc = parse('details-tabs-not-rendered');
    for (const tab of ['security', 'networking', 'storage', 'tags']) panelOf(doc, tab).append(loadingIndicator(doc, 'Loading'));
    expectSnapshot(one(read(doc, 'details-tabs-not-rendered')), expected);
  });
});

describe('details-labels-reordered', () => {
  // Same values as details-risky, read through <div> pairs, wrapped values, an "IMDSv2 Info"
  // label and two labels with visible text only; no Monitoring anywhere.
  const expected = variant(RISKY, {}, {}, { aws: ['monitoringState'] });

  it('reads the same values; Monitoring is absent (unknown), not pass/fail', () => {
    const s = one(read(parse('details-labels-reordered'), 'details-labels-reordered'));
    expectSnapshot(s, expected);
    expect(s.aws).not.toHaveProperty('monitoringState');
  });

  it('anchors, including the two labels without data-analytics', () => {
    const doc = parse('details-labels-reordered');
    const r = read(doc, 'details-labels-reordered');
    expectAnchors(doc, r, RISKY_ID, without(RISKY_SHOWN, 'aws.monitoringState'), RISKY_ITEMS, SECTION_SOURCES);
    const term = r.anchors.find((a) => a.path === 'aws.disableApiTermination')!.element;
    expect(term.tagName).toBe('DD');
    expect(norm(term.previousElementSibling?.textContent)).toBe('Termination protection');
    const hop = r.anchors.find((a) => a.path === 'aws.metadataOptions.httpPutResponseHopLimit')!.element;
    expect(norm(hop.previousElementSibling?.textContent)).toBe('Metadata response hop limit');
  });

  it('a "Monitoring" tab and heading (the live console has one) are not the Monitoring label', () => {
    const doc = parse('details-labels-reordered');
    // A sixth tab, "Monitoring", and its panel with a Cloudscape-like header and some text.
    const tagsTab = doc.querySelector('[role="tab"][data-testid="tags"]')!;
    const li = tagsTab.closest('li')!;
    const copy = li.cloneNode(true) as Element;
    const tab = copy.querySelector('[role="tab"]')!;
    tab.setAttribute('data-testid', 'monitoring');
    tab.setAttribute('id', 'fx-monitoring-tab');
    tab.setAttribute('aria-controls', 'fx-monitoring-panel');
    tab.querySelector('span span')!.textContent = 'Monitoring';
    li.after(copy);
    const panel = doc.createElement('div');
    panel.setAttribute('role', 'tabpanel');
    panel.id = 'fx-monitoring-panel';
    // A header whose next sibling is text: read as a label, "Detailed monitoring …" would be its value.
    panel.innerHTML = '<div><div><h2><span>Monitoring</span></h2></div><div>Detailed monitoring enabled for 3 of 4 metrics</div></div>';
    panelOf(doc, 'tags').after(panel);
    const s = one(read(doc, 'details-labels-reordered'));
    expect(s.aws).not.toHaveProperty('monitoringState');
    expectSnapshot(s, expected);
  });

  it('details-risky read through visible text only (every data-analytics label removed) gives the same snapshot', () => {
    const doc = parse('details-risky');
    for (const l of doc.querySelectorAll('[data-analytics^="label-for-"]')) l.removeAttribute('data-analytics');
    const r = read(doc, 'details-risky');
    expectSnapshot(one(r), RISKY);
    expectAnchors(doc, r, RISKY_ID, RISKY_SHOWN, RISKY_ITEMS, SECTION_SOURCES);
  });

  it('details-labels-reordered read through visible text only (its <div> pairs, "IMDSv2 Info" label) gives the same snapshot', () => {
    const doc = parse('details-labels-reordered');
    for (const l of doc.querySelectorAll('[data-analytics^="label-for-"]')) l.removeAttribute('data-analytics');
    const r = read(doc, 'details-labels-reordered');
    expectSnapshot(one(r), expected);
    expectAnchors(doc, r, RISKY_ID, without(RISKY_SHOWN, 'aws.monitoringState'), RISKY_ITEMS, SECTION_SOURCES);
  });

  it('a KeyValuePairs label with an Info link and no data-analytics: the value is the <dd>, not the link', () => {
    const doc = parse('details-risky');
    for (const dt of labelsOf(doc, 'IMDSv2')) {
      dt.removeAttribute('data-analytics');
      const info = doc.createElement('span');
      info.innerHTML = '<a href="#">Info</a>';
      dt.append(info);
    }
    const r = read(doc, 'details-risky');
    expect(one(r).aws?.metadataOptions?.httpTokens).toBe('optional');
    expect(norm(r.anchors.find((a) => a.path === 'aws.metadataOptions.httpTokens')!.element.textContent)).toBe('Optional');
  });
});

// The instances table's rows (fixture facts: "rows: …"; values as the table shows them). A row
// gives only its columns: no tags, addresses from "Public IPv4 address"/"Elastic IP"/"IPv6 IPs",
// launch time to the minute.
function listRow(id: string, name: string, state: string, type: string, zone: string, monitoring: string, launch: string, publicIps: string[] = []): Snap {
  return {
    kind: 'vm',
    provider: 'aws',
    id,
    name,
    region: 'us-east-1',
    zone,
    state,
    hasPublicAddress: publicIps.length > 0,
    origin: 'page',
    aws: {
      instanceId: id,
      region: 'us-east-1',
      state,
      instanceType: type,
      availabilityZone: zone,
      publicIpv4Addresses: publicIps,
      ipv6Addresses: [],
      monitoringState: monitoring,
      launchTime: launch,
    },
  };
}
const LIST_ROWS: Snap[] = [
  listRow(HARDENED_ID, 'db-internal-2', 'running', 'r6i.large', 'us-east-1b', 'enabled', '2026-11-25T16:40:00.000Z'),
  listRow('i-0123456789abcdef1', 'batch-worker-3', 'running', 't3.large', 'us-east-1b', 'disabled', '2026-10-02T11:05:00.000Z'),
  listRow('i-0aa11bb22cc33dd44', 'legacy-bastion', 'stopped', 't2.micro', 'us-east-1a', 'disabled', '2026-03-02T07:30:00.000Z'),
];
/** The selected row read from the table (only when the split panel is closed). */
const RISKY_ROW = listRow(RISKY_ID, 'web-prod-1', 'running', 't3.micro', 'us-east-1a', 'disabled', '2026-11-20T09:14:00.000Z', ['54.210.1.23']);

describe('list-split-panel', () => {
  const name = 'list-split-panel';
  const splitPanel = (doc: Document) => {
    const h = [...doc.querySelectorAll('h2')].find((e) => norm(e.textContent).startsWith(`Instance: ${RISKY_ID}`));
    return h!.closest('[role="region"]')!;
  };
  const instancesTable = (doc: Document) =>
    [...doc.querySelectorAll('table')].find((t) => t.querySelector('tbody') && norm(t.querySelector('thead')?.textContent).includes('Instance ID'))!;

  it('reads the selected instance from the split panel', () => {
    const doc = parse(name);
    expect(routeOf(ec2Fixture(name).consoleUrl).kind).toBe('aws-instances-list');
    expectSnapshot(byId(read(doc, name), RISKY_ID), RISKY);
  });

  it('anchors are in the split panel, none in the instances table', () => {
    const doc = parse(name);
    const r = read(doc, name);
    expectAnchors(doc, r, RISKY_ID, RISKY_SHOWN, RISKY_ITEMS, SECTION_SOURCES);
    const panel = splitPanel(doc);
    const table = instancesTable(doc);
    for (const a of r.anchors) {
      expect(panel.contains(a.element), `${a.path ?? a.item} in the split panel`).toBe(true);
      expect(table.contains(a.element)).toBe(false);
    }
    expect(norm(r.fallbacks[RISKY_ID].textContent)).toBe(`Instance: ${RISKY_ID} (web-prod-1)`);
  });

  it('the table row is not read: other values in the selected row change nothing', () => {
    const doc = parse(name);
    const table = instancesTable(doc) as HTMLTableElement;
    const set = (header: string, text: string) => {
      const c = cellAt(table, RISKY_ID, header);
      c.textContent = text;
    };
    set('Instance type', 'm5.24xlarge');
    set('Availability Zone', 'eu-west-3c');
    set('Public IPv4 address', '203.0.113.9');
    set('Monitoring', 'enabled');
    set('Launch time', '2020/01/01 00:00 GMT+0');
    const r = read(doc, name);
    expectSnapshot(byId(r, RISKY_ID), RISKY);
    expect(Object.keys(r.compact ?? {})).not.toContain(RISKY_ID);
  });

  it('column headers are not labels: a split panel without labels gives unknown, not the column values', () => {
    const doc = parse(name);
    const panel = splitPanel(doc);
    // The split panel shows neither "Monitoring" nor "Instance type" (and no attributes at all);
    // the instances table has both columns (and its sticky-header copy too).
    for (const l of panel.querySelectorAll('[data-analytics^="label-for-"]')) l.removeAttribute('data-analytics');
    for (const label of ['Monitoring', 'Instance type']) {
      const dts = [...panel.querySelectorAll('dt')].filter((d) => norm(d.textContent) === label);
      expect(dts.length).toBeGreaterThan(0);
      for (const d of dts) d.parentElement!.remove();
    }
    expectSnapshot(byId(read(doc, name), RISKY_ID), variant(RISKY, {}, {}, { aws: ['monitoringState', 'instanceType'] }));
  });

  it('a closed split panel (no selected instance shown): every row from its columns, no anchors', () => {
    const doc = parse(name);
    splitPanel(doc).remove();
    const r = read(doc, name);
    expect(r.anchors).toEqual([]);
    expect(r.resources.map((s) => s.id)).toEqual([RISKY_ID, ...LIST_ROWS.map((s) => s.id)]);
    expectSnapshot(byId(r, RISKY_ID), RISKY_ROW);
    for (const row of LIST_ROWS) expectSnapshot(byId(r, row.id), row);
    expect(Object.keys(r.compact!).sort()).toEqual([RISKY_ID, ...LIST_ROWS.map((s) => s.id)].sort());
  });
});

describe('list-split-panel: the instances table rows', () => {
  const name = 'list-split-panel';
  const OTHER_IDS = LIST_ROWS.map((s) => s.id);
  const instancesTable = (doc: Document) =>
    [...doc.querySelectorAll('table')].find((t) => t.querySelector('tbody') && norm(t.querySelector('thead')?.textContent).includes('Instance ID'))! as HTMLTableElement;
  const rowOf = (table: HTMLTableElement, id: string) => [...table.querySelectorAll('tbody tr')].find((r) => norm(r.textContent).includes(id))!;
  /** Moves column `from` (0-based, selection column included) to position `to`, header and body. */
  const moveColumn = (table: HTMLTableElement, from: number, to: number) => {
    for (const tr of [...table.querySelectorAll('thead tr'), ...table.querySelectorAll('tbody tr')]) {
      const cell = tr.children[from];
      tr.insertBefore(cell, tr.children[to] ?? null);
    }
  };
  const dropColumn = (table: HTMLTableElement, header: string) => {
    const i = [...table.querySelectorAll('thead th')].findIndex((th) => norm(th.textContent) === header);
    expect(i, header).toBeGreaterThan(0);
    for (const tr of [...table.querySelectorAll('thead tr'), ...table.querySelectorAll('tbody tr')]) tr.children[i].remove();
  };
  const colIndex = (table: HTMLTableElement, header: string) => [...table.querySelectorAll('thead th')].findIndex((th) => norm(th.textContent) === header);

  it('reads each other row into its own snapshot from the visible columns', () => {
    const r = read(parse(name), name);
    expect(r.resources.map((s) => s.id)).toEqual([RISKY_ID, ...OTHER_IDS]);
    for (const row of LIST_ROWS) {
      const s = byId(r, row.id);
      expectSnapshot(s, row);
      expect(Object.keys(s.sources ?? {}).sort()).toEqual(['aws.availabilityZone', 'aws.instanceType', 'aws.ipv6Addresses', 'aws.launchTime', 'aws.monitoringState', 'aws.publicIpv4Addresses', 'aws.state']);
      expect(s.sources?.['aws.monitoringState']).toBe('page: Instances list → Monitoring');
    }
  });

  it('the selected row is not read again: one snapshot per id, the panel\'s', () => {
    const r = read(parse(name), name);
    expect(new Set(r.resources.map((s) => s.id)).size).toBe(r.resources.length);
    expectSnapshot(byId(r, RISKY_ID), RISKY);
  });

  it('compact: each other row\'s Instance ID cell content; rows add no anchors', () => {
    const doc = parse(name);
    const table = instancesTable(doc);
    const r = read(doc, name);
    expect(Object.keys(r.compact!).sort()).toEqual([...OTHER_IDS].sort());
    for (const id of OTHER_IDS) {
      const el = r.compact![id];
      expect(norm(el.textContent)).toBe(id);
      expect(el.closest('td')).toBe(rowOf(table, id).children[colIndex(table, 'Instance ID')]);
      expect(el.matches('[class*="body-cell-content"]')).toBe(true);
    }
    for (const a of r.anchors) expect(a.resourceId).toBe(RISKY_ID);
  });

  it('columns in another order, and a missing column: read by header text; the missing one is unknown', () => {
    const doc = parse(name);
    const table = instancesTable(doc);
    // Monitoring first (after the selection column), Instance ID last, Public IPv4 address gone.
    moveColumn(table, colIndex(table, 'Monitoring'), 1);
    moveColumn(table, colIndex(table, 'Instance ID'), table.querySelectorAll('thead th').length);
    dropColumn(table, 'Public IPv4 address');
    const r = read(doc, name);
    for (const row of LIST_ROWS) {
      // Without the public IPv4 column, public addresses are unknown (IPv6 "–" says none of those).
      expectSnapshot(byId(r, row.id), variant(row, {}, {}, { top: ['hasPublicAddress'], aws: ['publicIpv4Addresses'] }));
    }
    expect(norm(r.compact![HARDENED_ID].textContent)).toBe(HARDENED_ID);
  });

  it('no Instance ID column: no rows (a row without its id is nobody)', () => {
    const doc = parse(name);
    dropColumn(instancesTable(doc), 'Instance ID');
    const r = read(doc, name);
    expect(r.resources.map((s) => s.id)).toEqual([RISKY_ID]);
    expect(r.compact).toBeUndefined();
  });

  it('hostile or odd cell text is never a value; a duplicated row is read once', () => {
    const doc = parse(name);
    const table = instancesTable(doc);
    const cell = (id: string, header: string) => rowOf(table, id).children[colIndex(table, header)].querySelector('[class*="body-cell-content"]')!;
    const [db, batch, bastion] = OTHER_IDS;
    // Free text where a value is expected: unknown, not made up.
    cell(db, 'Instance state').textContent = 'Running; rm -rf /';
    cell(db, 'Monitoring').textContent = '<img src=x onerror=alert(1)>';
    cell(db, 'Public IPv4 address').textContent = 'see console';
    cell(db, 'Instance type').textContent = '$(reboot)';
    cell(db, 'Availability Zone').textContent = 'us-east-1b"; drop';
    cell(db, 'Launch time').textContent = 'yesterday-ish';
    // A name is free text, kept as text (never parsed as markup).
    cell(db, 'Name').textContent = '__proto__ <b>x</b>';
    // An id with extra text is not an id: the row is skipped.
    cell(batch, 'Instance ID').textContent = `${batch} (copy)`;
    // A second row for the selected instance and a duplicate of another row: not read again.
    const dupRisky = rowOf(table, RISKY_ID).cloneNode(true) as Element;
    const dupBastion = rowOf(table, bastion).cloneNode(true) as Element;
    table.querySelector('tbody')!.append(dupRisky, dupBastion);
    const r = read(doc, name);
    expect(r.resources.map((s) => s.id)).toEqual([RISKY_ID, db, bastion]);
    expectSnapshot(
      byId(r, db),
      variant(LIST_ROWS[0], { name: '__proto__ <b>x</b>' }, {}, { top: ['state', 'zone', 'hasPublicAddress'], aws: ['state', 'monitoringState', 'publicIpv4Addresses', 'instanceType', 'availabilityZone', 'launchTime'] }),
    );
    expectSnapshot(byId(r, RISKY_ID), RISKY);
    expectSnapshot(byId(r, bastion), LIST_ROWS[2]);
    // The first bastion row keeps the badge.
    expect(r.compact![bastion].closest('tr')).toBe(rowOf(table, bastion));
  });

  it('a loading or misaligned table gives no rows (unknown, not empty)', () => {
    const doc = parse(name);
    const table = instancesTable(doc);
    rowOf(table, HARDENED_ID).children[3].remove();
    expect(read(doc, name).resources.map((s) => s.id)).toEqual([RISKY_ID]);
    const doc2 = parse(name);
    instancesTable(doc2).setAttribute('aria-busy', 'true');
    expect(read(doc2, name).resources.map((s) => s.id)).toEqual([RISKY_ID]);
  });
});

// ---------------------------------------------------------------------------------------------
// Variants of details-risky made by DOM surgery

describe('(1) "–" is known-empty', () => {
  it('IAM Role "–" → null; Public IPv4 "–" and IPv6 "–" → no public address; Platform "–" → null', () => {
    const doc = parse('details-risky');
    setValue(doc, 'IAM Role', '–');
    setValue(doc, 'Public IPv4 address', '–');
    setValue(doc, 'Platform', '–');
    const r = read(doc, 'details-risky');
    const s = one(r);
    expectSnapshot(s, variant(RISKY, { hasPublicAddress: false }, { iamInstanceProfileArn: null, publicIpv4Addresses: [], platform: null, networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: null }] }));
    // Known-empty values are still anchored (a badge can sit beside the "–").
    for (const p of ['aws.iamInstanceProfileArn', 'aws.publicIpv4Addresses', 'aws.platform']) {
      expect(norm(r.anchors.find((a) => a.path === p)!.element.textContent), p).toBe('–');
    }
  });

  it('"-" and "—" count as "–"', () => {
    const doc = parse('details-risky');
    setValue(doc, 'IAM Role', '-');
    setValue(doc, 'Public IPv4 address', '—');
    const s = one(read(doc, 'details-risky'));
    expect(s.aws?.iamInstanceProfileArn).toBeNull();
    expect(s.aws?.publicIpv4Addresses).toEqual([]);
    expect(s.hasPublicAddress).toBe(false);
  });

  it('"–" for a setting that has no empty value (state, type, on/off, numbers) is unknown', () => {
    const doc = parse('details-risky');
    for (const l of ['Instance state', 'Instance type', 'Termination protection', 'Monitoring', 'IMDSv2', 'Metadata accessible', 'Metadata response hop limit', 'Allow tags in metadata', 'Source/dest. check', 'Availability Zone']) {
      setValue(doc, l, '–');
    }
    const s = one(read(doc, 'details-risky'));
    expectSnapshot(
      s,
      variant(RISKY, {}, { networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', publicIp: '54.210.1.23', ipOwnerId: 'amazon' }] }, {
        top: ['state', 'zone'],
        aws: ['state', 'instanceType', 'disableApiTermination', 'monitoringState', 'metadataOptions', 'sourceDestCheck', 'availabilityZone'],
      }),
    );
  });
});

describe('(2) a section that is not on the page is absent', () => {
  const name = 'details-risky';

  it('Security tab panel empty → securityGroups absent, nothing else changes', () => {
    const doc = parse(name);
    panelOf(doc, 'security').replaceChildren();
    const r = read(doc, name);
    expectSnapshot(one(r), variant(RISKY, {}, {}, { aws: ['securityGroups'] }));
    expect(r.anchors.filter((a) => a.item?.startsWith('sg'))).toEqual([]);
  });

  it('Storage tab panel empty → volumes absent', () => {
    const doc = parse(name);
    panelOf(doc, 'storage').replaceChildren();
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, {}, { aws: ['volumes'] }));
  });

  it('Networking tab panel empty → interfaces, Source/dest. check and zone absent; the summary still gives the public IP', () => {
    const doc = parse(name);
    panelOf(doc, 'networking').replaceChildren();
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, {}, { top: ['zone'], aws: ['networkInterfaces', 'sourceDestCheck', 'availabilityZone'] }));
  });

  it('Tags tab panel empty → tags absent; the name still comes from the heading', () => {
    const doc = parse(name);
    panelOf(doc, 'tags').replaceChildren();
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, {}, { top: ['tags'] }));
  });

  it('Details tab panel empty → its settings absent; Launch time still read from the Security tab, IMDSv2 from the summary', () => {
    const doc = parse(name);
    panelOf(doc, 'details').replaceChildren();
    const s = one(read(doc, name));
    // IMDSv2 is also in the summary (details-risky's summary: Instance ID, IPv6, Auto-assigned IP,
    // IAM Role, IMDSv2 | Public IPv4, state, type, VPC, subnet | private IPs, DNS, Elastic IP).
    expectSnapshot(
      s,
      variant(RISKY, {}, { metadataOptions: { httpTokens: 'optional' } }, {
        aws: ['platform', 'stateTransitionReason', 'disableApiTermination', 'monitoringState'],
      }),
    );
    expect(s.aws?.launchTime).toBe('2026-11-20T09:14:03.000Z');
  });

  it('one label/value pair removed (Monitoring) → that field absent', () => {
    const doc = parse(name);
    removePair(doc, 'Monitoring');
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, {}, { aws: ['monitoringState'] }));
  });

  it('a label whose value element is missing is unknown: the next pair\'s value is not read', () => {
    const doc = parse(name);
    // "Instance state" is followed by "Instance type", "Monitoring" (last in its column) by nothing
    // in its group, "Metadata accessible" by "Allow tags in metadata".
    for (const l of ['Instance state', 'Monitoring', 'Metadata accessible']) for (const v of valuesOf(doc, l)) v.remove();
    const s = one(read(doc, name));
    expectSnapshot(
      s,
      variant(RISKY, {}, { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2, instanceMetadataTags: 'disabled' } }, {
        top: ['state'],
        aws: ['state', 'monitoringState'],
      }),
    );
  });

  it('the same label shown twice: when the first shows no value, the second is read', () => {
    const doc = parse(name);
    // Public IPv4 address: summary and Networking tab; IAM Role: summary and Security tab.
    for (const l of ['Public IPv4 address', 'IAM Role']) {
      const [first, second] = valuesOf(doc, l);
      expect(second).toBeTruthy();
      first.remove();
    }
    const r = read(doc, name);
    expectSnapshot(one(r), RISKY);
    expect(panelOf(doc, 'networking').contains(r.anchors.find((a) => a.path === 'aws.publicIpv4Addresses')!.element)).toBe(true);
    expect(panelOf(doc, 'security').contains(r.anchors.find((a) => a.path === 'aws.iamInstanceProfileArn')!.element)).toBe(true);
  });

  it('inbound table removed, outbound kept → each group\'s inbound absent, outbound read', () => {
    const doc = parse(name);
    doc.querySelector('[data-analytics="inbound-rules"]')!.remove();
    const groups = RISKY_GROUPS.map((g) => without(g, 'inbound'));
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { securityGroups: groups }));
  });

  it('a rules table still loading is unknown, not "no rules"', () => {
    const doc = parse(name);
    const t = tableIn(doc, '[data-analytics="inbound-rules"]');
    spanningBody(doc, t, loadingIndicator(doc, 'Loading security group rules'));
    const groups = RISKY_GROUPS.map((g) => without(g, 'inbound'));
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { securityGroups: groups }));
  });

  it('a block devices table still loading → volumes absent; tags table loading → tags absent', () => {
    const doc = parse(name);
    spanningBody(doc, tableIn(doc, '[data-testid="block-devices-table"]'), loadingIndicator(doc, 'Loading block devices'));
    const tags = panelOf(doc, 'tags').querySelector('table') as HTMLTableElement;
    spanningBody(doc, tags, loadingIndicator(doc, 'Loading tags'));
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, {}, { top: ['tags'], aws: ['volumes'] }));
  });

  it('an empty rules table ("No rules") is known-empty for every attached group', () => {
    const doc = parse(name);
    const t = tableIn(doc, '[data-analytics="inbound-rules"]');
    const empty = doc.createElement('div');
    empty.textContent = 'No rules';
    spanningBody(doc, t, empty);
    const groups = RISKY_GROUPS.map((g) => ({ ...g, inbound: [] }));
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { securityGroups: groups }));
  });

  it('rows that do not line up with the headers (a cell missing) make the table unknown', () => {
    const doc = parse(name);
    const t = tableIn(doc, '[data-analytics="inbound-rules"]');
    // Drop the "Port range" cell of the SSH row: its Source would be read from "Security groups".
    const i = [...t.querySelectorAll('thead th')].findIndex((th) => norm(th.textContent) === 'Port range');
    [...t.querySelectorAll('tbody tr')].find((r) => norm(r.textContent).includes('sgr-0aaa1111aaaa1111a'))!.children[i].remove();
    const groups = RISKY_GROUPS.map((g) => without(g, 'inbound'));
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { securityGroups: groups }));
  });

  it('a sticky-header copy (a <table> with only a <thead>) before the rules table does not hide the rows', () => {
    const doc = parse(name);
    const t = tableIn(doc, '[data-analytics="inbound-rules"]');
    const copy = doc.createElement('table');
    copy.append(t.tHead!.cloneNode(true));
    const wrapper = doc.createElement('div');
    wrapper.className = 'awsui_header-secondary_wih1l_1xi6i_134';
    wrapper.append(copy);
    t.parentElement!.before(wrapper);
    expectSnapshot(one(read(doc, name)), RISKY);
  });
});

describe('(3) an instance without a public IP', () => {
  const name = 'details-risky';
  const noPublic = (doc: Document) => {
    setValue(doc, 'Public IPv4 address', '–');
    setValue(doc, 'Public IPv4 DNS', '–');
    setValue(doc, 'Auto-assigned IP address', '–');
  };

  it('Public IPv4 "–", Elastic IP "–", IPv6 "–" → hasPublicAddress false', () => {
    const doc = parse(name);
    noPublic(doc);
    expectSnapshot(one(read(doc, name)), variant(RISKY, { hasPublicAddress: false }, { publicIpv4Addresses: [], networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: null }] }));
  });

  it('IPv6 not shown → public IPv4 known none, but hasPublicAddress unknown (absent)', () => {
    const doc = parse(name);
    noPublic(doc);
    removePair(doc, 'IPv6 addresses');
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { publicIpv4Addresses: [], networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: null }] }, { top: ['hasPublicAddress'], aws: ['ipv6Addresses'] }));
  });

  // The interface's address is then the Elastic IP, owned by the account (Owner ID), so the fix
  // disassociates it rather than turning off auto-assignment.
  it('an Elastic IP counts as a public IPv4', () => {
    const doc = parse(name);
    noPublic(doc);
    setValue(doc, 'Elastic IP addresses', '3.5.140.2');
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { publicIpv4Addresses: ['3.5.140.2'], networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: '3.5.140.2', ipOwnerId: '123456789012' }] }));
  });

  it('an IPv6 address alone makes the instance public', () => {
    const doc = parse(name);
    noPublic(doc);
    setValue(doc, 'IPv6 addresses', '2600:1f18:abcd:1200::5');
    expectSnapshot(one(read(doc, name)), variant(RISKY, {}, { publicIpv4Addresses: [], ipv6Addresses: ['2600:1f18:abcd:1200::5'], networkInterfaces: [{ id: 'eni-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', sourceDestCheck: false, publicIp: null }] }));
  });
});

describe('(4) Key/Value tables that are not the instance\'s tags', () => {
  // Decision: tags come from the Tags tab's panel (the tabpanel its [role=tab][data-testid=tags]
  // controls) or a table the console marks as the tags table; a Key/Value table anywhere else is
  // not this instance's tags, and a Tags tab whose panel is empty stays unknown even when another
  // Key/Value table is on the page. Only a page without a Tags tab falls back to a Key/Value table
  // under a "Tags" heading. Another frame's document is never read (a reader reads its own frame).
  const impostor = (doc: Document, heading: string | null) => kvTable(doc, heading, [['Name', 'impostor'], ['env', 'dev'], ['owner', 'mallory']]);

  it('a Key/Value table in the Details tab, before the Tags tab, is not read as tags', () => {
    const doc = parse('details-risky');
    panelOf(doc, 'details').prepend(impostor(doc, 'Launch template parameters'));
    expectSnapshot(one(read(doc, 'details-risky')), RISKY);
  });

  it('Tags tab not rendered + a Key/Value table elsewhere in the panel → tags unknown, name from the heading', () => {
    const doc = parse('details-tabs-not-rendered');
    panelOf(doc, 'details').append(impostor(doc, null));
    const s = one(read(doc, 'details-tabs-not-rendered'));
    expect(s).not.toHaveProperty('tags');
    expect(s.name).toBe('web-prod-1');
  });

  it('a Key/Value table outside the instance panel and a second iframe change nothing', () => {
    for (const name of ['details-risky', 'details-tabs-not-rendered']) {
      const doc = parse(name);
      doc.body.prepend(impostor(doc, 'Tags'));
      const frame = doc.createElement('iframe');
      frame.setAttribute('srcdoc', `<h2>Instance summary for ${HARDENED_ID} (db-internal-2)</h2><table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody><tr><td>Name</td><td>impostor</td></tr></tbody></table>`);
      panelOf(doc, 'details').append(frame);
      const s = one(read(doc, name));
      expect(s.id).toBe(RISKY_ID);
      if (name === 'details-risky') expectSnapshot(s, RISKY);
      else expect(s).not.toHaveProperty('tags');
    }
  });

  it('a page without a Tags tab: the Key/Value table under the "Tags" heading, not another one', () => {
    const doc = parse('details-risky');
    const tab = doc.querySelector('[role="tab"][data-testid="tags"]')!;
    tab.closest('li')!.remove();
    panelOf(doc, 'details').prepend(impostor(doc, null));
    expectSnapshot(one(read(doc, 'details-risky')), RISKY);
    // Without the "Tags" heading either, no table is known to be the tags: unknown.
    const doc2 = parse('details-risky');
    doc2.querySelector('[role="tab"][data-testid="tags"]')!.closest('li')!.remove();
    for (const h of doc2.querySelectorAll('h2')) if (norm(h.textContent).startsWith('Tags')) h.remove();
    expect(one(read(doc2, 'details-risky'))).not.toHaveProperty('tags');
  });
});

describe('(5) rules whose group the table does not say', () => {
  const name = 'details-risky';

  it('no "Security groups" column and two groups: no rule is put in a wrong group; each group\'s inbound is unknown', () => {
    const doc = parse(name);
    removeColumn(tableIn(doc, '[data-analytics="inbound-rules"]'), 'Security groups');
    const s = one(read(doc, name));
    const groups = s.aws!.securityGroups!;
    const lw1 = groups.find((g) => g.groupId === LW1)!;
    const def = groups.find((g) => g.groupId === DEFAULT_SG)!;
    // Not "[]": an empty list would say the default group has no inbound rules (a false pass).
    expect(lw1).not.toHaveProperty('inbound');
    expect(def).not.toHaveProperty('inbound');
    expect(lw1.outbound).toStrictEqual([LW1_OUT]);
    expect(def.outbound).toStrictEqual([DEFAULT_OUT]);
    // Every inbound rule is still there to be judged on its own, with no group id or name
    // (a fix command then shows {groupId} unfilled instead of a wrong group).
    const unassigned = groups.filter((g) => g.groupId !== LW1 && g.groupId !== DEFAULT_SG);
    expect(unassigned).toHaveLength(1);
    expect(unassigned[0]).not.toHaveProperty('groupName');
    expect(unassigned[0]).not.toHaveProperty('outbound');
    const strip = (r: Rule) => without(r, 'groupId', 'groupName');
    expect(unassigned[0].inbound).toStrictEqual([SSH, HTTPS, MYSQL, SELF].map(strip));
    expect(VmSnapshot.safeParse(s).success).toBe(true);
  });

  it('one group and no group column: every rule is that group\'s', () => {
    const doc = parse('details-hardened');
    removeColumn(tableIn(doc, '[data-analytics="inbound-rules"]'), 'Security groups');
    removeColumn(tableIn(doc, '[data-analytics="outbound-rules"]'), 'Security groups');
    expectSnapshot(one(read(doc, 'details-hardened')), HARDENED);
  });

  it('a group column naming a group that is not attached: that rule is unassigned; the named group keeps its rules', () => {
    const doc = parse(name);
    cellAt(tableIn(doc, '[data-analytics="inbound-rules"]'), 'sgr-0ddd4444dddd4444d', 'Security groups').textContent = 'some-other-group';
    const groups = one(read(doc, name)).aws!.securityGroups!;
    expect(groups.find((g) => g.groupId === LW1)!.inbound).toStrictEqual([SSH, HTTPS, MYSQL]);
    // The default group's only rule is not known to be its own: its inbound list is unknown.
    expect(groups.find((g) => g.groupId === DEFAULT_SG)).not.toHaveProperty('inbound');
    expect(groups.find((g) => g.id !== LW1 && g.id !== DEFAULT_SG)!.inbound).toStrictEqual([without(SELF, 'groupId', 'groupName')]);
  });

  it('a group column with group ids works like names', () => {
    const doc = parse(name);
    const t = tableIn(doc, '[data-analytics="inbound-rules"]');
    for (const [id, g] of [['sgr-0aaa1111aaaa1111a', LW1], ['sgr-0ddd4444dddd4444d', DEFAULT_SG]]) cellAt(t, id, 'Security groups').textContent = g;
    expectSnapshot(one(read(doc, name)), RISKY);
  });

  it('without the console\'s link attribute, a rule source linking to another group is not an attached group', () => {
    const doc = parse('details-hardened');
    for (const a of doc.querySelectorAll('a[data-analytics="security-groups-link"]')) a.removeAttribute('data-analytics');
    // The PostgreSQL rule's source link, written the way the group links are: "sg-… (name)".
    const src = cellAt(tableIn(doc, '[data-analytics="inbound-rules"]'), 'sgr-02b2b2b2b2b2b2b2b', 'Source').querySelector('a')!;
    src.textContent = `${LW1} (launch-wizard-1)`;
    const s = one(read(doc, 'details-hardened'));
    expect(s.aws!.securityGroups!.map((g) => g.groupId)).toEqual([DB_SG]);
    expectSnapshot(s, HARDENED);
  });
});

describe('(6) hostile text in values', () => {
  const IMG = '<img src=x onerror="globalThis.__vmlintPwned=1">';
  const RLO = '\u202E';
  const RLM = '\u200F';
  const LONG = 'A'.repeat(10_000);

  function hostile(): Document {
    const doc = parse('details-risky');
    setValue(doc, 'IAM Role', IMG);
    setValue(doc, 'Instance type', `${RLO}t3.micro${RLM}`);
    setValue(doc, 'Platform', LONG);
    setValue(doc, 'Launch time', '('.repeat(10_000));
    setValue(doc, 'State transition reason', `User initiated (${'('.repeat(10_000)}`);
    setValue(doc, 'Metadata response hop limit', '9'.repeat(10_000));
    setValue(doc, 'Public IPv4 address', '1.'.repeat(5_000));
    setValue(doc, 'IPv6 addresses', 'a:'.repeat(5_000));
    setValue(doc, 'VPC ID', `vpc-${'0'.repeat(10_000)}`);
    const heading = doc.querySelector('[data-testid="header-title"]')!;
    heading.textContent = `Instance summary for ${RISKY_ID} (${RLO}${'('.repeat(5_000)}${IMG})`;
    const rules = tableIn(doc, '[data-analytics="inbound-rules"]');
    cellAt(rules, 'sgr-0aaa1111aaaa1111a', 'Description').textContent = `<script>alert(1)</script>${LONG}`;
    cellAt(rules, 'sgr-0bbb2222bbbb2222b', 'Port range').textContent = '9'.repeat(10_000);
    cellAt(rules, 'sgr-0ccc3333cccc3333c', 'Source').textContent = `${RLO}::/0`;
    // The launch-wizard-1 group renamed to something hostile, in its link and the group column.
    const HOSTILE_GROUP = `${RLO}${IMG}${LONG}`;
    const link = doc.querySelector('a[data-analytics="security-groups-link"]')!;
    link.textContent = `${LW1} (${HOSTILE_GROUP})`;
    for (const sel of ['[data-analytics="inbound-rules"]', '[data-analytics="outbound-rules"]']) {
      const t = tableIn(doc, sel);
      for (const id of ['sgr-0aaa1111aaaa1111a', 'sgr-0bbb2222bbbb2222b', 'sgr-0ccc3333cccc3333c', 'sgr-0eee5555eeee5555e']) {
        if (norm(t.textContent).includes(id)) cellAt(t, id, 'Security groups').textContent = HOSTILE_GROUP;
      }
    }
    const tags = panelOf(doc, 'tags').querySelector('table')!;
    const addTag = (k: string, v: string) => {
      const tr = tags.querySelector('tbody tr')!.cloneNode(true) as Element;
      const cells = tr.querySelectorAll('[class*="body-cell-content"]');
      cells[0].textContent = k;
      cells[1].textContent = v;
      tags.querySelector('tbody')!.append(tr);
    };
    addTag('__proto__', 'polluted');
    addTag('constructor', IMG);
    addTag(`${RLO}evil`, LONG);
    addTag(IMG, `${RLM}x`);
    return doc;
  }

  it('returns strings as shown, never markup, never throws, and the snapshot is valid', () => {
    const doc = hostile();
    const images = doc.querySelectorAll('img').length;
    const t0 = performance.now();
    const r = read(doc, 'details-risky');
    const ms = performance.now() - t0;
    expect(ms, 'no catastrophic regex backtracking').toBeLessThan(3_000);
    const s = one(r);
    const parsed = VmSnapshot.safeParse(s);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
    const a = s.aws!;
    expect(a.iamInstanceProfileArn).toBe(IMG);
    expect(a.instanceType).toBe(`${RLO}t3.micro${RLM}`);
    expect(a.platform).toBe(LONG);
    // Not a time, not a number, not an address, not an id: unknown.
    expect(a).not.toHaveProperty('launchTime');
    expect(a.metadataOptions).not.toHaveProperty('httpPutResponseHopLimit');
    expect(a.metadataOptions?.httpTokens).toBe('optional');
    expect(a.publicIpv4Addresses?.every((x) => typeof x === 'string')).toBe(true);
    expect(a.ipv6Addresses?.every((x) => typeof x === 'string')).toBe(true);
    expect(typeof a.stateTransitionReason).toBe('string');
    expect(a).not.toHaveProperty('stoppedAt');
    expect(a.vpcId === undefined || typeof a.vpcId === 'string').toBe(true);
    expect(s.name).toBe('web-prod-1');
    // Rules: strings; the port range that is not a port stays a string the engine can reject.
    const lw1 = a.securityGroups!.find((g) => g.groupId === LW1)!;
    expect(lw1.groupName).toBe(`${RLO}${IMG}${LONG}`);
    expect(lw1.inbound!.map((x) => x.id)).toEqual(['sgr-0aaa1111aaaa1111a', 'sgr-0bbb2222bbbb2222b', 'sgr-0ccc3333cccc3333c']);
    const ssh = lw1.inbound!.find((x) => x.id === 'sgr-0aaa1111aaaa1111a')!;
    expect(ssh.description).toBe(`<script>alert(1)</script>${LONG}`);
    expect(lw1.inbound!.find((x) => x.id === 'sgr-0ccc3333cccc3333c')!.source).toBe(`${RLO}::/0`);
    for (const g of a.securityGroups!) for (const x of [...(g.inbound ?? []), ...(g.outbound ?? [])]) {
      for (const v of [x.id, x.protocol, x.source, ...x.ports]) expect(typeof v).toBe('string');
    }
    // Tags: every key is an own property, including "__proto__"; nothing polluted.
    expect(Object.getPrototypeOf(s.tags)).toBe(Object.prototype);
    expect(Object.keys(s.tags!)).toEqual(['Name', 'env', '__proto__', 'constructor', `${RLO}evil`, IMG]);
    expect(Object.getOwnPropertyDescriptor(s.tags, '__proto__')?.value).toBe('polluted');
    expect(s.tags!.constructor).toBe(IMG);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Text was never turned into markup.
    expect(doc.querySelectorAll('img').length).toBe(images);
    expect((globalThis as Record<string, unknown>).__vmlintPwned).toBeUndefined();
  });

  it('hostile headings: a 10,000-character name, a name with parentheses', () => {
    const doc = parse('details-tabs-not-rendered');
    const h = doc.querySelector('[data-testid="header-title"]')!;
    h.textContent = `Instance summary for ${RISKY_ID} (web (blue) ${RLO}1)`;
    expect(one(read(doc, 'details-tabs-not-rendered')).name).toBe(`web (blue) ${RLO}1`);
    h.textContent = `Instance summary for ${RISKY_ID} (${LONG})`;
    expect(one(read(doc, 'details-tabs-not-rendered')).name).toBe(LONG);
    // An id longer than an instance id is not this instance.
    h.textContent = `Instance summary for ${RISKY_ID}0000 (x)`;
    expect(read(doc, 'details-tabs-not-rendered').resources).toEqual([]);
  });

  it('a stop date that is not a date is not a stop date', () => {
    const doc = parse('details-risky');
    setValue(doc, 'Instance state', 'Stopped');
    setValue(doc, 'State transition reason', 'User initiated (2026-13-45 25:61:61 GMT)');
    const s = one(read(doc, 'details-risky'));
    expect(s.aws?.state).toBe('stopped');
    expect(s.aws?.stateTransitionReason).toBe('User initiated (2026-13-45 25:61:61 GMT)');
    expect(s.aws).not.toHaveProperty('stoppedAt');
    setValue(doc, 'State transition reason', 'User initiated (2026-08-14 08:22:51 GMT)');
    expect(one(read(doc, 'details-risky')).aws?.stoppedAt).toBe('2026-08-14T08:22:51Z');
  });
});

describe('(7) garbage DOM: random removal never throws and always gives valid snapshots', () => {
  /** mulberry32: small deterministic PRNG. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Settings each fixture shows once as plain text: removing elements can only hide them.
  const SCALARS = ['state', 'instanceType', 'availabilityZone', 'vpcId', 'subnetId', 'platform', 'launchTime', 'stateTransitionReason', 'disableApiTermination', 'monitoringState', 'sourceDestCheck', 'iamInstanceProfileArn'] as const;
  const pristine = new Map<string, Snap[]>();
  const EC2_IDS = [RISKY_ID, ...LIST_ROWS.map((x) => x.id)];
  const names = ec2Fixtures.map((f) => f.name);

  it.each(Array.from({ length: 50 }, (_, i) => i + 1))('seed %i', (seed) => {
    const rand = prng(seed);
    const name = names[seed % names.length];
    if (!pristine.has(name)) {
      // Per id: what the page shows for it (a list instance can also be read from its row once
      // the split panel is gone: both are values the page showed).
      const full = read(parse(name), name);
      const noPanel = parse(name);
      if (ec2Fixture(name).route.startsWith('Instances')) noPanel.querySelector('[role="region"] h2')?.closest('[role="region"]')?.remove();
      for (const s of [...full.resources, ...read(noPanel, name).resources]) pristine.set(`${name} ${s.id}`, [...(pristine.get(`${name} ${s.id}`) ?? []), s]);
      pristine.set(name, []);
    }
    const doc = parse(name);
    const all = [...doc.body.querySelectorAll('*')];
    // Bias half the picks toward the instance (labels, values, tables) where it matters.
    const inside = [...doc.body.querySelectorAll('[role="tabpanel"] *, dl *, table *, [data-testid="header-title"]')];
    const count = 1 + Math.floor(rand() * 120);
    for (let i = 0; i < count; i++) {
      const pool = rand() < 0.5 ? inside : all;
      const el = pool[Math.floor(rand() * pool.length)];
      if (rand() < 0.8) el.remove();
      else el.replaceChildren();
    }
    const r = read(doc, name);
    const isList = ec2Fixture(name).route.startsWith('Instances');
    expect(r.resources.length).toBeLessThanOrEqual(isList ? EC2_IDS.length : 1);
    expect(new Set(r.resources.map((s) => s.id)).size, 'one snapshot per id').toBe(r.resources.length);
    for (const s of r.resources) {
      const parsed = VmSnapshot.safeParse(s);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      if (isList) expect(EC2_IDS).toContain(s.id);
      else expect(s.id).toBe(ec2Fixture(name).instanceId);
      // Removing elements hides values; it never makes up a value the page did not show.
      const before = pristine.get(`${name} ${s.id}`)!.map((b) => b.aws!);
      for (const k of SCALARS) if (s.aws?.[k] !== undefined) expect(before.map((b) => b[k]), k).toContainEqual(s.aws[k]);
      for (const [k, v] of Object.entries(s.aws?.metadataOptions ?? {})) {
        expect(before.map((b) => (b.metadataOptions as Record<string, unknown> | undefined)?.[k]), `metadataOptions.${k}`).toContainEqual(v);
      }
    }
    for (const a of r.anchors) expect(doc.body.contains(a.element)).toBe(true);
  });

  it.each(Array.from({ length: 25 }, (_, i) => 1000 + i))('seed %i with elements moved elsewhere', (seed) => {
    const rand = prng(seed);
    const name = names[seed % names.length];
    const doc = parse(name);
    const all = [...doc.body.querySelectorAll('*')];
    const count = 1 + Math.floor(rand() * 200);
    for (let i = 0; i < count; i++) {
      const el = all[Math.floor(rand() * all.length)];
      const to = all[Math.floor(rand() * all.length)];
      const op = rand();
      if (op < 0.4) el.remove();
      else if (op < 0.8 && !el.contains(to)) to.append(el);
      else el.textContent = ['–', '', 'Loading', 'Info', 'sg-0123 (x)', '0.0.0.0/0', 'Enabled', '<b>x</b>'][Math.floor(rand() * 8)];
    }
    const r = read(doc, name);
    for (const s of r.resources) {
      const parsed = VmSnapshot.safeParse(s);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });
});

describe('the instance lifecycle (spot / on-demand), where the page shows it', () => {
  // Spot instances and Auto Scaling members are N/A for termination protection: a "Lifecycle"
  // pair (an assumed label, absent from the fixtures) decides it; without it the rule stays unknown.
  function withLifecycle(text: string): Document {
    const doc = parse('details-risky');
    const label = labelsOf(doc, 'Monitoring')[0];
    const pair = (label.closest('dt') ?? label).parentElement!;
    const copy = pair.cloneNode(true) as Element;
    const dt = copy.querySelector('[data-analytics^="label-for-"]')!;
    dt.setAttribute('data-analytics', 'label-for-Lifecycle');
    dt.textContent = 'Lifecycle';
    (dt.nextElementSibling as Element).textContent = text;
    pair.after(copy);
    return doc;
  }

  it('"spot" → instanceLifecycle spot; "normal" → on-demand (null)', () => {
    expect(one(read(withLifecycle('spot'), 'details-risky')).aws?.instanceLifecycle).toBe('spot');
    expect(one(read(withLifecycle('normal'), 'details-risky')).aws?.instanceLifecycle).toBeNull();
  });

  it('absent → unknown', () => {
    expect(one(read(parse('details-risky'), 'details-risky')).aws).not.toHaveProperty('instanceLifecycle');
  });
});
