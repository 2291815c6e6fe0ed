/**
 * EC2 security-group permissions (describe-security-groups `IpPermissions`) and rules
 * (describe-security-group-rules) → one AwsSgRule per source, the granularity of the console's
 * rule table and of `revoke-security-group-ingress --security-group-rule-ids`.
 */
import type { AwsSgRule } from '../../model/snapshot';

type Json = Record<string, any>;

const PORTED = new Set(['tcp', 'udp', 'sctp', '6', '17', '132']);

/** Ports as range strings. ICMP's FromPort/ToPort are type/code, not ports (spec S4). */
export function portsOf(protocol: string, from: unknown, to: unknown): string[] {
  const p = String(protocol).toLowerCase();
  if (p === '-1' || p === 'all') return ['*'];
  if (!PORTED.has(p)) return [];
  if (typeof from !== 'number' || from < 0) return ['*'];
  const hi = typeof to === 'number' && to >= 0 ? to : from;
  return [from === hi ? String(from) : `${from}-${hi}`];
}

function ruleKey(groupId: string | undefined, egress: boolean, protocol: string, ports: string[], source: string): string {
  return `${groupId ?? 'sg-?'}/${egress ? 'out' : 'in'}/${protocol}/${ports.join(',') || 'none'}/${source}`;
}

/** Flattens one IpPermissions entry. */
export function rulesFromPermission(perm: Json, group: { groupId?: string; groupName?: string }, egress: boolean): AwsSgRule[] {
  const protocol = String(perm.IpProtocol ?? '');
  const ports = portsOf(protocol, perm.FromPort, perm.ToPort);
  const sources: Array<{ source: string; description?: string | null }> = [
    ...(perm.IpRanges ?? []).map((r: Json) => ({ source: String(r.CidrIp), description: r.Description })),
    ...(perm.Ipv6Ranges ?? []).map((r: Json) => ({ source: String(r.CidrIpv6), description: r.Description })),
    ...(perm.PrefixListIds ?? []).map((r: Json) => ({ source: String(r.PrefixListId), description: r.Description })),
    ...(perm.UserIdGroupPairs ?? []).map((r: Json) => ({ source: String(r.GroupId ?? r.GroupName), description: r.Description })),
  ];
  // Keys in the schema's order (AwsSgRule), so that a snapshot is already in its validated form.
  return sources.map(({ source, description }) => {
    const rule: AwsSgRule = { id: ruleKey(group.groupId, egress, protocol, ports, source) } as AwsSgRule;
    if (group.groupId) rule.groupId = group.groupId;
    if (group.groupName) rule.groupName = group.groupName;
    rule.protocol = protocol;
    rule.ports = ports;
    rule.source = source;
    if (description !== undefined) rule.description = description ?? null;
    return rule;
  });
}

/** One describe-security-group-rules entry (these carry the sgr- id the fix needs). */
export function ruleFromSecurityGroupRule(r: Json, groupName?: string): { egress: boolean; rule: AwsSgRule } {
  const protocol = String(r.IpProtocol ?? '');
  const ports = portsOf(protocol, r.FromPort, r.ToPort);
  const source = String(r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId ?? '');
  // Keys in the schema's order (AwsSgRule), so that a snapshot is already in its validated form.
  const rule = { id: String(r.SecurityGroupRuleId ?? ruleKey(r.GroupId, !!r.IsEgress, protocol, ports, source)) } as AwsSgRule;
  if (r.SecurityGroupRuleId) rule.securityGroupRuleId = String(r.SecurityGroupRuleId);
  if (r.GroupId) rule.groupId = String(r.GroupId);
  if (groupName) rule.groupName = groupName;
  rule.protocol = protocol;
  rule.ports = ports;
  rule.source = source;
  if (r.Description !== undefined) rule.description = r.Description ?? null;
  return { egress: !!r.IsEgress, rule };
}
