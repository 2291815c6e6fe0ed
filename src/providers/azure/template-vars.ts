/**
 * Values Azure fix templates can use (spec §1 "Placeholders"), taken from the snapshot. Names of
 * NICs, NSGs, disks, the VNet and the subnet are parsed from ARM ids. Item fields (an NSG rule's
 * nsgName / nsgResourceGroup / ruleName, a disk's diskName / diskResourceGroup, a NIC's nicName /
 * nicResourceGroup) come from the judged item and override these.
 */
import type { ScopeFlags, TemplateVars } from '../../engine/render-fix';
import type { VmSnapshot } from '../../model/snapshot';
import { parseArmId } from './normalise';

export const AZURE_TEMPLATE_NAMES: ReadonlySet<string> = new Set([
  'resourceGroup',
  'vmName',
  'subscription',
  'location',
  'adminUsername',
  'nicName',
  'nicResourceGroup',
  'ipConfigName',
  'nsgName',
  'nsgResourceGroup',
  'ruleName',
  'diskName',
  'diskResourceGroup',
  'vnetName',
  'vnetResourceGroup',
  'subnetName',
]);

export function azureTemplateVars(vm: VmSnapshot): TemplateVars {
  const a = vm.azure ?? {};
  const fromId = parseArmId(a.id ?? vm.id);
  const nics = a.nics ?? [];
  const nic = nics.find((n) => n.primary) ?? nics[0];
  // The NIC and ip configuration that hold a public IP (the no-public-ip fix).
  const publicNic = nics.find((n) => n.ipConfigurations?.some((c) => c.publicIpId));
  const publicIpc = publicNic?.ipConfigurations?.find((c) => c.publicIpId);
  const nsgId = nic?.nsgId ?? nic?.subnet?.nsgId ?? undefined;
  const nsg = nsgId ? parseArmId(nsgId) : {};
  const disk = a.disks?.[0];
  return {
    resourceGroup: a.resourceGroup ?? fromId.resourceGroup,
    vmName: a.name ?? vm.name ?? fromId.name,
    subscription: a.subscription ?? fromId.subscription,
    location: a.location ?? vm.region,
    adminUsername: a.osProfile?.adminUsername,
    nicName: (publicNic ?? nic)?.nicName,
    nicResourceGroup: (publicNic ?? nic)?.nicResourceGroup,
    ipConfigName: publicIpc?.ipConfigName,
    nsgName: nsg.name,
    nsgResourceGroup: nsg.resourceGroup,
    ruleName: undefined,
    diskName: disk?.diskName,
    diskResourceGroup: disk?.diskResourceGroup,
    vnetName: nic?.subnet?.vnetName,
    vnetResourceGroup: nic?.subnet?.resourceGroup,
    subnetName: nic?.subnet?.name,
  };
}

/** Spec §1: every `az …` command gets `--subscription {subscription}` unless it has one. */
export const azureScope: ScopeFlags = {
  known: AZURE_TEMPLATE_NAMES,
  addScope: (command) =>
    /^az\s/.test(command) && !/\s--subscription(\s|=)/.test(command) ? `${command} --subscription {subscription}` : command,
};
