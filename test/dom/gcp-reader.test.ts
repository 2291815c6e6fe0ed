// @vitest-environment happy-dom
// DOM tier: the Google Cloud VM instance details reader (readGcpInstanceDetails) on the fixtures
// in test/fixtures/gcp/, and on variants made from them by DOM surgery at run time.
//
// Expected values are written by hand from each fixture's "Facts this fixture encodes", never
// copied from the reader's output. Documents are parsed into fresh documents: scripts do not run
// and <template> content (the other VM, for app.js) is not part of the live DOM.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { bundledRules } from '../../src/background/bundled-rules';
import type { PageRead } from '../../src/content/page-read';
import { readPage } from '../../src/content/page-kinds';
import { evaluateResource } from '../../src/engine/evaluate';
import { VmSnapshot } from '../../src/model/snapshot';
import { DEFAULT_SCOPES, isWindowsImage, onOff, readGcpInstanceDetails } from '../../src/providers/gcp/readers/instance-details';
import { parseGcpRoute, type GcpRoute } from '../../src/providers/gcp/routes';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/gcp');
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

const routeOf = (vm: string, project = 'demo-project') =>
  parseGcpRoute(`https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/${vm}?project=${project}`)!;
const WEB1 = routeOf('web-1');
const API2 = routeOf('api-2');

const htmlCache = new Map<string, string>();
function parse(name: string): Document {
  if (!htmlCache.has(name)) {
    const html = readFileSync(join(DIR, `${name}.html`), 'utf8')
      .replace(/<link rel="stylesheet"[^>]*>/g, '')
      .replace(/<script src="app\.js"[^>]*><\/script>/g, '');
    htmlCache.set(name, html);
  }
  const doc = document.implementation.createHTMLDocument('');
  doc.documentElement.innerHTML = htmlCache.get(name)!;
  return doc;
}

function read(doc: Document, route: GcpRoute = WEB1): PageRead {
  return readGcpInstanceDetails(doc, route);
}

function snap(doc: Document, route: GcpRoute = WEB1): VmSnapshot {
  const r = read(doc, route);
  expect(r.resources).toHaveLength(1);
  // What the worker accepts: the schema, unchanged.
  return VmSnapshot.parse(r.resources[0]);
}

/** The value element of a visible label in the fixture (test-side lookup by our fixture's markup). */
function valueEl(doc: Document, label: string): Element {
  const span = Array.from(doc.querySelectorAll('main span')).find((s) => s.textContent === label && s.parentElement?.classList.contains('cfc-property-label'));
  if (!span) throw new Error(`no label ${label}`);
  return span.parentElement!.nextElementSibling!;
}

function failing(s: VmSnapshot): string[] {
  return evaluateResource(bundledRules(), s)
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.ruleId}${f.item ? ` ${f.item}` : ''}`)
    .sort();
}

function status(s: VmSnapshot, rule: string): string[] {
  return evaluateResource(bundledRules(), s)
    .filter((f) => f.ruleId === rule)
    .map((f) => f.status);
}

// ---------------------------------------------------------------------------------------------

describe('instance-details-risky (web-1)', () => {
  const s = () => snap(parse('instance-details-risky'));

  it('identity from the URL', () => {
    const v = s();
    expect(v).toMatchObject({
      kind: 'vm',
      provider: 'gcp',
      id: 'projects/demo-project/zones/us-central1-a/instances/web-1',
      name: 'web-1',
      zone: 'us-central1-a',
      region: 'us-central1',
      origin: 'page',
    });
    expect(v.gcp).toMatchObject({ name: 'web-1', project: 'demo-project', zone: 'us-central1-a', region: 'us-central1' });
  });

  it('machine type and labels', () => {
    const v = s();
    expect(v.gcp!.machineType).toBe('e2-medium');
    expect(v.gcp!.labels).toEqual({ env: 'dev' });
    expect(v.tags).toEqual({ env: 'dev' });
  });

  it('networking: one interface with an ephemeral external IP, IP forwarding on, network tags', () => {
    const g = s().gcp!;
    expect(g.networkInterfaces).toEqual([
      {
        id: 'nic0',
        name: 'nic0',
        network: 'projects/demo-project/global/networks/default',
        subnetwork: 'projects/demo-project/regions/us-central1/subnetworks/default',
        subnetworkName: 'default',
        networkIP: '10.128.0.2',
        stackType: 'IPV4_ONLY',
        accessConfigs: [{ id: 'nic0/external-ip', type: 'ONE_TO_ONE_NAT', natIP: '34.1.2.3' }],
        ipv6AccessConfigs: [],
      },
    ]);
    expect(g.canIpForward).toBe(true);
    expect(g.networkTags).toEqual(['http-server', 'https-server']);
    expect(s().hasPublicAddress).toBe(true);
  });

  it('security and access: shielded VM, confidential VM, the default service account with full access', () => {
    const g = s().gcp!;
    expect(g.shieldedInstanceConfig).toEqual({ enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true });
    expect(g.confidentialInstanceConfig).toBeNull();
    expect(g.serviceAccounts).toEqual([
      { id: '123456789012-compute@developer.gserviceaccount.com', email: '123456789012-compute@developer.gserviceaccount.com', scopes: [CLOUD_PLATFORM] },
    ]);
  });

  it('management: deletion protection off, the instance metadata from Custom metadata', () => {
    const g = s().gcp!;
    expect(g.deletionProtection).toBe(false);
    expect(g.metadata).toEqual([
      { id: 'enable-oslogin', key: 'enable-oslogin', value: 'FALSE', scope: 'instance' },
      { id: 'startup-script', key: 'startup-script', value: '#! /bin/bash apt-get update', scope: 'instance' },
    ]);
    // The project's metadata is not on this page.
    expect(g.projectMetadataSeen).toBeUndefined();
  });

  it('storage: boot and additional disk, Google-managed; a Linux image', () => {
    const g = s().gcp!;
    expect(g.disks).toEqual([
      { id: 'web-1', diskName: 'web-1', deviceName: 'web-1', boot: true, diskEncryptionKey: null },
      { id: 'web-1-data', diskName: 'web-1-data', deviceName: 'data', boot: false, diskEncryptionKey: null },
    ]);
    expect(g.isWindows).toBe(false);
  });

  it('what the page does not show stays absent', () => {
    const g = s().gcp!;
    for (const k of ['firewall', 'subnetworks', 'projectMetadataSeen', 'status', 'guestOsFeatures'] as const) expect(g[k], k).toBeUndefined();
  });

  it('the rules fail exactly what the facts say', () => {
    expect(failing(s())).toEqual([
      'gcp-disk-customer-managed-key web-1',
      'gcp-disk-customer-managed-key web-1-data',
      'gcp-vm-block-project-ssh-keys',
      'gcp-vm-confidential-computing',
      'gcp-vm-default-sa-no-full-scope',
      'gcp-vm-deletion-protection',
      'gcp-vm-ip-forwarding-disabled',
      'gcp-vm-no-default-service-account',
      'gcp-vm-no-external-ip',
      'gcp-vm-os-login-enabled',
      'gcp-vm-shielded-secure-boot',
    ]);
    // Project metadata not seen: serial port and OS Config stay unknown.
    expect(status(s(), 'gcp-vm-serial-port-disabled')).toEqual(['unknown']);
    expect(status(s(), 'gcp-vm-os-config-enabled')).toEqual(['unknown']);
    expect(status(s(), 'gcp-fw-ssh-not-public')).toEqual(['unknown']);
  });

  it('anchors sit on the value elements; the heading is the fallback', () => {
    const doc = parse('instance-details-risky');
    const r = read(doc);
    const at = (path: string) => r.anchors.find((a) => a.path === path)?.element;
    expect(at('gcp.networkInterfaces')).toBe(valueEl(doc, 'External IP'));
    expect(at('gcp.canIpForward')).toBe(valueEl(doc, 'IP forwarding'));
    expect(at('gcp.shieldedInstanceConfig.enableSecureBoot')).toBe(valueEl(doc, 'Secure Boot'));
    expect(at('gcp.deletionProtection')).toBe(valueEl(doc, 'Deletion protection'));
    expect(at('gcp.serviceAccounts')).toBe(valueEl(doc, 'Service account'));
    expect(at('gcp.machineType')).toBe(valueEl(doc, 'Machine type'));
    const disk = r.anchors.find((a) => a.item === 'web-1-data')?.element;
    expect(disk?.tagName).toBe('TD');
    expect(disk?.textContent).toBe('Google-managed');
    expect(r.fallbacks[WEB1 && 'projects/demo-project/zones/us-central1-a/instances/web-1']?.textContent).toBe('web-1');
    for (const a of r.anchors) expect(a.resourceId).toBe('projects/demo-project/zones/us-central1-a/instances/web-1');
  });

  it('through the content script: readPage picks the Google Cloud reader', () => {
    const r = readPage(parse('instance-details-risky'), WEB1);
    expect(r.resources[0]?.id).toBe('projects/demo-project/zones/us-central1-a/instances/web-1');
  });
});

describe('instance-details-hardened (api-2)', () => {
  const s = () => snap(parse('instance-details-hardened'), API2);

  it('every setting read, field by field', () => {
    const v = s();
    const g = v.gcp!;
    expect(v.id).toBe('projects/demo-project/zones/us-central1-a/instances/api-2');
    expect(g.machineType).toBe('n2d-standard-2');
    expect(g.labels).toEqual({ env: 'prod', team: 'api' });
    expect(g.networkInterfaces).toEqual([
      {
        id: 'nic0',
        name: 'nic0',
        network: 'projects/demo-project/global/networks/prod-vpc',
        subnetwork: 'projects/demo-project/regions/us-central1/subnetworks/prod-us-central1',
        subnetworkName: 'prod-us-central1',
        networkIP: '10.10.0.5',
        stackType: 'IPV4_ONLY',
        accessConfigs: [],
        ipv6AccessConfigs: [],
      },
    ]);
    expect(v.hasPublicAddress).toBe(false);
    expect(g.canIpForward).toBe(false);
    expect(g.networkTags).toEqual([]);
    expect(g.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true });
    expect(g.confidentialInstanceConfig).toEqual({ enableConfidentialCompute: true, confidentialInstanceType: 'SEV' });
    expect(g.serviceAccounts).toEqual([{ id: 'api-runner@demo-project.iam.gserviceaccount.com', email: 'api-runner@demo-project.iam.gserviceaccount.com', scopes: [CLOUD_PLATFORM] }]);
    expect(g.deletionProtection).toBe(true);
    expect(g.metadata!.map((m) => `${m.key}=${m.value}`)).toEqual(['block-project-ssh-keys=TRUE', 'enable-oslogin=TRUE', 'enable-osconfig=TRUE', 'serial-port-enable=FALSE']);
    expect(g.disks).toEqual([
      {
        id: 'api-2',
        diskName: 'api-2',
        deviceName: 'api-2',
        boot: true,
        diskEncryptionKey: { kmsKeyName: 'projects/demo-project/locations/us-central1/keyRings/vm-keys/cryptoKeys/disk-key' },
      },
    ]);
  });

  it('no rule fails', () => {
    expect(failing(s())).toEqual([]);
    expect(status(s(), 'gcp-vm-block-project-ssh-keys')).toEqual(['not-applicable']);
    expect(status(s(), 'gcp-vm-serial-port-disabled')).toEqual(['pass']);
  });

  it('is not read on the other VM’s URL (the heading must name the route’s VM)', () => {
    expect(read(parse('instance-details-hardened'), WEB1).resources).toEqual([]);
  });
});

describe('instance-details-reordered (section missing, rows in another order)', () => {
  const s = () => snap(parse('instance-details-reordered'));

  it('reads the same values where the page shows them', () => {
    const g = s().gcp!;
    expect(g.machineType).toBe('e2-medium');
    expect(g.networkInterfaces![0].accessConfigs).toEqual([{ id: 'nic0/external-ip', type: 'ONE_TO_ONE_NAT', natIP: '34.1.2.3' }]);
    expect(g.canIpForward).toBe(true);
    expect(g.deletionProtection).toBe(false);
    expect(g.disks!.map((d) => `${d.id}:${d.boot}`)).toEqual(['web-1:true', 'web-1-data:false']);
    expect(g.metadata!.map((m) => m.key)).toEqual(['enable-oslogin', 'startup-script']);
  });

  it('the missing "Security and access" section is unknown, not a default', () => {
    const g = s().gcp!;
    expect(g.serviceAccounts).toBeUndefined();
    expect(g.shieldedInstanceConfig).toBeUndefined();
    expect(g.confidentialInstanceConfig).toBeUndefined();
    expect(status(s(), 'gcp-vm-default-sa-no-full-scope')).toEqual(['unknown']);
    expect(status(s(), 'gcp-vm-shielded-secure-boot')).toEqual(['unknown']);
    expect(failing(s())).toEqual([
      'gcp-disk-customer-managed-key web-1',
      'gcp-disk-customer-managed-key web-1-data',
      'gcp-vm-block-project-ssh-keys',
      'gcp-vm-deletion-protection',
      'gcp-vm-ip-forwarding-disabled',
      'gcp-vm-no-external-ip',
      'gcp-vm-os-login-enabled',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Variants by DOM surgery

describe('variants', () => {
  const risky = () => parse('instance-details-risky');
  const setValue = (doc: Document, label: string, text: string) => {
    valueEl(doc, label).replaceChildren(doc.createTextNode(text));
  };

  it('a value not rendered yet is unknown, and the next row’s value is not taken for it', () => {
    const doc = risky();
    valueEl(doc, 'Secure Boot').remove();
    valueEl(doc, 'Deletion protection').replaceChildren();
    const g = snap(doc).gcp!;
    expect(g.shieldedInstanceConfig).toBeUndefined();
    expect(g.deletionProtection).toBeUndefined();
    expect(g.machineType).toBe('e2-medium');
  });

  it('External IP "None", an ephemeral address of a stopped VM, an unreadable value', () => {
    let doc = risky();
    setValue(doc, 'External IP', 'None');
    let v = snap(doc);
    expect(v.gcp!.networkInterfaces![0].accessConfigs).toEqual([]);
    expect(v.hasPublicAddress).toBe(false);
    doc = risky();
    setValue(doc, 'External IP', 'Ephemeral');
    v = snap(doc);
    expect(v.gcp!.networkInterfaces![0].accessConfigs).toEqual([{ id: 'nic0/external-ip', type: 'ONE_TO_ONE_NAT' }]);
    expect(v.hasPublicAddress).toBe(true);
    doc = risky();
    setValue(doc, 'External IP', 'Loading…');
    v = snap(doc);
    expect(v.gcp!.networkInterfaces![0].accessConfigs).toBeUndefined();
    expect(v.hasPublicAddress).toBeUndefined();
    expect(status(v, 'gcp-vm-no-external-ip')).toEqual(['unknown']);
  });

  it('an IPv6 external address, or a dual-stack interface without one shown', () => {
    let doc = risky();
    setValue(doc, 'IP stack type', 'IPv4 and IPv6 (dual-stack)');
    setValue(doc, 'External IP', 'None');
    let g = snap(doc).gcp!;
    expect(g.networkInterfaces![0].ipv6AccessConfigs).toBeUndefined();
    expect(status(snap(doc), 'gcp-vm-no-external-ip')).toEqual(['unknown']);
    doc = risky();
    const row = valueEl(doc, 'External IP').parentElement!;
    const v6 = row.cloneNode(true) as Element;
    v6.querySelector('.cfc-label-text')!.textContent = 'External IPv6 address';
    v6.querySelector('.cfc-property-value')!.textContent = '2600:1900:4000:1::/96';
    row.after(v6);
    setValue(doc, 'External IP', 'None');
    g = snap(doc).gcp!;
    expect(g.networkInterfaces![0].ipv6AccessConfigs).toEqual([{ id: 'nic0/external-ipv6', type: 'DIRECT_IPV6', externalIpv6: '2600:1900:4000:1::/96' }]);
  });

  it('two network interfaces in label/value blocks: each its own values; forwarding on if any says On', () => {
    const doc = risky();
    const nic = doc.querySelector('[data-fx-nic="nic0"]')!;
    const nic1 = nic.cloneNode(true) as Element;
    nic1.setAttribute('data-fx-nic', 'nic1');
    nic.after(nic1);
    const values = (label: string) => Array.from(doc.querySelectorAll('.cfc-label-text')).filter((l) => l.textContent === label).map((l) => l.parentElement!.nextElementSibling!);
    values('Network interface')[1].textContent = 'nic1';
    values('Network')[1].textContent = 'backend';
    values('Internal IP')[1].textContent = '10.1.0.9';
    values('External IP')[1].textContent = 'None';
    values('IP forwarding')[0].textContent = 'Off';
    const g = snap(doc).gcp!;
    expect(g.networkInterfaces!.map((n) => [n.id, n.network, n.networkIP, n.accessConfigs?.length])).toEqual([
      ['nic0', 'projects/demo-project/global/networks/default', '10.128.0.2', 1],
      ['nic1', 'projects/demo-project/global/networks/backend', '10.1.0.9', 0],
    ]);
    expect(g.canIpForward).toBe(true);
  });

  it('network interfaces shown as a table', () => {
    const doc = risky();
    const nic = doc.querySelector('[data-fx-nic="nic0"]')!;
    const table = doc.createElement('table');
    const head = table.createTHead().insertRow();
    for (const h of ['Name', 'Network', 'Subnetwork', 'Primary internal IP address', 'External IP address', 'IP forwarding']) head.appendChild(doc.createElement('th')).textContent = h;
    const body = table.createTBody();
    for (const cells of [
      ['nic0', 'default', 'default', '10.128.0.2', 'None', 'Off'],
      ['nic1', 'dmz', 'dmz-sub', '10.2.0.3', '35.9.8.7 (Static)', 'Off'],
    ]) {
      const tr = body.insertRow();
      for (const c of cells) tr.insertCell().textContent = c;
    }
    nic.replaceWith(table);
    const v = snap(doc);
    expect(v.gcp!.networkInterfaces!.map((n) => [n.id, n.subnetworkName, n.accessConfigs?.[0]?.natIP ?? null])).toEqual([
      ['nic0', 'default', null],
      ['nic1', 'dmz-sub', '35.9.8.7'],
    ]);
    expect(v.gcp!.canIpForward).toBe(false);
    expect(v.hasPublicAddress).toBe(true);
    expect(read(doc).anchors.find((a) => a.path === 'gcp.networkInterfaces')?.element.textContent).toBe('35.9.8.7 (Static)');
  });

  it('access scopes: default access, a per-API list with and without Cloud Platform, a collapsed list', () => {
    const scopes = (text: string) => {
      const doc = risky();
      setValue(doc, 'Cloud API access scopes', text);
      return snap(doc).gcp!.serviceAccounts![0].scopes;
    };
    expect(scopes('Allow default access')).toEqual(DEFAULT_SCOPES);
    expect(scopes('Cloud Platform: Enabled, Storage: Read Only')).toEqual([CLOUD_PLATFORM]);
    expect(scopes('Cloud Platform: None, Storage: Read Only')).toEqual([]);
    expect(scopes('Set access for each API')).toBeUndefined();
    const doc = risky();
    setValue(doc, 'Cloud API access scopes', 'Allow default access');
    expect(failing(snap(doc))).not.toContain('gcp-vm-default-sa-no-full-scope');
    expect(failing(snap(doc))).toContain('gcp-vm-no-default-service-account');
  });

  it('service account None, labels None, network tags None, custom metadata None', () => {
    const doc = risky();
    setValue(doc, 'Service account', 'None');
    setValue(doc, 'Labels', 'None');
    setValue(doc, 'Network tags', 'None');
    setValue(doc, 'Custom metadata', 'None');
    const g = snap(doc).gcp!;
    expect(g.serviceAccounts).toEqual([]);
    expect(g.labels).toEqual({});
    expect(g.networkTags).toEqual([]);
    expect(g.metadata).toEqual([]);
  });

  it('a GKE node label makes the GKE-exempt rules not applicable', () => {
    const doc = risky();
    setValue(doc, 'Labels', 'goog-gke-node: ');
    const s = snap(doc);
    expect(s.gcp!.labels).toEqual({ 'goog-gke-node': '' });
    expect(status(s, 'gcp-vm-ip-forwarding-disabled')).toEqual(['not-applicable']);
  });

  it('a custom metadata row it cannot read makes the whole block unknown (never a partial list)', () => {
    const doc = risky();
    const item = doc.querySelector('.cfc-metadata-item')!;
    item.replaceChildren(doc.createTextNode('something odd'));
    expect(snap(doc).gcp!.metadata).toBeUndefined();
  });

  it('"On" rows for keys the console edits with its own controls complete a metadata list that was read', () => {
    let doc = risky();
    setValue(doc, 'Block project-wide SSH keys', 'On');
    setValue(doc, 'Serial port access', 'On');
    let s = snap(doc);
    expect(s.gcp!.metadata!.map((m) => `${m.key}=${m.value}`)).toEqual(['enable-oslogin=FALSE', 'startup-script=#! /bin/bash apt-get update', 'block-project-ssh-keys=TRUE', 'serial-port-enable=TRUE']);
    expect(status(s, 'gcp-vm-block-project-ssh-keys')).toEqual(['pass']);
    expect(status(s, 'gcp-vm-serial-port-disabled')).toEqual(['fail']);
    // "Off" adds nothing: for the serial port an absent key falls back to the project's (not seen).
    doc = risky();
    s = snap(doc);
    expect(s.gcp!.metadata!.map((m) => m.key)).toEqual(['enable-oslogin', 'startup-script']);
    expect(status(s, 'gcp-vm-serial-port-disabled')).toEqual(['unknown']);
    // Without the Custom metadata block, the rows alone make no metadata list.
    doc = risky();
    setValue(doc, 'Block project-wide SSH keys', 'On');
    valueEl(doc, 'Custom metadata').parentElement!.remove();
    s = snap(doc);
    expect(s.gcp!.metadata).toBeUndefined();
    expect(status(s, 'gcp-vm-metadata-no-secrets')).toEqual(['unknown']);
  });

  it('label keys such as __proto__ stay own data', () => {
    const doc = risky();
    setValue(doc, 'Labels', '__proto__: x, constructor: y');
    // The reader's own output (zod's record parsing in the worker is its own business).
    const labels = read(doc).resources[0].gcp!.labels!;
    expect(Object.keys(labels)).toEqual(['__proto__', 'constructor']);
    expect(labels.constructor).toBe('y');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it('customer-managed and customer-supplied disks; no boot-disk table means the disk list is unknown', () => {
    let doc = risky();
    const cells = Array.from(doc.querySelectorAll('main td')).filter((td) => td.textContent === 'Google-managed');
    cells[0].textContent = 'Customer-managed';
    cells[1].textContent = 'Customer-supplied';
    const disks = snap(doc).gcp!.disks!;
    expect(disks[0].diskEncryptionKey).toEqual({ kmsKeyName: '(customer-managed key; name not shown)' });
    expect(disks[1].diskEncryptionKey).toEqual({ sha256: '(customer-supplied key; hash not shown)' });
    expect(failing(snap(doc)).filter((f) => f.startsWith('gcp-disk'))).toEqual([]);
    doc = risky();
    const boot = Array.from(doc.querySelectorAll('main h4')).find((x) => x.textContent === 'Boot disk')!;
    boot.nextElementSibling!.remove();
    expect(snap(doc).gcp!.disks).toBeUndefined();
  });

  it('our own badge hosts inside a value are not read', () => {
    const doc = risky();
    const host = doc.createElement('span');
    host.setAttribute('data-vmlint-host', '');
    host.textContent = 'On';
    valueEl(doc, 'Deletion protection').prepend(host);
    expect(snap(doc).gcp!.deletionProtection).toBe(false);
  });

  it('a page with no heading for the VM (still loading, another page) gives no resources', () => {
    const doc = risky();
    doc.querySelector('h1')!.remove();
    expect(read(doc)).toEqual({ resources: [], anchors: [], fallbacks: {} });
    const blank = document.implementation.createHTMLDocument('');
    expect(read(blank).resources).toEqual([]);
  });

  it('never throws, whatever the document does', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const doc = risky();
    (doc as unknown as { querySelectorAll: () => never }).querySelectorAll = () => {
      throw new Error('boom');
    };
    expect(() => read(doc)).not.toThrow();
    expect(read(doc).resources).toEqual([]);
    const hostile = risky();
    // Huge and odd values: no throw, nothing invented.
    setValue(hostile, 'Machine type', 'x'.repeat(100_000));
    setValue(hostile, 'Service account', '<script>alert(1)</script>');
    setValue(hostile, 'Network', '../../evil');
    const g = snap(hostile).gcp!;
    expect(g.serviceAccounts).toBeUndefined();
    expect(g.networkInterfaces![0].network).toBeUndefined();
    expect(debug).toHaveBeenCalled();
    debug.mockRestore();
  });
});

describe('value parsers', () => {
  it('onOff', () => {
    expect(['On', 'Enabled', 'Enabled (AMD SEV)', 'on'].map(onOff)).toEqual([true, true, true, true]);
    expect(['Off', 'Disabled', 'Not blocked'].map(onOff)).toEqual([false, false, false]);
    expect(['', 'None', 'Maybe', 'Online'].map(onOff)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('isWindowsImage', () => {
    expect(isWindowsImage('windows-server-2022-dc-v20241112')).toBe(true);
    expect(isWindowsImage('debian-12-bookworm-v20241112')).toBe(false);
    expect(isWindowsImage('ubuntu-2204-jammy-v20241112')).toBe(false);
    expect(isWindowsImage('my-golden-image')).toBeUndefined();
    expect(isWindowsImage('')).toBeUndefined();
  });
});
