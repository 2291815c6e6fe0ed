/**
 * Every GCP sample in ../shared/samples (Cloud Custodian flight recordings of real Compute Engine v1
 * REST answers), normalised and judged by the bundled GCP rules, against verdicts written BY HAND
 * from reading the JSON (not from running vmlint). Each expectation names the field that decides it.
 *
 * One instance document is CONSTRUCTED here (marked "TEST INPUT"): a VM that runs as the service
 * account allow-inbound-xyz targets, since none of the recorded VMs does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateResource } from '../../../src/engine/evaluate';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import type { Finding, Status } from '../../../src/model/finding';
import type { Severity } from '../../../src/model/rule';
import type { VmSnapshot } from '../../../src/model/snapshot';
import {
  detectGcpShape,
  gcpJoinNotes,
  normaliseGcp,
  normaliseNetwork,
  sameNetwork,
  type GcpInput,
} from '../../../src/providers/gcp/normalise';
import { gcpScope, gcpTemplateVars } from '../../../src/providers/gcp/template-vars';
import { runCli } from '../../helpers/cli';
import { listSampleFiles, loadGcpFlight, samplesAvailable } from '../../helpers/samples';

const S = {
  disks: 'gcp/get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json',
  instances: 'gcp/get-compute-v1-projects-cloud-custodian-aggregated-instances_1.json',
  firewall: 'gcp/get-compute-v1-projects-cloud-custodian-global-firewalls-allow-inbound-xyz_1.json',
  instance1: 'gcp/get-compute-v1-projects-cloud-custodian-zones-us-central1-a-instances-instance-1_1.json',
  effective: 'gcp/get-compute-v1-projects-cloud-custodian-zones-us-east4-c-instances-iap-test-webapp-getEffectiveFirewalls_1.json',
} as const;

const rules = loadRulesFromDir().filter((c) => c.rule.provider === 'gcp');
const NOW = '2023-08-01T00:00:00Z';
const input = (file: string): GcpInput => ({ file, doc: loadGcpFlight(file) });

type Expect = { status: Status; severity?: Severity; items?: string[] };
type Table = Record<string, Expect>;

function judge(inputs: GcpInput[]): Map<string, { snap: VmSnapshot; findings: Finding[] }> {
  const out = new Map<string, { snap: VmSnapshot; findings: Finding[] }>();
  for (const snap of normaliseGcp(inputs)) {
    const findings = evaluateResource(rules, snap, { now: NOW });
    for (const f of findings) expect(f.reason ?? '', `${f.ruleId}: ${f.reason}`).not.toMatch(/^rule error/);
    out.set(snap.id, { snap, findings });
  }
  return out;
}

function expectVerdicts(judged: { snap: VmSnapshot; findings: Finding[] } | undefined, table: Table) {
  expect(judged).toBeDefined();
  // Every GCP rule has a hand-written verdict.
  expect(Object.keys(table).sort()).toEqual(rules.map((c) => c.rule.id).sort());
  for (const [ruleId, want] of Object.entries(table)) {
    const fs = judged!.findings.filter((f) => f.ruleId === ruleId);
    expect(fs.length, `${ruleId} produced no finding`).toBeGreaterThan(0);
    const statuses = [...new Set(fs.map((f) => f.status))];
    expect(statuses, `${judged!.snap.id} ${ruleId}: ${JSON.stringify(fs.map((f) => [f.status, f.reason]))}`).toEqual([want.status]);
    if (want.status === 'fail' && want.severity) expect(fs.map((f) => f.severity), `${ruleId} severity`).toEqual(fs.map(() => want.severity));
    if (want.items) expect(fs.map((f) => f.item).sort(), `${ruleId} items`).toEqual([...want.items].sort());
  }
}

const FW = ['gcp-fw-ssh-not-public', 'gcp-fw-rdp-not-public', 'gcp-fw-all-ports-not-public', 'gcp-fw-db-ports-not-public', 'gcp-fw-admin-ports-not-public'];
const fw = (e: Expect): Table => Object.fromEntries(FW.map((id) => [id, e]));

/**
 * What every recorded VM shares: no `metadata.items` (only a fingerprint) and no project-info
 * document, so the effective OS Login / serial port / OS Config values are unknown; no subnets
 * document (flow logs unknown); `deletionProtection: false`; `canIpForward: false`; every disk
 * without `diskEncryptionKey` (Google-managed); no `confidentialInstanceConfig` or one with
 * `enableConfidentialCompute: false`.
 */
const COMMON: Table = {
  // No instance block-project-ssh-keys (absent ⇒ false); N/A only if OS Login is on, which the
  // project metadata (not given) may say → unknown.
  'gcp-vm-block-project-ssh-keys': { status: 'unknown' },
  'gcp-vm-os-login-enabled': { status: 'unknown' },
  'gcp-vm-serial-port-disabled': { status: 'unknown' },
  'gcp-vm-os-config-enabled': { status: 'unknown' },
  'gcp-subnet-flow-logs-enabled': { status: 'unknown' },
  'gcp-vm-ip-forwarding-disabled': { status: 'pass' },
  'gcp-vm-deletion-protection': { status: 'fail', severity: 'low' },
  'gcp-vm-confidential-computing': { status: 'fail', severity: 'info' },
  // metadata.items absent: nothing to scan.
  'gcp-vm-metadata-no-secrets': { status: 'not-applicable' },
  // Every NIC has an accessConfigs entry ("External NAT"), with or without natIP (S27).
  'gcp-vm-no-external-ip': { status: 'fail', severity: 'medium' },
  // Every serviceAccounts[].email is <number>-compute@developer.gserviceaccount.com.
  'gcp-vm-no-default-service-account': { status: 'fail', severity: 'medium' },
};

/** Recorded aggregated/instances VMs: no shieldedInstanceConfig at all (2017–2018 VMs). */
const OLD_VM: Table = {
  ...COMMON,
  'gcp-vm-shielded-vtpm-integrity': { status: 'fail', severity: 'medium' },
  'gcp-vm-shielded-secure-boot': { status: 'fail', severity: 'low' },
};

const ID = (zone: string, name: string) => `projects/cloud-custodian/zones/${zone}/instances/${name}`;

describe.skipIf(!samplesAvailable())('GCP samples', () => {
  it('every GCP sample is recognised', () => {
    const files = listSampleFiles('gcp');
    expect(files.length).toBe(5);
    const shapes = Object.fromEntries(files.map((f) => [f, detectGcpShape(loadGcpFlight(f))]));
    expect(shapes).toEqual({
      [S.disks]: 'disk-list',
      [S.instances]: 'instance-list',
      [S.firewall]: 'firewall',
      [S.instance1]: 'instance',
      [S.effective]: 'effective-firewalls',
    });
  });

  describe('aggregated instances + aggregated disks + firewall allow-inbound-xyz', () => {
    const judged = judge([input(S.instances), input(S.disks), input(S.firewall)]);

    it('four VMs, ids projects/<p>/zones/<z>/instances/<name>, joined with their disks and the firewall', () => {
      expect([...judged.keys()].sort()).toEqual(
        [ID('us-east1-b', 'custodian-dev'), ID('us-central1-b', 'c7n-jenkins'), ID('us-central1-b', 'drone'), ID('us-east1-d', 'custodian')].sort(),
      );
      const dev = judged.get(ID('us-east1-b', 'custodian-dev'))!.snap;
      expect(dev.hasPublicAddress).toBe(true);
      expect(dev.gcp?.firewall?.source).toBe('vpc');
      expect(dev.gcp?.firewall?.note).toMatch(/firewall policies not seen/);
      expect(dev.gcp?.firewall?.rules.map((r) => r.id)).toEqual(['allow-inbound-xyz']);
      expect(dev.sources?.['gcp.disks[custodian-dev]']).toContain('aggregated-disks');
      const drone = judged.get(ID('us-central1-b', 'drone'))!.snap;
      expect(drone.gcp?.disks?.map((d) => d.id)).toEqual(['drone', 'drone-11-1']);
    });

    it('custodian-dev (us-east1-b): TERMINATED, default SA with cloud-platform, access config without natIP', () => {
      expectVerdicts(judged.get(ID('us-east1-b', 'custodian-dev')), {
        ...OLD_VM,
        // serviceAccounts[0]: 628364681111-compute@… with scope …/auth/cloud-platform.
        'gcp-vm-default-sa-no-full-scope': { status: 'fail', severity: 'high' },
        // accessConfigs[0] {name: "External NAT"} without natIP on a TERMINATED VM (S27).
        'gcp-vm-no-external-ip': { status: 'fail', severity: 'medium' },
        'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['custodian-dev'] },
        // allow-inbound-xyz targets 604150802624-compute@…, not this VM's 628364681111-compute@… (S18).
        ...fw({ status: 'pass' }),
      });
    });

    it('c7n-jenkins (us-central1-b): RUNNING with natIP 104.154.233.11, default SA with default scopes', () => {
      expectVerdicts(judged.get(ID('us-central1-b', 'c7n-jenkins')), {
        ...OLD_VM,
        'gcp-vm-default-sa-no-full-scope': { status: 'pass' },
        'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['c7n-jenkins'] },
        ...fw({ status: 'pass' }),
      });
    });

    it('drone (us-central1-b): TERMINATED, two disks, SA 628364689111-compute@… without cloud-platform', () => {
      expectVerdicts(judged.get(ID('us-central1-b', 'drone')), {
        ...OLD_VM,
        'gcp-vm-default-sa-no-full-scope': { status: 'pass' },
        'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['drone', 'drone-11-1'] },
        ...fw({ status: 'pass' }),
      });
    });

    it('custodian (us-east1-d): RUNNING with natIP, labels without goog-gke-node, scopes without cloud-platform', () => {
      expectVerdicts(judged.get(ID('us-east1-d', 'custodian')), {
        ...OLD_VM,
        'gcp-vm-default-sa-no-full-scope': { status: 'pass' },
        'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['custodian'] },
        ...fw({ status: 'pass' }),
      });
    });
  });

  describe('instance-1 (us-central1-a), alone and with the effective firewalls', () => {
    const INSTANCE_1: Table = {
      ...COMMON,
      // labels {env: dev}; serviceAccounts 1098479648729-compute@… with the default scopes.
      'gcp-vm-default-sa-no-full-scope': { status: 'pass' },
      // shieldedInstanceConfig {enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true} (S28).
      'gcp-vm-shielded-vtpm-integrity': { status: 'pass' },
      'gcp-vm-shielded-secure-boot': { status: 'fail', severity: 'low' },
      // status TERMINATED, accessConfigs [{name: "External NAT", networkTier: PREMIUM}] without natIP (S27).
      'gcp-vm-no-external-ip': { status: 'fail', severity: 'medium' },
      'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['instance-1'] },
    };

    it('alone: no firewall data → the firewall rules are unknown (S23)', () => {
      const judged = judge([input(S.instance1)]);
      expectVerdicts(judged.get(ID('us-central1-a', 'instance-1')), { ...INSTANCE_1, ...fw({ status: 'unknown' }) });
    });

    it('with the effective firewalls: default-allow-ssh and ssh-access-via-iap disabled, internal range only → pass', () => {
      const judged = judge([input(S.instance1), input(S.effective)]);
      const got = judged.get(ID('us-central1-a', 'instance-1'))!;
      expect(got.snap.gcp?.firewall?.source).toBe('effective');
      expect(got.snap.gcp?.firewall?.rules.map((r) => r.id)).toEqual(['default-allow-ssh', 'ssh-access-via-iap', 'default-allow-internal']);
      expectVerdicts(got, { ...INSTANCE_1, ...fw({ status: 'pass' }) });
    });

    it('with allow-inbound-xyz: another service account, so it does not apply (S18)', () => {
      const judged = judge([input(S.instance1), input(S.firewall)]);
      expectVerdicts(judged.get(ID('us-central1-a', 'instance-1')), { ...INSTANCE_1, ...fw({ status: 'pass' }) });
    });
  });

  it('TEST INPUT: a VM running as the service account allow-inbound-xyz targets fails every port rule', () => {
    const doc = structuredClone(loadGcpFlight(S.instance1)) as Record<string, any>;
    doc.name = 'xyz-target';
    doc.selfLink = doc.selfLink.replace(/instance-1$/, 'xyz-target');
    doc.status = 'RUNNING';
    doc.networkInterfaces[0].accessConfigs[0].natIP = '203.0.113.7';
    doc.serviceAccounts = [{ email: '604150802624-compute@developer.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }];
    const judged = judge([{ file: 'xyz-target.json', doc }, input(S.firewall)]);
    const got = judged.get(ID('us-central1-a', 'xyz-target'))!;
    expectVerdicts(got, {
      ...COMMON,
      'gcp-vm-default-sa-no-full-scope': { status: 'fail', severity: 'high' },
      'gcp-vm-shielded-vtpm-integrity': { status: 'pass' },
      'gcp-vm-shielded-secure-boot': { status: 'fail', severity: 'low' },
      'gcp-disk-customer-managed-key': { status: 'fail', severity: 'low', items: ['instance-1'] },
      // allowed [{IPProtocol: all}] from 0.0.0.0/0 on this VM's SA (S2, S9, S18).
      'gcp-fw-ssh-not-public': { status: 'fail', severity: 'critical', items: ['allow-inbound-xyz'] },
      'gcp-fw-rdp-not-public': { status: 'fail', severity: 'critical', items: ['allow-inbound-xyz'] },
      'gcp-fw-all-ports-not-public': { status: 'fail', severity: 'critical', items: ['allow-inbound-xyz'] },
      'gcp-fw-db-ports-not-public': { status: 'fail', severity: 'high', items: ['allow-inbound-xyz'] },
      'gcp-fw-admin-ports-not-public': { status: 'fail', severity: 'high', items: ['allow-inbound-xyz'] },
    });
    const ssh = got.findings.find((f) => f.ruleId === 'gcp-fw-ssh-not-public')!;
    expect(ssh.fix?.cli[0].command ?? JSON.stringify(ssh.fix)).toContain('gcloud compute firewall-rules update allow-inbound-xyz --project cloud-custodian');
  });

  it('effective firewalls are not guessed onto one of several VMs', () => {
    const inputs = [input(S.instances), input(S.effective)];
    const snaps = normaliseGcp(inputs);
    expect(snaps.every((s) => s.gcp?.firewall === undefined)).toBe(true);
    expect(gcpJoinNotes(inputs, snaps).join('\n')).toMatch(/do not name their VM/);
  });
});

describe('GCP normaliser details', () => {
  const inst = (over: Record<string, unknown> = {}) => ({
    kind: 'compute#instance',
    name: 'web-1',
    zone: 'https://www.googleapis.com/compute/v1/projects/p1/zones/europe-west1-b',
    selfLink: 'https://www.googleapis.com/compute/v1/projects/p1/zones/europe-west1-b/instances/web-1',
    status: 'RUNNING',
    tags: { items: ['web'] },
    networkInterfaces: [{ name: 'nic0', network: 'https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod', accessConfigs: [] }],
    disks: [{ boot: true, source: 'projects/p1/zones/europe-west1-b/disks/web-1', deviceName: 'web-1', guestOsFeatures: [{ type: 'UEFI_COMPATIBLE' }] }],
    ...over,
  });
  const firewall = (name: string, network: string, extra: Record<string, unknown> = {}) => ({
    kind: 'compute#firewall',
    name,
    network,
    direction: 'INGRESS',
    priority: 1000,
    sourceRanges: ['0.0.0.0/0'],
    allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    ...extra,
  });

  it('normalises network references in every spelling', () => {
    expect(normaliseNetwork('https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod')).toBe('projects/p1/global/networks/prod');
    expect(normaliseNetwork('projects/p1/global/networks/prod')).toBe('projects/p1/global/networks/prod');
    expect(normaliseNetwork('global/networks/prod', 'p1')).toBe('projects/p1/global/networks/prod');
    expect(normaliseNetwork('prod', 'p1')).toBe('projects/p1/global/networks/prod');
    expect(normaliseNetwork('prod')).toBe('global/networks/prod');
    expect(sameNetwork('projects/p1/global/networks/prod', 'global/networks/prod')).toBe(true);
    expect(sameNetwork('projects/p1/global/networks/prod', 'projects/p2/global/networks/prod')).toBe(false);
  });

  it('joins firewall rules of the VM network only (gcloud list array; other network dropped; bare name kept)', () => {
    const [snap] = normaliseGcp([
      { file: 'i.json', doc: [inst()] },
      {
        file: 'fw.json',
        doc: [
          firewall('ssh-prod', 'https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod'),
          firewall('ssh-dev', 'https://www.googleapis.com/compute/v1/projects/p1/global/networks/dev'),
          firewall('ssh-bare', 'prod'),
        ],
      },
    ]);
    expect(snap.id).toBe('projects/p1/zones/europe-west1-b/instances/web-1');
    expect(snap.region).toBe('europe-west1');
    expect(snap.hasPublicAddress).toBe(false);
    expect(snap.gcp?.firewall?.rules.map((r) => r.id)).toEqual(['ssh-prod', 'ssh-bare']);
    const findings = evaluateResource(rules, snap);
    const ssh = findings.filter((f) => f.ruleId === 'gcp-fw-ssh-not-public');
    expect(ssh.map((f) => [f.status, f.item, f.severity])).toEqual([
      ['fail', 'ssh-prod', 'high'],
      ['fail', 'ssh-bare', 'high'],
    ]);
  });

  it('notes a firewall file that joins no VM; merges the effective firewalls of two NICs of the one VM', () => {
    const inputs: GcpInput[] = [
      { file: 'i.json', doc: inst() },
      { file: 'fw.json', doc: [firewall('ssh-dev', 'projects/p1/global/networks/dev')] },
    ];
    const snaps = normaliseGcp(inputs);
    expect(snaps[0].gcp?.firewall?.rules).toEqual([]);
    expect(gcpJoinNotes(inputs, snaps)).toEqual(['fw.json: none of its 1 firewall rule (ssh-dev) belongs to a VM given; it was not used']);
    const eff = (name: string) => ({ firewalls: [firewall(name, 'projects/p1/global/networks/prod')], firewallPolicys: [] });
    const [one] = normaliseGcp([
      { file: 'i.json', doc: inst() },
      { file: 'nic0.json', doc: eff('a') },
      { file: 'nic1.json', doc: eff('b') },
    ]);
    expect(one.gcp?.firewall?.rules.map((r) => [r.id, r.targetsMatched])).toEqual([
      ['a', true],
      ['b', true],
    ]);
  });

  it('project-info gives project metadata; instance values beat it (S25); secrets found in startup-script', () => {
    const [snap] = normaliseGcp([
      {
        file: 'i.json',
        doc: inst({
          metadata: {
            items: [
              { key: 'enable-oslogin', value: 'FALSE' },
              { key: 'startup-script', value: '#!/bin/sh\nexport PASSWORD=hunter2hunter2\n' },
            ],
          },
        }),
      },
      { file: 'project.json', doc: { kind: 'compute#project', name: 'p1', commonInstanceMetadata: { items: [{ key: 'enable-oslogin', value: 'TRUE' }, { key: 'serial-port-enable', value: 'true' }] } } },
    ]);
    expect(snap.gcp?.projectMetadataSeen).toBe(true);
    const by = (id: string) => evaluateResource(rules, snap).filter((f) => f.ruleId === id);
    expect(by('gcp-vm-os-login-enabled').map((f) => f.status)).toEqual(['fail']);
    expect(by('gcp-vm-serial-port-disabled').map((f) => f.status)).toEqual(['fail']);
    expect(by('gcp-vm-os-config-enabled').map((f) => f.status)).toEqual(['fail']);
    const secrets = by('gcp-vm-metadata-no-secrets');
    expect(secrets.map((f) => [f.status, f.item])).toEqual([['fail', 'startup-script']]);
    // The value is never shown in evidence.
    expect(JSON.stringify(secrets[0].evidence)).not.toContain('hunter2hunter2');
    expect(secrets[0].fix?.cli.map((s) => s.command).join('\n')).toContain('gcloud compute instances remove-metadata web-1 --keys startup-script --project p1 --zone europe-west1-b');
  });

  it('subnets give flow logs; GKE label and Windows are read', () => {
    const [snap] = normaliseGcp([
      {
        file: 'i.json',
        doc: inst({
          labels: { 'goog-gke-node': '' },
          networkInterfaces: [{ name: 'nic0', network: 'projects/p1/global/networks/prod', subnetwork: 'https://www.googleapis.com/compute/v1/projects/p1/regions/europe-west1/subnetworks/app' }],
          disks: [{ boot: true, source: 'projects/p1/zones/europe-west1-b/disks/web-1', deviceName: 'web-1', guestOsFeatures: [{ type: 'WINDOWS' }] }],
        }),
      },
      { file: 's.json', doc: { kind: 'compute#subnetwork', name: 'app', network: 'projects/p1/global/networks/prod', ipCidrRange: '10.0.0.0/24', region: 'europe-west1', selfLink: 'https://www.googleapis.com/compute/v1/projects/p1/regions/europe-west1/subnetworks/app', logConfig: { enable: false } } },
    ]);
    expect(snap.gcp?.isWindows).toBe(true);
    const by = (id: string) => evaluateResource(rules, snap).filter((f) => f.ruleId === id);
    const flow = by('gcp-subnet-flow-logs-enabled');
    expect(flow.map((f) => [f.status, f.item])).toEqual([['fail', 'projects/p1/regions/europe-west1/subnetworks/app']]);
    expect(flow[0].fix?.cli[0].command).toBe('gcloud compute networks subnets update app --enable-flow-logs --project p1 --region europe-west1');
    expect(by('gcp-vm-os-login-enabled').map((f) => f.status)).toEqual(['not-applicable']);
    for (const id of ['gcp-vm-ip-forwarding-disabled', 'gcp-vm-no-default-service-account', 'gcp-vm-default-sa-no-full-scope', 'gcp-vm-os-config-enabled']) {
      expect(by(id).map((f) => f.status), id).toEqual(['not-applicable']);
    }
  });

  it('scope flags: --project unless present; --zone for instances/disks; --region for subnets; none for snapshots', () => {
    expect(gcpScope.addScope('gcloud compute instances stop {vmName}')).toBe('gcloud compute instances stop {vmName} --project {project} --zone {zone}');
    expect(gcpScope.addScope('gcloud compute disks create d')).toBe('gcloud compute disks create d --project {project} --zone {zone}');
    expect(gcpScope.addScope('gcloud compute snapshots create s')).toBe('gcloud compute snapshots create s --project {project}');
    expect(gcpScope.addScope('gcloud compute firewall-rules delete f --project {firewallProject}')).toBe('gcloud compute firewall-rules delete f --project {firewallProject}');
    expect(gcpScope.addScope('gcloud compute networks subnets update s')).toBe('gcloud compute networks subnets update s --project {project} --region {region}');
    expect(gcpScope.addScope('aws ec2 x')).toBe('aws ec2 x');
    const [snap] = normaliseGcp([{ file: 'i.json', doc: inst() }]);
    expect(gcpTemplateVars(snap)).toMatchObject({ vmName: 'web-1', project: 'p1', zone: 'europe-west1-b', region: 'europe-west1', networkInterfaceName: 'nic0' });
  });
});

describe.skipIf(!samplesAvailable())('vmlint scan on gcloud JSON', () => {
  it('scans unwrapped gcloud/REST JSON: resources and findings with GCP ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmlint-gcp-'));
    const file = join(dir, 'instance-1.json');
    writeFileSync(file, JSON.stringify(loadGcpFlight(S.instance1)));
    const fwFile = join(dir, 'effective.json');
    writeFileSync(fwFile, JSON.stringify(loadGcpFlight(S.effective)));
    const run = await runCli(['scan', '--format', 'json', file, fwFile]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.resources.map((r: { id: string; provider: string }) => [r.id, r.provider])).toEqual([[ID('us-central1-a', 'instance-1'), 'gcp']]);
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId === 'gcp-vm-shielded-secure-boot');
    expect([f.status, f.severity, f.resourceId]).toEqual(['fail', 'low', ID('us-central1-a', 'instance-1')]);
  }, 60_000);
});
