/**
 * Azure JSON → snapshot → findings, on every Azure sample in ../shared/samples (x-ms-examples,
 * unwrapped to their response bodies), with verdicts written by hand from the JSON; plus the
 * portal's ARM batch response, az's flat form, `az vm show -d`, lists, and a fully joined VM
 * (VM + NIC + subnet + NSG + public IP + disk) read through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { evaluateResource } from '../../../src/engine/evaluate';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import type { Finding, Status } from '../../../src/model/finding';
import type { VmSnapshot } from '../../../src/model/snapshot';
import { detectAzureShape, normaliseAzure, parseArmId } from '../../../src/providers/azure/normalise';
import { azureTemplateVars } from '../../../src/providers/azure/template-vars';
import { runCli, tempFiles } from '../../helpers/cli';
import { listSampleFiles, loadAzureExample, samplesAvailable } from '../../helpers/samples';

const rules = loadRulesFromDir();
const NOW = '2026-12-03T00:00:00Z';

type Json = Record<string, any>;

function snapshots(...docs: unknown[]): VmSnapshot[] {
  return normaliseAzure(docs.map((doc, i) => ({ file: `doc${i}.json`, doc })));
}
function findings(snap: VmSnapshot): Finding[] {
  return evaluateResource(rules, snap, { now: NOW });
}
/** ruleId → statuses (one per finding). */
function verdicts(snap: VmSnapshot): Record<string, Status[]> {
  const out: Record<string, Status[]> = {};
  for (const f of findings(snap)) (out[f.ruleId] ??= []).push(f.status);
  return out;
}
const one = (v: Record<string, Status[]>, id: string) => {
  expect(new Set(v[id]).size, `${id}: ${v[id]}`).toBe(1);
  return v[id][0];
};

const SUB = '/subscriptions/sub-1/resourceGroups/RG-1/providers';
const NIC_ID = `${SUB}/Microsoft.Network/networkInterfaces/vm-nic`;
const SUBNET_ID = `${SUB}/Microsoft.Network/virtualNetworks/vnet-1/subnets/default`;
const PIP_ID = `${SUB}/Microsoft.Network/publicIPAddresses/vm-ip`;

/** An `az network nic show` (flat form) whose NSG is `nsgId` (null: none). */
function nicDoc(nsgId: string | null, opts: { pip?: boolean; id?: string } = {}): Json {
  return {
    id: opts.id ?? NIC_ID,
    name: 'vm-nic',
    resourceGroup: 'RG-1',
    type: 'Microsoft.Network/networkInterfaces',
    enableIPForwarding: false,
    networkSecurityGroup: nsgId ? { id: nsgId, resourceGroup: 'rg1' } : null,
    ipConfigurations: [
      {
        id: `${NIC_ID}/ipConfigurations/ipconfig1`,
        name: 'ipconfig1',
        privateIPAddress: '10.0.0.4',
        subnet: { id: SUBNET_ID, resourceGroup: 'RG-1' },
        ...(opts.pip ? { publicIPAddress: { id: PIP_ID, resourceGroup: 'RG-1' } } : {}),
      },
    ],
  };
}
const subnetDoc = (nsgId: string | null): Json => ({
  id: SUBNET_ID,
  name: 'default',
  type: 'Microsoft.Network/virtualNetworks/subnets',
  properties: { addressPrefix: '10.0.0.0/24', ...(nsgId ? { networkSecurityGroup: { id: nsgId } } : {}) },
});

describe.skipIf(!samplesAvailable())('Azure samples (hand-written verdicts)', () => {
  it('every Azure sample is recognised', () => {
    const files = listSampleFiles('azure');
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(detectAzureShape(loadAzureExample(f)), f).not.toBeNull();
  });

  it('VirtualMachine_Get: no securityProfile ⇒ Standard; Windows; boot diagnostics on; user data clean', () => {
    const vm = loadAzureExample('azure/VirtualMachine_Get.json');
    expect(detectAzureShape(vm)).toBe('vm');
    const [snap] = snapshots(vm);
    expect(snap.id).toBe('/subscriptions/{subscription-id}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/myvm');
    expect(snap.provider).toBe('azure');
    expect(snap.azure?.securityProfile).toEqual({ securityType: 'Standard', encryptionAtHost: false });
    expect(snap.azure?.osType).toBe('Windows');
    expect(snap.azure?.resourceGroup).toBe('myResourceGroup');
    expect(snap.azure?.disks?.map((d) => d.diskName)).toEqual(['myOsDisk', 'myDataDisk0', 'myDataDisk1']);
    expect(snap.azure?.osProfile?.windowsConfiguration).toEqual({
      enableAutomaticUpdates: false,
      patchSettings: { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' },
    });
    const v = verdicts(snap);
    expect(one(v, 'azure-vm-trusted-launch-enabled')).toBe('fail');
    expect(one(v, 'azure-vm-encryption-at-host')).toBe('fail'); // absent ⇒ false, no ADE extension
    expect(one(v, 'azure-vm-managed-disks')).toBe('pass');
    // No diskEncryptionSet on any managedDisk ⇒ platform key ⇒ each of the 3 disks fails (low).
    expect(v['azure-disk-customer-managed-key']).toEqual(['fail', 'fail', 'fail']);
    expect(one(v, 'azure-disk-no-public-network-access')).toBe('unknown'); // needs az disk show
    expect(one(v, 'azure-vm-linux-password-auth-disabled')).toBe('not-applicable'); // Windows
    expect(one(v, 'azure-vm-no-public-ip')).toBe('unknown'); // NIC not given
    expect(one(v, 'azure-nic-ip-forwarding-disabled')).toBe('unknown');
    expect(one(v, 'azure-vm-nsg-associated')).toBe('unknown');
    for (const id of ['ssh', 'rdp', 'udp', 'all-ports', 'db-ports', 'admin-ports']) expect(one(v, `azure-nsg-${id}-not-public`)).toBe('unknown');
    expect(one(v, 'azure-vm-user-data-no-secrets')).toBe('pass'); // "Example UserData"
    expect(one(v, 'azure-vm-boot-diagnostics-enabled')).toBe('pass');
    expect(one(v, 'azure-vm-monitoring-agent-installed')).toBe('fail'); // CustomScriptExtension only
    expect(one(v, 'azure-vm-automatic-os-patching')).toBe('fail'); // enableAutomaticUpdates false
    expect(one(v, 'azure-vm-periodic-patch-assessment')).toBe('fail'); // ImageDefault
    expect(Object.keys(v)).toHaveLength(20);
  });

  it('VirtualMachine_Create_WithEncryptionAtHost: encryption at host pass, still Standard', () => {
    const [snap] = snapshots(loadAzureExample('azure/VirtualMachine_Create_WithEncryptionAtHost.json'));
    const v = verdicts(snap);
    // No extensions (resources) in the body: ADE unknown, but the check passes anyway (§1 rule 3).
    expect(one(v, 'azure-vm-encryption-at-host')).toBe('pass');
    expect(one(v, 'azure-vm-trusted-launch-enabled')).toBe('fail');
    expect(one(v, 'azure-vm-monitoring-agent-installed')).toBe('unknown'); // resources absent
    expect(one(v, 'azure-vm-automatic-os-patching')).toBe('pass'); // Windows, AutomaticByOS + updates on
    expect(one(v, 'azure-vm-user-data-no-secrets')).toBe('unknown'); // userData not returned
    expect(one(v, 'azure-vm-boot-diagnostics-enabled')).toBe('fail'); // absent ⇒ off
  });

  it('VirtualMachine_Create_WithUefiSettings: TrustedLaunch + Secure Boot + vTPM ⇒ pass', () => {
    const [snap] = snapshots(loadAzureExample('azure/VirtualMachine_Create_WithUefiSettings.json'));
    expect(snap.azure?.securityProfile).toEqual({ securityType: 'TrustedLaunch', encryptionAtHost: false, uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    const v = verdicts(snap);
    expect(one(v, 'azure-vm-trusted-launch-enabled')).toBe('pass');
    expect(one(v, 'azure-vm-encryption-at-host')).toBe('unknown'); // off, and ADE not known
  });

  it('NetworkSecurityGroupGet: rule1 Allow * → 80 from * is not SSH/RDP/DB/ADMIN/ALL; it is UDP', () => {
    const nsgBody = loadAzureExample('azure/NetworkSecurityGroupGet.json') as Json;
    expect(detectAzureShape(nsgBody)).toBe('nsg');
    const vm = loadAzureExample('azure/VirtualMachine_Create_WithUefiSettings.json') as Json;
    const vmNic = String(vm.properties.networkProfile.networkInterfaces[0].id);
    const [snap] = snapshots(vm, nicDoc(nsgBody.id, { id: vmNic }), subnetDoc(null), nsgBody);
    const nsg = snap.azure?.nsgs?.[0];
    expect(nsg?.id).toBe('/subscriptions/subid/resourcegroups/rg1/providers/microsoft.network/networksecuritygroups/testnsg');
    expect(nsg?.rules?.map((r) => r.ruleName)).toEqual([
      'rule1',
      'AllowVnetInBound',
      'AllowAzureLoadBalancerInBound',
      'DenyAllInBound',
      'AllowVnetOutBound',
      'AllowInternetOutBound',
      'DenyAllOutBound',
    ]);
    const v = verdicts(snap);
    for (const id of ['ssh', 'rdp', 'all-ports', 'db-ports', 'admin-ports']) expect(one(v, `azure-nsg-${id}-not-public`), id).toBe('pass');
    // Protocol * on port 80 admits udp/80 as well.
    const udp = findings(snap).filter((f) => f.ruleId === 'azure-nsg-udp-not-public');
    expect(udp.map((f) => [f.status, f.item, f.severity])).toEqual([
      ['fail', '/subscriptions/subid/resourcegroups/rg1/providers/microsoft.network/networksecuritygroups/testnsg/securityrules/rule1', 'low'],
    ]);
    // hasPublicAddress false (the NIC has no public IP) lowers medium to low; the fix names the rule.
    expect(udp[0].fix?.cli[0]).toMatchObject({ command: "az network nsg rule update -g rg1 --nsg-name testnsg -n rule1 --source-address-prefixes {user.trustedCidr} --subscription '{subscription-id}'" });
    expect(one(v, 'azure-vm-nsg-associated')).toBe('pass');
    expect(one(v, 'azure-vm-no-public-ip')).toBe('pass');
  });

  it('Disk_Get: platform key ⇒ CMK rule fail (S40); no network settings ⇒ AllowAll ⇒ fail', () => {
    const disk = loadAzureExample('azure/Disk_Get.json') as Json;
    expect(detectAzureShape(disk)).toBe('disk');
    const vm = {
      id: `${SUB}/Microsoft.Compute/virtualMachines/vm-1`,
      name: 'vm-1',
      type: 'Microsoft.Compute/virtualMachines',
      storageProfile: { osDisk: { osType: 'Windows', name: 'myManagedDisk', managedDisk: { id: disk.id } }, dataDisks: [] },
      osProfile: { windowsConfiguration: {} },
      networkProfile: { networkInterfaces: [] },
    };
    const [snap] = snapshots(vm, disk);
    expect(snap.azure?.disks?.[0]).toMatchObject({ encryptionType: 'EncryptionAtRestWithPlatformKey', networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled' });
    expect(snap.azure?.hyperVGeneration).toBe('V1');
    const f = findings(snap);
    const cmk = f.filter((x) => x.ruleId === 'azure-disk-customer-managed-key');
    expect(cmk.map((x) => [x.status, x.severity])).toEqual([['fail', 'low']]);
    expect(cmk[0].fix?.cli.find((s) => s.command?.startsWith('az disk update'))?.command).toBe(
      'az disk update -g myResourceGroup -n myManagedDisk --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set {user.desId} --subscription sub-1',
    );
    expect(f.find((x) => x.ruleId === 'azure-disk-no-public-network-access')?.status).toBe('fail');
  });

  it('the portal batch response gives the same snapshot as the bare body', () => {
    const body = loadAzureExample('azure/VirtualMachine_Get.json');
    const batch = { responses: [{ name: '0', httpStatusCode: 200, content: body }, { httpStatusCode: 404, content: { error: { code: 'NotFound' } } }] };
    expect(detectAzureShape(batch)).toBe('batch');
    const [a] = snapshots(batch);
    const [b] = snapshots(body);
    expect(a.azure).toEqual(b.azure);
    expect(verdicts(a)).toEqual(verdicts(b));
  });
});

describe('shapes and joins', () => {
  const linuxVmFlat = (extra: Json = {}): Json => ({
    id: `${SUB}/Microsoft.Compute/virtualMachines/web-1`,
    name: 'web-1',
    resourceGroup: 'RG-1',
    location: 'westeurope',
    type: 'Microsoft.Compute/virtualMachines',
    hardwareProfile: { vmSize: 'Standard_B2s' },
    storageProfile: {
      osDisk: { osType: 'Linux', name: 'web-1-os', managedDisk: { id: `${SUB}/Microsoft.Compute/disks/web-1-os`, diskEncryptionSet: { id: `${SUB}/Microsoft.Compute/diskEncryptionSets/des` } } },
      dataDisks: [],
    },
    osProfile: { adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: false } },
    networkProfile: { networkInterfaces: [{ id: NIC_ID.toUpperCase(), primary: true }] },
    securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
    resources: [{ id: 'ext', name: 'AzureMonitorLinuxAgent', publisher: 'Microsoft.Azure.Monitor', typePropertiesType: 'AzureMonitorLinuxAgent', provisioningState: 'Succeeded' }],
    ...extra,
  });
  const nsgFlat = (rules: Json[]): Json => ({
    id: `${SUB}/Microsoft.Network/networkSecurityGroups/web-nsg`,
    name: 'web-nsg',
    resourceGroup: 'RG-1',
    type: 'Microsoft.Network/networkSecurityGroups',
    securityRules: rules,
    defaultSecurityRules: [{ name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '*' }],
  });
  const ssh = { name: 'SSH', priority: 300, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '22' };
  const pip = (sku: string, ipAddress?: string): Json => ({ id: PIP_ID, name: 'vm-ip', type: 'Microsoft.Network/publicIPAddresses', sku: { name: sku }, ...(ipAddress ? { ipAddress } : {}) });

  it('az flat form, ids joined case-insensitively; SSH open on a public VM is critical with the NSG and rule named', () => {
    const nsgId = `${SUB}/Microsoft.Network/networkSecurityGroups/web-nsg`;
    const [snap] = snapshots([linuxVmFlat(), nicDoc(nsgId.toLowerCase(), { pip: true })], { value: [subnetDoc(null), nsgFlat([ssh]), pip('Standard', '20.1.2.3')] });
    expect(snap.hasPublicAddress).toBe(true);
    expect(snap.azure?.nics?.[0]).toMatchObject({ nicName: 'vm-nic', nicResourceGroup: 'RG-1', subnet: { name: 'default', vnetName: 'vnet-1', nsgId: null } });
    const f = findings(snap);
    const sshF = f.filter((x) => x.ruleId === 'azure-nsg-ssh-not-public');
    expect(sshF.map((x) => [x.status, x.severity, x.item])).toEqual([['fail', 'critical', `${nsgId.toLowerCase()}/securityrules/ssh`]]);
    expect(sshF[0].fix?.cli[0].command).toBe('az network nsg rule update -g RG-1 --nsg-name web-nsg -n SSH --source-address-prefixes {user.trustedCidr} --subscription sub-1');
    const v = verdicts(snap);
    expect(one(v, 'azure-vm-linux-password-auth-disabled')).toBe('fail'); // S39
    expect(one(v, 'azure-disk-customer-managed-key')).toBe('pass'); // diskEncryptionSet on the VM's reference
    expect(one(v, 'azure-vm-monitoring-agent-installed')).toBe('pass');
    expect(one(v, 'azure-vm-no-public-ip')).toBe('fail');
    expect(one(v, 'azure-vm-trusted-launch-enabled')).toBe('pass');
    expect(one(v, 'azure-nsg-rdp-not-public')).toBe('pass');
    expect(one(v, 'azure-vm-automatic-os-patching')).toBe('fail'); // Linux absent ⇒ ImageDefault
  });

  it('no NSG on NIC or subnet: Basic-SKU public IP fails the port rules, Standard passes (S37)', () => {
    const basic = snapshots(linuxVmFlat(), nicDoc(null, { pip: true }), subnetDoc(null), pip('Basic'))[0];
    expect(one(verdicts(basic), 'azure-nsg-ssh-not-public')).toBe('fail');
    expect(one(verdicts(basic), 'azure-vm-nsg-associated')).toBe('fail');
    const nsgFix = findings(basic).find((x) => x.ruleId === 'azure-nsg-ssh-not-public')?.fix?.cli.map((s) => s.command ?? s.note);
    expect(nsgFix?.[0]).toMatch(/^az network nic update -g RG-1 -n vm-nic --network-security-group \{user\.nsgId\}/);
    const standard = snapshots(linuxVmFlat(), nicDoc(null, { pip: true }), subnetDoc(null), pip('Standard'))[0];
    expect(one(verdicts(standard), 'azure-nsg-ssh-not-public')).toBe('pass');
    const unseen = snapshots(linuxVmFlat(), nicDoc(null, { pip: true }), subnetDoc(null))[0];
    expect(one(verdicts(unseen), 'azure-nsg-ssh-not-public')).toBe('unknown');
  });

  it('subnet NSG not given while the NIC NSG admits SSH → unknown (S36)', () => {
    const subNsg = `${SUB}/Microsoft.Network/networkSecurityGroups/sub-nsg`;
    const nsgId = `${SUB}/Microsoft.Network/networkSecurityGroups/web-nsg`;
    const [snap] = snapshots(linuxVmFlat(), nicDoc(nsgId), subnetDoc(subNsg), nsgFlat([ssh]));
    expect(snap.azure?.nsgs?.map((g) => [g.name, g.rules ? 'given' : 'not given'])).toEqual([
      ['sub-nsg', 'not given'],
      ['web-nsg', 'given'],
    ]);
    expect(one(verdicts(snap), 'azure-nsg-ssh-not-public')).toBe('unknown');
  });

  it('az vm show -d: powerState and publicIps; a deallocated VM keeps its IP resource (S41)', () => {
    const d = linuxVmFlat({ powerState: 'VM deallocated', publicIps: '', privateIps: '10.0.0.4' });
    const [snap] = snapshots(d, nicDoc(null, { pip: true }), subnetDoc(null), pip('Basic'));
    expect(snap.state).toBe('VM deallocated');
    expect(snap.azure?.publicIps).toEqual([]);
    expect(snap.azure?.nics?.[0].publicIps?.[0]).toMatchObject({ sku: 'Basic', address: null });
    expect(one(verdicts(snap), 'azure-vm-no-public-ip')).toBe('fail');
    const [only] = snapshots(linuxVmFlat({ publicIps: '20.1.2.3' }));
    expect(only.hasPublicAddress).toBe(true);
    expect(one(verdicts(only), 'azure-vm-no-public-ip')).toBe('fail');
  });

  it('ARM nesting (properties) reads like the flat form', () => {
    const flat = linuxVmFlat();
    const { id, name, type, location, resources, ...rest } = flat;
    delete (rest as Json).resourceGroup;
    const nested = { id, name, type, location, properties: rest, resources: [{ id: 'ext', name: 'AzureMonitorLinuxAgent', properties: { publisher: 'Microsoft.Azure.Monitor', type: 'AzureMonitorLinuxAgent', provisioningState: 'Succeeded' } }] };
    const [a] = snapshots(flat);
    const [b] = snapshots(nested);
    expect(b.azure).toEqual(a.azure);
  });

  it('osProfile absent (specialized disk) → password rule unknown; Linux patch defaults', () => {
    const [snap] = snapshots(linuxVmFlat({ osProfile: undefined }));
    expect(snap.azure?.osProfile).toBeNull();
    expect(one(verdicts(snap), 'azure-vm-linux-password-auth-disabled')).toBe('unknown');
  });

  it('template vars and scope: ids parsed, --subscription added once', () => {
    const [snap] = snapshots(linuxVmFlat(), nicDoc(null, { pip: true }), subnetDoc(null));
    expect(azureTemplateVars(snap)).toMatchObject({
      resourceGroup: 'RG-1',
      vmName: 'web-1',
      subscription: 'sub-1',
      nicName: 'vm-nic',
      nicResourceGroup: 'RG-1',
      ipConfigName: 'ipconfig1',
      vnetName: 'vnet-1',
      subnetName: 'default',
      adminUsername: 'azureuser',
    });
    expect(parseArmId(SUBNET_ID)).toEqual({ subscription: 'sub-1', resourceGroup: 'RG-1', name: 'default', parentName: 'vnet-1' });
  });

  it('unrelated JSON is not Azure', () => {
    for (const doc of [{}, [], { Reservations: [] }, { kind: 'compute#instance' }, [{ id: 'x' }], { responses: [] }]) expect(detectAzureShape(doc)).toBeNull();
  });
});

describe('vmlint scan on az JSON', () => {
  it('reads a VM with its NIC, subnet, NSG and public IP and exits 1 on a failure', async () => {
    const nsgId = `${SUB}/Microsoft.Network/networkSecurityGroups/web-nsg`;
    const vm = {
      id: `${SUB}/Microsoft.Compute/virtualMachines/web-1`,
      name: 'web-1',
      type: 'Microsoft.Compute/virtualMachines',
      storageProfile: { osDisk: { osType: 'Linux', name: 'os', managedDisk: { id: `${SUB}/Microsoft.Compute/disks/os` } }, dataDisks: [] },
      osProfile: { linuxConfiguration: { disablePasswordAuthentication: true } },
      networkProfile: { networkInterfaces: [{ id: NIC_ID }] },
    };
    const dir = tempFiles({
      'vm.json': vm,
      'net.json': [nicDoc(nsgId, { pip: true }), subnetDoc(null), { id: nsgId, name: 'web-nsg', type: 'Microsoft.Network/networkSecurityGroups', securityRules: [{ name: 'rdp', priority: 100, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRange: '3389' }] }],
    });
    const run = await runCli(['scan', '--format', 'json', 'vm.json', 'net.json'], { cwd: dir });
    expect(run.stderr).not.toMatch(/unknown shape/);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.resources).toHaveLength(1);
    expect(out.resources[0]).toMatchObject({ id: '/subscriptions/sub-1/resourcegroups/rg-1/providers/microsoft.compute/virtualmachines/web-1', kind: 'vm', provider: 'azure', name: 'web-1' });
    const rdp = out.findings.filter((f: Json) => f.ruleId === 'azure-nsg-rdp-not-public');
    expect(rdp.map((f: Json) => [f.status, f.severity, f.item])).toEqual([['fail', 'critical', `${nsgId.toLowerCase()}/securityrules/rdp`]]);
    expect(out.findings.find((f: Json) => f.ruleId === 'azure-vm-linux-password-auth-disabled').status).toBe('pass');
  });
});
