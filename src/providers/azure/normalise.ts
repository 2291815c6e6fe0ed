/**
 * Azure CLI / ARM JSON → VM snapshots. Recognised documents (ARM `properties` nesting or az's flat
 * form, alone, in a list, in `{"value": [...]}` or in the portal's ARM batch response
 * `{"responses": [{"httpStatusCode": 200, "content": {…}}]}`):
 *
 *   az vm show [-d]            the VM (the only document that makes a snapshot)
 *   az network nic show        its NICs: NSG, subnet, public IP references, IP forwarding
 *   az network vnet subnet show the NICs' subnets: the subnet NSG
 *   az network nsg show        the NSGs: security and default rules
 *   az network public-ip show  SKU and address
 *   az disk show               encryption type, network access
 *
 * Related documents are joined by ARM id, compared case-insensitively (ids are stored lower-case).
 * Defaults (spec §1 rule 4): inside a VM JSON that is present, a missing `securityProfile` is
 * Standard, `encryptionAtHost` false, boot diagnostics off, patch mode ImageDefault (Linux) or
 * AutomaticByOS (Windows), assessment mode ImageDefault; a disk JSON without network settings is
 * AllowAll / Enabled. A document that was not given leaves its fields unknown.
 */
import { VmSnapshot, type AzureVmSection } from '../../model/snapshot';
import type { AzureDisk, AzureNic, AzureNsg, AzureNsgRule, AzurePublicIp } from './schema';

type Json = Record<string, any>;

export type AzureShape = 'vm' | 'nic' | 'nsg' | 'subnet' | 'public-ip' | 'disk' | 'list' | 'batch';

export interface AzureInput {
  file: string;
  doc: unknown;
}

const lc = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : '');
const isObj = (x: unknown): x is Json => !!x && typeof x === 'object' && !Array.isArray(x);

/** ARM id parts: /subscriptions/<s>/resourceGroups/<rg>/providers/<ns>/<type>/<name>[/<t2>/<n2>]. */
export function parseArmId(id: unknown): { subscription?: string; resourceGroup?: string; name?: string; parentName?: string } {
  if (typeof id !== 'string') return {};
  const parts = id.split('/').filter(Boolean);
  const at = (key: string) => {
    const i = parts.findIndex((p) => p.toLowerCase() === key);
    return i >= 0 ? parts[i + 1] : undefined;
  };
  const pi = parts.findIndex((p) => p.toLowerCase() === 'providers');
  const rest = pi >= 0 ? parts.slice(pi + 2) : [];
  // rest = [type, name] or [type, name, subtype, subname]
  const name = rest.length >= 2 ? rest[rest.length - 1] : undefined;
  const parentName = rest.length >= 4 ? rest[1] : undefined;
  return { subscription: at('subscriptions'), resourceGroup: at('resourcegroups'), name, parentName };
}

/** ARM nests settings in `properties`; az flattens them to the top level. */
function props(o: Json): Json {
  return isObj(o.properties) ? { ...o, ...o.properties } : o;
}

const TYPE_OF: Array<[RegExp, AzureShape]> = [
  [/^microsoft\.compute\/virtualmachines$/, 'vm'],
  [/^microsoft\.network\/networkinterfaces$/, 'nic'],
  [/^microsoft\.network\/networksecuritygroups$/, 'nsg'],
  [/^microsoft\.network\/virtualnetworks\/subnets$/, 'subnet'],
  [/^microsoft\.network\/publicipaddresses$/, 'public-ip'],
  [/^microsoft\.compute\/disks$/, 'disk'],
];
const ID_OF: Array<[RegExp, AzureShape]> = [
  [/\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i, 'vm'],
  [/\/providers\/microsoft\.network\/networkinterfaces\/[^/]+$/i, 'nic'],
  [/\/providers\/microsoft\.network\/networksecuritygroups\/[^/]+$/i, 'nsg'],
  [/\/providers\/microsoft\.network\/virtualnetworks\/[^/]+\/subnets\/[^/]+$/i, 'subnet'],
  [/\/providers\/microsoft\.network\/publicipaddresses\/[^/]+$/i, 'public-ip'],
  [/\/providers\/microsoft\.compute\/disks\/[^/]+$/i, 'disk'],
];

/** The kind of one ARM resource object, or null. */
function resourceShape(o: unknown): AzureShape | null {
  if (!isObj(o)) return null;
  const t = lc(o.type);
  for (const [re, shape] of TYPE_OF) if (re.test(t)) return shape;
  if (typeof o.id !== 'string' || !/^\/subscriptions\//i.test(o.id)) return null;
  for (const [re, shape] of ID_OF) if (re.test(o.id)) return shape;
  return null;
}

/** The resource objects of a document (lists, `value` lists and batch responses unwrapped). */
function resourcesOf(doc: unknown): Json[] {
  if (Array.isArray(doc)) return doc.flatMap(resourcesOf);
  if (!isObj(doc)) return [];
  if (Array.isArray(doc.responses)) {
    return doc.responses.flatMap((r: Json) => {
      const code = Number(r?.httpStatusCode ?? r?.statusCode ?? 200);
      return code >= 200 && code < 300 ? resourcesOf(r?.content) : [];
    });
  }
  if (Array.isArray(doc.value) && !resourceShape(doc)) return doc.value.flatMap(resourcesOf);
  return resourceShape(doc) ? [doc] : [];
}

/** Recognises an Azure CLI / ARM document, or returns null. */
export function detectAzureShape(doc: unknown): AzureShape | null {
  if (isObj(doc) && Array.isArray(doc.responses)) return resourcesOf(doc).length ? 'batch' : null;
  if (Array.isArray(doc) || (isObj(doc) && Array.isArray(doc.value) && !resourceShape(doc))) {
    const items = Array.isArray(doc) ? doc : (doc.value as unknown[]);
    return items.length > 0 && items.every((i) => resourceShape(i)) ? 'list' : null;
  }
  return resourceShape(doc);
}

interface Found {
  o: Json;
  where: string;
}

interface Joined {
  vms: Found[];
  byId: Map<string, Found>;
}

function collect(inputs: AzureInput[]): Joined {
  const j: Joined = { vms: [], byId: new Map() };
  for (const { file, doc } of inputs) {
    resourcesOf(doc).forEach((o, i) => {
      const where = `file: ${file}${Array.isArray(doc) || !resourceShape(doc) ? `#${i}` : ''}`;
      const shape = resourceShape(o);
      if (shape === 'vm') j.vms.push({ o, where });
      else if (typeof o.id === 'string') j.byId.set(lc(o.id), { o, where });
    });
  }
  return j;
}

function ruleOf(r: Json, nsg: { id: string; name?: string; resourceGroup?: string }, isDefault: boolean): AzureNsgRule {
  const p = props(r);
  const name = typeof r.name === 'string' ? r.name : undefined;
  const id = typeof r.id === 'string' ? lc(r.id) : `${nsg.id}/${isDefault ? 'defaultsecurityrules' : 'securityrules'}/${lc(name)}`;
  const asgs = (v: unknown) => (Array.isArray(v) ? v.map((a: Json) => lc(a?.id)).filter(Boolean) : v === null ? null : undefined);
  const out: AzureNsgRule = {
    id,
    ruleName: name,
    nsgId: nsg.id,
    nsgName: nsg.name,
    nsgResourceGroup: nsg.resourceGroup,
    isDefault,
    priority: typeof p.priority === 'number' ? p.priority : undefined,
    direction: p.direction,
    access: p.access,
    protocol: p.protocol,
    sourceAddressPrefix: p.sourceAddressPrefix,
    sourceAddressPrefixes: p.sourceAddressPrefixes,
    destinationAddressPrefix: p.destinationAddressPrefix,
    destinationAddressPrefixes: p.destinationAddressPrefixes,
    destinationPortRange: p.destinationPortRange,
    destinationPortRanges: p.destinationPortRanges,
    sourceApplicationSecurityGroups: asgs(p.sourceApplicationSecurityGroups),
    destinationApplicationSecurityGroups: asgs(p.destinationApplicationSecurityGroups),
  };
  for (const k of Object.keys(out) as Array<keyof AzureNsgRule>) if (out[k] === undefined) delete out[k];
  return out;
}

/** An NSG: from its own JSON, else from an expanded copy embedded in a NIC or subnet, else id only. */
function nsgOf(id: string, j: Joined, embedded: Json | undefined, sources: Record<string, string>): AzureNsg {
  const found = j.byId.get(id);
  const src = found?.o ?? (embedded && (isObj(embedded.properties) || 'securityRules' in embedded) ? embedded : undefined);
  // Names keep the case of the NSG's own JSON when given (references are often lower-cased).
  const parsed = parseArmId(typeof src?.id === 'string' ? src.id : id);
  const nsg: AzureNsg = { id, name: typeof src?.name === 'string' ? src.name : parsed.name, resourceGroup: parsed.resourceGroup };
  if (src) {
    const p = props(src);
    if (Array.isArray(p.securityRules) || Array.isArray(p.defaultSecurityRules)) {
      const meta = { id, name: nsg.name, resourceGroup: nsg.resourceGroup };
      nsg.rules = [
        ...(p.securityRules ?? []).map((r: Json) => ruleOf(r, meta, false)),
        ...(p.defaultSecurityRules ?? []).map((r: Json) => ruleOf(r, meta, true)),
      ];
      if (found) sources[`azure.nsgs[${id}]`] = found.where;
    }
  }
  return nsg;
}

function publicIpOf(ref: Json, j: Joined, sources: Record<string, string>): AzurePublicIp {
  const id = lc(ref.id);
  const parsed = parseArmId(ref.id);
  const found = j.byId.get(id);
  const src = found?.o ?? ref;
  const p = props(src);
  const out: AzurePublicIp = { id, name: parsed.name, resourceGroup: parsed.resourceGroup };
  const sku = src.sku?.name ?? p.sku?.name;
  if (typeof sku === 'string') out.sku = sku;
  if (found) {
    out.address = typeof p.ipAddress === 'string' && p.ipAddress ? p.ipAddress : null;
    sources[`azure.nics[].publicIps[${id}]`] = found.where;
  }
  return out;
}

function subnetOf(ref: Json, j: Joined, sources: Record<string, string>): NonNullable<AzureNic['subnet']> {
  const id = lc(ref.id);
  const parsed = parseArmId(ref.id);
  const out: NonNullable<AzureNic['subnet']> = { id, name: parsed.name, vnetName: parsed.parentName, resourceGroup: parsed.resourceGroup };
  const found = j.byId.get(id);
  const src = found?.o ?? (isObj(ref.properties) || 'addressPrefix' in ref || 'networkSecurityGroup' in ref ? ref : undefined);
  if (src) {
    const p = props(src);
    out.nsgId = isObj(p.networkSecurityGroup) && p.networkSecurityGroup.id ? lc(p.networkSecurityGroup.id) : null;
    if (found) sources[`azure.nics[].subnet[${id}]`] = found.where;
  }
  return out;
}

interface NicBuilt {
  nic: AzureNic;
  /** Expanded NSG objects seen inside the NIC / subnet JSON, by id. */
  embedded: Map<string, Json>;
}

function nicOf(ref: Json, j: Joined, sources: Record<string, string>): NicBuilt {
  const id = lc(ref.id);
  const parsed = parseArmId(ref.id);
  const nic: AzureNic = { id, nicName: parsed.name, nicResourceGroup: parsed.resourceGroup };
  const embedded = new Map<string, Json>();
  const refProps = isObj(ref.properties) ? ref.properties : ref;
  if (typeof refProps.primary === 'boolean') nic.primary = refProps.primary;
  const found = j.byId.get(id);
  if (!found) return { nic, embedded };
  sources[`azure.nics[${id}]`] = found.where;
  const own = parseArmId(found.o.id);
  if (typeof found.o.name === 'string') nic.nicName = found.o.name;
  if (own.resourceGroup) nic.nicResourceGroup = own.resourceGroup;
  const p = props(found.o);
  nic.enableIPForwarding = p.enableIPForwarding === true || p.enableIpForwarding === true;
  const nsgRef = p.networkSecurityGroup;
  nic.nsgId = isObj(nsgRef) && nsgRef.id ? lc(nsgRef.id) : null;
  if (nic.nsgId && isObj(nsgRef)) embedded.set(nic.nsgId, nsgRef);
  const ipcs: Json[] = Array.isArray(p.ipConfigurations) ? p.ipConfigurations : [];
  nic.ipConfigurations = [];
  nic.privateIps = [];
  nic.applicationSecurityGroups = [];
  nic.publicIps = [];
  for (const ipc of ipcs) {
    const c = props(ipc);
    const pipRef = isObj(c.publicIPAddress) && c.publicIPAddress.id ? c.publicIPAddress : isObj(c.publicIpAddress) && c.publicIpAddress.id ? c.publicIpAddress : null;
    nic.ipConfigurations.push({
      id: lc(ipc.id) || `${id}/ipconfigurations/${lc(ipc.name)}`,
      ipConfigName: typeof ipc.name === 'string' ? ipc.name : undefined,
      publicIpId: pipRef ? lc(pipRef.id) : null,
    });
    if (typeof c.privateIPAddress === 'string') nic.privateIps.push(c.privateIPAddress);
    if (typeof c.privateIpAddress === 'string') nic.privateIps.push(c.privateIpAddress);
    for (const a of c.applicationSecurityGroups ?? []) if (a?.id) nic.applicationSecurityGroups.push(lc(a.id));
    if (pipRef) nic.publicIps.push(publicIpOf(pipRef, j, sources));
    if (!nic.subnet && isObj(c.subnet) && c.subnet.id) {
      nic.subnet = subnetOf(c.subnet, j, sources);
      const sub = j.byId.get(nic.subnet.id)?.o ?? c.subnet;
      const sp = props(sub);
      if (nic.subnet.nsgId && isObj(sp.networkSecurityGroup)) embedded.set(nic.subnet.nsgId, sp.networkSecurityGroup);
    }
  }
  return { nic, embedded };
}

function diskOf(d: Json, role: 'os' | 'data', vmId: string, j: Joined, sources: Record<string, string>): AzureDisk {
  const md = isObj(d.managedDisk) ? d.managedDisk : undefined;
  const vhd = isObj(d.vhd) && typeof d.vhd.uri === 'string' ? d.vhd.uri : null;
  const id = md?.id ? lc(md.id) : `${vmId}/disks/${lc(d.name ?? role)}`;
  const parsed = parseArmId(md?.id);
  const disk: AzureDisk = {
    id,
    diskName: typeof d.name === 'string' ? d.name : parsed.name,
    diskResourceGroup: parsed.resourceGroup,
    role,
    managed: !!md && !vhd,
    vhdUri: vhd,
  };
  if (typeof d.lun === 'number') disk.lun = d.lun;
  if (md) {
    const des = md.diskEncryptionSet?.id ?? md.securityProfile?.diskEncryptionSet?.id;
    disk.diskEncryptionSetId = des ? lc(des) : null;
    // From the VM JSON alone (spec §3): a disk encryption set ⇒ customer key, none ⇒ platform key.
    disk.encryptionType = des ? 'EncryptionAtRestWithCustomerKey' : 'EncryptionAtRestWithPlatformKey';
  }
  const found = md?.id ? j.byId.get(id) : undefined;
  if (found) {
    const p = props(found.o);
    if (typeof p.encryption?.type === 'string') disk.encryptionType = p.encryption.type;
    if (p.encryption?.diskEncryptionSetId) disk.diskEncryptionSetId = lc(p.encryption.diskEncryptionSetId);
    disk.networkAccessPolicy = typeof p.networkAccessPolicy === 'string' ? p.networkAccessPolicy : 'AllowAll';
    disk.publicNetworkAccess = typeof p.publicNetworkAccess === 'string' ? p.publicNetworkAccess : 'Enabled';
    sources[`azure.disks[${id}]`] = found.where;
  }
  return disk;
}

function powerStateOf(v: Json, p: Json): string | undefined {
  if (typeof v.powerState === 'string') return v.powerState;
  const statuses = p.instanceView?.statuses;
  if (Array.isArray(statuses)) {
    const s = statuses.find((x: Json) => typeof x?.code === 'string' && x.code.startsWith('PowerState/'));
    if (s) return s.displayStatus ?? `VM ${s.code.slice('PowerState/'.length)}`;
  }
  return undefined;
}

function extensionsOf(v: Json): AzureVmSection['extensions'] {
  if (!Array.isArray(v.resources)) return undefined;
  return v.resources
    .filter((e: Json) => isObj(e))
    .map((e: Json) => {
      const nested = isObj(e.properties);
      const p = props(e);
      const type = nested ? e.properties.type : (e.typePropertiesType ?? (/\//.test(String(e.type ?? '')) ? undefined : e.type));
      return {
        id: lc(e.id) || lc(e.name),
        name: e.name,
        publisher: p.publisher,
        type,
        provisioningState: p.provisioningState,
      };
    });
}

function osProfileOf(p: Json, osType: string | undefined): AzureVmSection['osProfile'] {
  const op = p.osProfile;
  if (!isObj(op)) return null;
  const linux = isObj(op.linuxConfiguration) ? op.linuxConfiguration : lc(osType) === 'linux' ? {} : null;
  const windows = isObj(op.windowsConfiguration) ? op.windowsConfiguration : lc(osType) === 'windows' ? {} : null;
  return {
    adminUsername: typeof op.adminUsername === 'string' ? op.adminUsername : undefined,
    linuxConfiguration: linux
      ? {
          disablePasswordAuthentication: linux.disablePasswordAuthentication === true,
          patchSettings: {
            patchMode: linux.patchSettings?.patchMode ?? 'ImageDefault',
            assessmentMode: linux.patchSettings?.assessmentMode ?? 'ImageDefault',
          },
        }
      : null,
    windowsConfiguration: windows
      ? {
          enableAutomaticUpdates: windows.enableAutomaticUpdates !== false,
          patchSettings: {
            patchMode: windows.patchSettings?.patchMode ?? 'AutomaticByOS',
            assessmentMode: windows.patchSettings?.assessmentMode ?? 'ImageDefault',
          },
        }
      : null,
  };
}

function vmOf(found: Found, j: Joined): VmSnapshot {
  const v = found.o;
  const p = props(v);
  const id = lc(v.id);
  const parsed = parseArmId(v.id);
  const sources: Record<string, string> = { azure: found.where };
  const osDisk: Json | undefined = isObj(p.storageProfile?.osDisk) ? p.storageProfile.osDisk : undefined;
  const osType: string | undefined =
    osDisk?.osType ?? (isObj(p.osProfile?.windowsConfiguration) ? 'Windows' : isObj(p.osProfile?.linuxConfiguration) ? 'Linux' : undefined);
  const sp: Json = isObj(p.securityProfile) ? p.securityProfile : {};
  const azure: AzureVmSection = {
    id,
    name: typeof v.name === 'string' ? v.name : parsed.name,
    resourceGroup: typeof v.resourceGroup === 'string' ? v.resourceGroup : parsed.resourceGroup,
    subscription: parsed.subscription,
    location: v.location,
    powerState: powerStateOf(v, p),
    osType,
    vmSize: p.hardwareProfile?.vmSize,
    securityProfile: {
      securityType: typeof sp.securityType === 'string' ? sp.securityType : 'Standard',
      encryptionAtHost: sp.encryptionAtHost === true,
    },
    osProfile: osProfileOf(p, osType),
    bootDiagnosticsEnabled: p.diagnosticsProfile?.bootDiagnostics?.enabled === true,
    extensions: extensionsOf(v),
  };
  if (isObj(sp.uefiSettings)) {
    azure.securityProfile!.uefiSettings = {};
    if (typeof sp.uefiSettings.secureBootEnabled === 'boolean') azure.securityProfile!.uefiSettings.secureBootEnabled = sp.uefiSettings.secureBootEnabled;
    if (typeof sp.uefiSettings.vTpmEnabled === 'boolean') azure.securityProfile!.uefiSettings.vTpmEnabled = sp.uefiSettings.vTpmEnabled;
  }
  if ('userData' in p) azure.userData = typeof p.userData === 'string' && p.userData ? p.userData : null;

  // Disks: OS disk first, then data disks.
  if (isObj(p.storageProfile)) {
    const dataDisks: Json[] = Array.isArray(p.storageProfile.dataDisks) ? p.storageProfile.dataDisks : [];
    azure.disks = [...(osDisk ? [diskOf(osDisk, 'os', id, j, sources)] : []), ...dataDisks.map((d) => diskOf(d, 'data', id, j, sources))];
  }
  const hyperV = p.instanceView?.hyperVGeneration ?? (osDisk?.managedDisk?.id ? props(j.byId.get(lc(osDisk.managedDisk.id))?.o ?? {}).hyperVGeneration : undefined);
  if (typeof hyperV === 'string') azure.hyperVGeneration = hyperV;
  const adeExtension = azure.extensions?.some((e) => /^azurediskencryption/i.test(String(e.type ?? '')));
  if (osDisk?.encryptionSettings?.enabled === true || adeExtension) azure.azureDiskEncryption = true;
  else if (azure.extensions) azure.azureDiskEncryption = false;

  // NICs, their subnets, public IPs and NSGs.
  const nicRefs: Json[] = Array.isArray(p.networkProfile?.networkInterfaces) ? p.networkProfile.networkInterfaces.filter((n: Json) => n?.id) : [];
  const built = nicRefs.map((r) => nicOf(r, j, sources));
  if (isObj(p.networkProfile)) azure.nics = built.map((b) => b.nic);
  if (typeof v.publicIps === 'string') azure.publicIps = v.publicIps.split(',').map((s: string) => s.trim()).filter(Boolean);
  const anyNicSeen = built.some((b) => b.nic.nsgId !== undefined);
  if (anyNicSeen) {
    const nsgIds = new Map<string, Json | undefined>();
    for (const b of built) {
      for (const nid of [b.nic.subnet?.nsgId, b.nic.nsgId]) if (nid && !nsgIds.has(nid)) nsgIds.set(nid, b.embedded.get(nid));
    }
    azure.nsgs = [...nsgIds].map(([nid, emb]) => nsgOf(nid, j, emb, sources));
    // S37: a NIC without any NSG gets a stand-in item judged by its public IP's SKU.
    for (const { nic } of built) {
      if (nic.nsgId === null && nic.subnet?.nsgId === null) {
        const sid = `${nic.id}/no-nsg`;
        azure.nsgs.push({
          id: sid,
          name: '(no NSG)',
          rules: [{ id: sid, ruleName: '(no NSG)', noNsgForNic: nic.id, nicName: nic.nicName, nicResourceGroup: nic.nicResourceGroup }],
        });
      }
    }
  }

  const snap: Record<string, unknown> = {
    kind: 'vm',
    provider: 'azure',
    id,
    name: azure.name,
    region: typeof v.location === 'string' ? v.location : undefined,
    state: azure.powerState,
    origin: 'file',
    sources,
    azure,
  };
  if (Array.isArray(v.zones) && v.zones.length > 0) snap.zone = String(v.zones[0]);
  if (isObj(v.tags)) snap.tags = Object.fromEntries(Object.entries(v.tags).map(([k, val]) => [k, String(val)]));
  const nicPublic = azure.nics?.some((n) => n.ipConfigurations?.some((c) => c.publicIpId)) ?? false;
  if ((azure.publicIps?.length ?? 0) > 0 || nicPublic) snap.hasPublicAddress = true;
  else if (azure.nics && azure.nics.length > 0 && azure.nics.every((n) => n.ipConfigurations !== undefined)) snap.hasPublicAddress = false;
  return VmSnapshot.parse(snap);
}

/** Every VM in the inputs, joined with the NICs, subnets, NSGs, public IPs and disks given. */
export function normaliseAzure(inputs: AzureInput[]): VmSnapshot[] {
  const j = collect(inputs);
  const seen = new Set<string>();
  const out: VmSnapshot[] = [];
  for (const vm of j.vms) {
    const id = lc(vm.o.id);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(vmOf(vm, j));
  }
  return out;
}

/** Ids of the non-VM resources in a document (for "joined nothing" notes). */
export function azureResourceIds(doc: unknown): Array<{ id: string; shape: AzureShape }> {
  return resourcesOf(doc)
    .map((o) => ({ id: lc(o.id), shape: resourceShape(o)! }))
    .filter((r) => r.shape !== 'vm' && r.id);
}
