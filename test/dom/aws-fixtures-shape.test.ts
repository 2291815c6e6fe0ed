// Shape of the saved EC2-console fixtures (test/fixtures/aws/ec2/): the selectors spec/pages.md
// names exist where each fixture says they do, and are absent where a fixture says they are missing.
// Regenerate the fixtures with `npx tsx scripts/fixtures/generate-aws.tsx`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASSET_FILES, EC2_FIXTURE_DIR, EC2_INSTANCES, FRAME_SRC_PLACEHOLDER, HELPER_FRAME_FILE, SHELL_FILE,
  ec2Fixture, ec2Fixtures,
} from '../fixtures/aws/ec2/index';

const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
afterAll(() => window.happyDOM.close());

const read = (file: string) => readFileSync(join(EC2_FIXTURE_DIR, file), 'utf8');
const parse = (file: string): Document =>
  new window.DOMParser().parseFromString(read(file), 'text/html') as unknown as Document;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

const RISKY = 'i-0abc12345def67890';
const HARDENED = 'i-0fedcba9876543210';

/** The value of a labelled pair: the element after the one carrying data-analytics. */
function value(root: ParentNode, label: string): string | undefined {
  const el = root.querySelector(`[data-analytics="label-for-${label}"]`);
  return el ? text(el.nextElementSibling) : undefined;
}

/** Body-cell texts of a table, row by row (td > div[class*="body-cell-content"]). */
function rows(table: Element | null): string[][] {
  if (!table) return [];
  return [...table.querySelectorAll('tbody > tr')].map((tr) =>
    [...tr.querySelectorAll('td > div[class*="body-cell-content"]')].map((d) => text(d)),
  );
}

/** Column headers of the first <table> under an element. */
function headers(table: Element | null): string[] {
  return [...(table?.querySelector('table thead')?.querySelectorAll('th') ?? [])].map((th) => text(th));
}

/** Labels rendered anywhere in the document tree (templates excluded), by visible text. */
function labelTexts(doc: Document): string[] {
  return [...doc.querySelectorAll('dt, [class*="awsui_key-label"]')].map((e) => text(e));
}

describe('every EC2 fixture file', () => {
  const htmlFiles = [SHELL_FILE, HELPER_FRAME_FILE, ...ec2Fixtures.map((f) => f.file)];

  it.each(htmlFiles)('%s starts with the facts comment and has no inline style or inline code', (file) => {
    const html = read(file);
    expect(html.startsWith('<!--\nFacts this fixture encodes:\n- ')).toBe(true);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    // Only external scripts (app.js) or non-executable JSON data blocks.
    const markup = html.slice(html.indexOf('-->'));
    for (const m of markup.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(/src="/.test(m[1]) || /type="application\/json"/.test(m[1])).toBe(true);
      if (/src="/.test(m[1])) expect(m[2]).toBe('');
    }
  });

  it('index.ts lists existing files, console URLs and facts', () => {
    for (const f of [...ASSET_FILES, SHELL_FILE, HELPER_FRAME_FILE]) expect(existsSync(join(EC2_FIXTURE_DIR, f))).toBe(true);
    expect(ec2Fixtures.map((f) => f.name)).toEqual([
      'details-risky', 'details-hardened', 'details-tabs-not-rendered', 'details-labels-reordered', 'list-split-panel',
    ]);
    for (const f of ec2Fixtures) {
      expect(existsSync(join(EC2_FIXTURE_DIR, f.file))).toBe(true);
      expect(f.consoleUrl).toBe(`https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#${f.route}`);
      expect(f.facts.length).toBeGreaterThan(3);
    }
    expect(EC2_INSTANCES.map((i) => i.id)).toContain(RISKY);
  });
});

describe('shell and helper frame', () => {
  it('shell: header, session meta, helper iframe, compute-react-frame', () => {
    const doc = parse(SHELL_FILE);
    expect(doc.querySelector('#awsc-nav-header')).not.toBeNull();
    const meta = doc.querySelector('meta[name="awsc-session-data"]')!;
    expect(JSON.parse(meta.getAttribute('content')!).region).toBe('us-east-1');
    const frame = doc.querySelector('iframe#compute-react-frame')!;
    expect(frame.getAttribute('name')).toBe('compute-react-frame');
    expect(frame.getAttribute('src')).toBe(FRAME_SRC_PLACEHOLDER);
    expect(doc.querySelector(`iframe[src="${HELPER_FRAME_FILE}"]`)).not.toBeNull();
    expect(doc.querySelectorAll('script')).toHaveLength(0);
  });

  it('helper frame: the body holds only scripts', () => {
    const doc = parse(HELPER_FRAME_FILE);
    const children = [...doc.body.children];
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((c) => c.tagName === 'SCRIPT')).toBe(true);
  });
});

describe.each(ec2Fixtures.map((f) => [f.name, f] as const))('%s', (name, fx) => {
  const doc = parse(fx.file);
  const isList = fx.route === 'Instances:';
  const lazy = name === 'details-tabs-not-rendered';
  const reordered = name === 'details-labels-reordered';
  const hardened = fx.instanceId === HARDENED;

  it('is one EC2 frame document with its stylesheet and app.js', () => {
    expect(doc.querySelector('link[rel="stylesheet"][href="cloudscape.css"]')).not.toBeNull();
    expect(doc.querySelector('script[src="app.js"]')).not.toBeNull();
    expect(doc.querySelectorAll('[data-fx-slot="body"][data-fx-instance]')).toHaveLength(1);
    expect(doc.querySelector('[data-fx-slot="body"]')!.getAttribute('data-fx-instance')).toBe(fx.instanceId);
  });

  it('heading', () => {
    if (isList) {
      expect(doc.querySelector('[data-testid="header-title"]')).toBeNull();
      expect(text(doc.querySelector('h2[id^="split-panel-header"]'))).toBe(`Instance: ${RISKY} (web-prod-1)`);
    } else {
      const n = hardened ? 'db-internal-2' : 'web-prod-1';
      expect(text(doc.querySelector('[data-testid="header-title"]'))).toBe(`Instance summary for ${fx.instanceId} (${n})`);
    }
  });

  it('tabs with data-testid, Details active', () => {
    const tabs = [...doc.querySelectorAll('[role="tab"]')].map((t) => t.getAttribute('data-testid'));
    expect(tabs).toEqual(['details', 'security', 'networking', 'storage', 'tags']);
    expect(doc.querySelector('[role="tab"][aria-selected="true"]')!.getAttribute('data-testid')).toBe('details');
    expect(doc.querySelectorAll('[role="tabpanel"]')).toHaveLength(5);
  });

  it('summary and Details-tab labels with their values', () => {
    expect(value(doc, 'Instance ID')).toBe(fx.instanceId);
    expect(value(doc, 'IMDSv2')).toBe(hardened ? 'Required' : 'Optional');
    expect(value(doc, 'Instance state')).toBe('Running');
    expect(value(doc, 'Metadata accessible')).toBe('Enabled');
    expect(value(doc, 'Launch time')).toBe(hardened
      ? 'Wed Nov 25 2026 16:40:12 GMT+0000 (Coordinated Universal Time)'
      : 'Fri Nov 20 2026 09:14:03 GMT+0000 (Coordinated Universal Time)');
    if (hardened) {
      expect(value(doc, 'Public IPv4 address')).toBe('–');
      expect(value(doc, 'Termination protection')).toBe('Enabled');
      expect(value(doc, 'Metadata response hop limit')).toBe('1');
    } else {
      expect(value(doc, 'Public IPv4 address')).toBe('54.210.1.23 | open address');
      expect(value(doc, 'Elastic IP addresses')).toBe('–');
      expect(value(doc, 'IAM Role')).toBe('web-prod-role');
    }
    if (!reordered) {
      expect(value(doc, 'Monitoring')).toBe(hardened ? 'enabled' : 'disabled');
      expect(value(doc, 'Termination protection')).toBe(hardened ? 'Enabled' : 'Disabled');
      // KeyValuePairs: the label is a <dt>, the value the following <dd>.
      const dt = doc.querySelector('[data-analytics="label-for-IMDSv2"]')!;
      expect(dt.tagName).toBe('DT');
      expect(dt.nextElementSibling!.tagName).toBe('DD');
    }
  });

  if (reordered) {
    it('reordered: other order, wrappers, labels without data-analytics, an info link, no Monitoring', () => {
      // The summary is a ColumnLayout of <div> pairs: label <div> then value <div>.
      const imds = doc.querySelector('[data-analytics="label-for-IMDSv2"]')!;
      expect(imds.tagName).toBe('DIV');
      // Visible text "IMDSv2 Info"; textContent adds the info link's hidden ":" (Cloudscape).
      const visible = imds.cloneNode(true) as Element;
      for (const h of visible.querySelectorAll('[hidden]')) h.remove();
      expect(text(visible)).toBe('IMDSv2 Info');
      expect(text(imds)).toBe('IMDSv2 Info:');
      expect(imds.querySelector('a')).not.toBeNull();
      expect(doc.querySelector('[data-analytics="label-for-Instance ID"]')!.nextElementSibling!.querySelector('button[aria-label="Copy Instance ID"]')).not.toBeNull();
      // Two labels carry only visible text.
      for (const label of ['Termination protection', 'Metadata response hop limit']) {
        expect(doc.querySelector(`[data-analytics="label-for-${label}"]`)).toBeNull();
        const dt = [...doc.querySelectorAll('dt')].find((d) => text(d) === label);
        expect(dt).toBeDefined();
        expect(text(dt!.nextElementSibling)).toBe(label === 'Termination protection' ? 'Disabled' : '2');
      }
      // No Monitoring section at all.
      expect(doc.querySelector('[data-analytics="label-for-Monitoring"]')).toBeNull();
      expect(labelTexts(doc).filter((t) => /monitoring/i.test(t))).toEqual([]);
      expect(doc.body.textContent).not.toMatch(/Monitoring/);
      // Another order than details-risky.
      const risky = parse(ec2Fixture('details-risky').file);
      const order = (d: Document) => [...d.querySelectorAll('[data-analytics^="label-for-"]')].map((e) => e.getAttribute('data-analytics'));
      expect(order(doc)).not.toEqual(order(risky).filter((l) => order(doc).includes(l)));
    });
  }

  if (lazy) {
    it('lazy: only the Details panel has content; the others come from templates', () => {
      const panels = [...doc.querySelectorAll('[role="tabpanel"]')];
      expect(panels[0].children.length).toBeGreaterThan(0);
      for (const p of panels.slice(1)) expect(p.children.length).toBe(0);
      expect(doc.querySelector('a[data-analytics="security-groups-link"]')).toBeNull();
      expect(doc.querySelector('[data-analytics="inbound-rules"]')).toBeNull();
      expect(doc.querySelector('[data-testid="block-devices-table"]')).toBeNull();
      expect(value(doc, 'Source/dest. check')).toBeUndefined();
      for (const tab of ['security', 'networking', 'storage', 'tags']) {
        expect(doc.querySelector(`template#fx-panel-${RISKY}-${tab}`)).not.toBeNull();
      }
      const security = (doc.querySelector(`template#fx-panel-${RISKY}-security`) as HTMLTemplateElement).content;
      expect(security.querySelectorAll('a[data-analytics="security-groups-link"]')).toHaveLength(2);
    });
  } else {
    it('security tab: SG links, inbound and outbound rules', () => {
      const links = [...doc.querySelectorAll('a[data-analytics="security-groups-link"]')].map((a) => text(a));
      const inbound = doc.querySelector('[data-analytics="inbound-rules"]');
      const outbound = doc.querySelector('[data-analytics="outbound-rules"]');
      expect(headers(inbound)).toEqual(['Name', 'Security group rule ID', 'IP version', 'Type', 'Protocol', 'Port range', 'Source', 'Security groups', 'Description']);
      expect(headers(outbound)[6]).toBe('Destination');
      if (hardened) {
        expect(links).toEqual(['sg-0123abcd4567ef890 (db-internal)']);
        expect(rows(inbound).map((r) => [r[4], r[5], r[6]])).toEqual([
          ['TCP', '22', '10.0.0.0/16'],
          ['TCP', '5432', 'sg-0a1b2c3d4e5f60718 / launch-wizard-1'],
        ]);
      } else {
        expect(links).toEqual(['sg-0a1b2c3d4e5f60718 (launch-wizard-1)', 'sg-0d0d0d0d0d0d0d0d0 (default)']);
        expect(rows(inbound)).toEqual([
          ['–', 'sgr-0aaa1111aaaa1111a', 'IPv4', 'SSH', 'TCP', '22', '0.0.0.0/0', 'launch-wizard-1', '–'],
          ['–', 'sgr-0bbb2222bbbb2222b', 'IPv4', 'HTTPS', 'TCP', '443', '0.0.0.0/0', 'launch-wizard-1', '–'],
          ['–', 'sgr-0ccc3333cccc3333c', 'IPv6', 'MYSQL/Aurora', 'TCP', '3306', '::/0', 'launch-wizard-1', 'temp debug access'],
          ['–', 'sgr-0ddd4444dddd4444d', '–', 'All traffic', 'All', 'All', 'sg-0d0d0d0d0d0d0d0d0 / default', 'default', '–'],
        ]);
        expect(rows(outbound).map((r) => r[1])).toEqual(['sgr-0eee5555eeee5555e', 'sgr-0fff6666ffff6666f']);
      }
    });

    it('networking and storage tabs', () => {
      expect(value(doc, 'Source/dest. check')).toBe(hardened ? 'true' : 'false');
      const eni = [...doc.querySelectorAll('table')].find((t) => headers(t.parentElement)[0] === 'Interface ID');
      expect(rows(eni?.parentElement ?? null)).toHaveLength(1);
      expect(value(doc, 'Root device name')).toBe('/dev/xvda');
      const volumes = doc.querySelector('[data-testid="block-devices-table"]');
      expect(headers(volumes)).toEqual(['Volume ID', 'Device name', 'Volume size', 'Attachment status', 'Encrypted', 'KMS key ID', 'Delete on termination']);
      const r = rows(volumes);
      if (hardened) {
        expect(r.map((x) => x[4])).toEqual(['Encrypted', 'Encrypted']);
      } else {
        expect(r).toEqual([
          ['vol-0aaaaaaaaaaaaaaa1', '/dev/xvda', '8 GiB', 'Attached', 'Not encrypted', '–', 'Yes'],
          ['vol-0bbbbbbbbbbbbbbb2', '/dev/sdf', '100 GiB', 'Attached', 'Encrypted', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'No'],
        ]);
      }
    });

    it('tags tab', () => {
      const tags = [...doc.querySelectorAll('table')].find((t) => headers(t.parentElement).join() === 'Key,Value');
      expect(rows(tags?.parentElement ?? null)).toEqual([['Name', hardened ? 'db-internal-2' : 'web-prod-1'], ['env', 'prod']]);
    });
  }

  if (isList) {
    it('list: instances table with the selected row', () => {
      const table = [...doc.querySelectorAll('table')].find((t) => t.querySelector('tbody tr[aria-selected]'))!;
      const cols = [...table.querySelectorAll('thead th')].map((th) => text(th));
      expect(cols.slice(1)).toEqual(['Name', 'Instance ID', 'Instance state', 'Instance type', 'Status check', 'Alarm status',
        'Availability Zone', 'Public IPv4 DNS', 'Public IPv4 address', 'Elastic IP', 'IPv6 IPs', 'Monitoring',
        'Security group name', 'Key name', 'Launch time']);
      const body = [...table.querySelectorAll('tbody > tr')];
      expect(body).toHaveLength(4);
      expect(body.map((tr) => tr.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false', 'false']);
      expect((body[0].querySelector('input[type="checkbox"]') as HTMLInputElement).hasAttribute('checked')).toBe(true);
      expect(rows(table).map((r) => r[3])).toEqual(['Running', 'Running', 'Running', 'Stopped']);
      // The split panel shows the selected instance with the same tabs and labels.
      const split = doc.querySelector('section')!;
      expect(split.querySelector('[data-analytics="label-for-IMDSv2"]')).not.toBeNull();
      expect(split.querySelectorAll('[role="tab"]')).toHaveLength(5);
    });

    it('list: split-panel bodies of the other rows, as templates', () => {
      for (const id of EC2_INSTANCES.map((i) => i.id).filter((i) => i !== RISKY)) {
        expect(doc.querySelector(`template#fx-body-${id}`)).not.toBeNull();
      }
      const bastion = (doc.querySelector('template#fx-body-i-0aa11bb22cc33dd44') as HTMLTemplateElement).content;
      expect(value(bastion, 'State transition reason')).toBe('User initiated (2026-08-14 08:22:51 GMT)');
      expect(value(bastion, 'Instance state')).toBe('Stopped');
    });
  } else {
    it('the other detail instance: a template outside the document tree, or another document', () => {
      const other = fx.instanceId === RISKY ? HARDENED : RISKY;
      const tpl = doc.querySelector(`template#fx-body-${other}`) as HTMLTemplateElement | null;
      const docs = JSON.parse(doc.documentElement.getAttribute('data-fx-docs')!) as Record<string, string>;
      expect(docs['Instances:']).toBe('list-split-panel.frame.html');
      if (reordered) {
        // Size: the reordered variant carries only its own instance.
        expect(tpl).toBeNull();
        expect(docs[`InstanceDetails:instanceId=${other}`]).toBe('details-hardened.frame.html');
      } else {
        expect(value(tpl!.content, 'Instance ID')).toBe(other);
        expect(docs[`InstanceDetails:instanceId=${other}`]).toBeUndefined();
      }
      expect(doc.querySelectorAll('[data-analytics="label-for-Instance ID"]')).toHaveLength(1);
    });
  }
});
