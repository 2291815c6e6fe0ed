/**
 * Values AWS fix templates can use (spec §1 "Placeholders"), taken from the snapshot. Item fields
 * (groupId, securityGroupRuleId, volumeId, deviceName, networkInterfaceId, attachmentId) come from
 * the judged item and override these.
 */
import type { ScopeFlags, TemplateVars } from '../../engine/render-fix';
import type { VmSnapshot } from '../../model/snapshot';

export const AWS_TEMPLATE_NAMES: ReadonlySet<string> = new Set([
  'instanceId',
  'region',
  'availabilityZone',
  'subnetId',
  'vpcId',
  'instanceType',
  'networkInterfaceId',
  'attachmentId',
  'eipAssociationId',
  'profileAssociationId',
  'groupId',
  'securityGroupRuleId',
  'volumeId',
  'deviceName',
]);

export function awsTemplateVars(vm: VmSnapshot): TemplateVars {
  const a = vm.aws ?? {};
  const enis = a.networkInterfaces ?? [];
  const primary = enis.find((n) => n.deviceIndex === 0) ?? (enis.length === 1 ? enis[0] : undefined);
  const eip = enis.find((n) => n.eipAssociationId);
  // The interface to detach when there are several: the first one that is not the primary.
  const secondary = enis.find((n) => n !== primary && n.attachmentId);
  return {
    instanceId: a.instanceId ?? vm.id,
    region: a.region ?? vm.region,
    availabilityZone: a.availabilityZone ?? vm.zone,
    subnetId: a.subnetId,
    vpcId: a.vpcId,
    instanceType: a.instanceType,
    networkInterfaceId: primary?.networkInterfaceId,
    eipAssociationId: eip?.eipAssociationId,
    attachmentId: secondary?.attachmentId,
    profileAssociationId: a.profileAssociationId,
  };
}

/** Spec §1: templates omit scope flags; every `aws …` command gets `--region {region}`. */
export const awsScope: ScopeFlags = {
  known: AWS_TEMPLATE_NAMES,
  addScope: (command) =>
    /^aws\s/.test(command) && !/\s--region(\s|=)/.test(command) ? `${command} --region {region}` : command,
};
