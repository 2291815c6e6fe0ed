/**
 * The Azure NSG evaluation (src/engine/functions/azure-nsg.ts): spec §4 S31–S37, and S1–S5 where
 * they concern NSGs. Each test names the S-line it proves.
 */
import { describe, expect, it } from 'vitest';
import { nsgChainKnown, nsgExposures, nsgRuleVerdict, type NicLike, type NsgLike, type NsgRuleLike } from '../../../src/engine/functions/azure-nsg';

let n = 0;
const rule = (p: Partial<NsgRuleLike> & { priority: number }): NsgRuleLike => ({
  id: `r${++n}`,
  ruleName: `r${n}`,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourceAddressPrefix: '*',
  destinationAddressPrefix: '*',
  destinationPortRange: '*',
  ...p,
});
const nsg = (id: string, rules: NsgRuleLike[] | undefined): NsgLike => ({ id, name: id, rules });
const nic = (p: Partial<NicLike> = {}): NicLike => ({
  id: 'nic-1',
  privateIps: ['10.0.0.4'],
  applicationSecurityGroups: [],
  nsgId: 'nsg-nic',
  subnet: { nsgId: null },
  ...p,
});

/** Verdict of `r` in a single NIC-level NSG holding `rules`. */
function single(rules: NsgRuleLike[], r: NsgRuleLike, set: string, nicProps: Partial<NicLike> = {}) {
  return nsgRuleVerdict([nic(nicProps)], [nsg('nsg-nic', rules)], r, set).verdict;
}

describe('S31 protocols ignore case, * is all', () => {
  it('Tcp / TCP / tcp 22 from * fail SSH', () => {
    for (const protocol of ['Tcp', 'TCP', 'tcp']) {
      const r = rule({ priority: 100, protocol, destinationPortRange: '22' });
      expect(single([r], r, 'SSH'), protocol).toBe('fail');
    }
  });
  it('* on 3389 fails RDP; Tcp 3389 fails RDP too', () => {
    const r = rule({ priority: 100, protocol: '*', destinationPortRange: '3389' });
    expect(single([r], r, 'RDP')).toBe('fail');
    expect(single([r], r, 'UDP')).toBe('fail');
    expect(single([r], r, 'SSH')).toBe('pass');
  });
});

describe('S32 singular and plural fields', () => {
  it('destinationPortRanges ["22","3389"] with the singular null fails SSH and RDP', () => {
    const r = rule({ priority: 100, destinationPortRange: null, destinationPortRanges: ['22', '3389'] });
    expect(single([r], r, 'SSH')).toBe('fail');
    expect(single([r], r, 'RDP')).toBe('fail');
    expect(single([r], r, 'DB')).toBe('pass');
  });
  it('port * is every port; a range covering 22 counts (S3); 1025-65535 does not', () => {
    const star = rule({ priority: 100, destinationPortRange: '*' });
    expect(single([star], star, 'SSH')).toBe('fail');
    expect(single([star], star, 'ALL')).toBe('fail');
    const range = rule({ priority: 100, destinationPortRange: '20-25' });
    expect(single([range], range, 'SSH')).toBe('fail');
    expect(single([range], range, 'ADMIN')).toBe('fail');
    const high = rule({ priority: 100, destinationPortRange: '1025-65535' });
    expect(single([high], high, 'SSH')).toBe('pass');
    expect(single([high], high, 'DB')).toBe('fail');
    expect(single([high], high, 'ALL')).toBe('pass');
  });
  it('unreadable port ranges make the verdict unknown', () => {
    const r = rule({ priority: 100, destinationPortRange: 'abc' });
    expect(single([r], r, 'SSH')).toBe('unknown');
  });
});

describe('S33 public sources in any case, either field', () => {
  it('*, Any, Internet, 0.0.0.0/0, ::/0 in any case are public', () => {
    for (const src of ['*', 'any', 'ANY', 'Internet', 'internet', 'INTERNET', '0.0.0.0/0', '::/0']) {
      const r = rule({ priority: 100, destinationPortRange: '22', sourceAddressPrefix: src });
      expect(single([r], r, 'SSH'), src).toBe('fail');
    }
  });
  it('["<office>", "0.0.0.0/0"] in the plural field fails', () => {
    const r = rule({ priority: 100, destinationPortRange: '22', sourceAddressPrefix: null, sourceAddressPrefixes: ['198.51.100.0/24', '0.0.0.0/0'] });
    expect(single([r], r, 'SSH')).toBe('fail');
  });
  it('other service tags, narrower prefixes and ASGs are not public', () => {
    for (const src of ['VirtualNetwork', 'AzureLoadBalancer', 'Storage', '35.235.240.0/20', '0.0.0.0/1']) {
      const r = rule({ priority: 100, destinationPortRange: '22', sourceAddressPrefix: src });
      expect(single([r], r, 'SSH'), src).toBe('pass');
    }
    const asg = rule({ priority: 100, destinationPortRange: '22', sourceAddressPrefix: null, sourceApplicationSecurityGroups: ['asg-1'] });
    expect(single([asg], asg, 'SSH')).toBe('pass');
  });
});

describe('S34 portless protocols; Udp', () => {
  it('Udp 3389 from Internet fails RDP and UDP', () => {
    const r = rule({ priority: 100, protocol: 'Udp', sourceAddressPrefix: 'Internet', destinationPortRange: '3389' });
    expect(single([r], r, 'RDP')).toBe('fail');
    expect(single([r], r, 'UDP')).toBe('fail');
    expect(single([r], r, 'SSH')).toBe('pass');
  });
  it('Icmp (and Esp, Ah) with port * never exposes a port (S4, S1)', () => {
    for (const protocol of ['Icmp', 'Esp', 'Ah']) {
      const r = rule({ priority: 100, protocol, destinationPortRange: '*' });
      for (const set of ['SSH', 'RDP', 'DB', 'ADMIN', 'ALL', 'UDP']) expect(single([r], r, set), `${protocol} ${set}`).toBe('pass');
    }
  });
});

describe('S35 priority order, first match decides, defaults never admit Internet', () => {
  it('Deny 22 @100 before Allow * @200 → SSH pass, but the allow still fails RDP', () => {
    const deny = rule({ priority: 100, access: 'Deny', destinationPortRange: '22' });
    const allow = rule({ priority: 200, protocol: '*' });
    const rules = [allow, deny]; // order in the JSON does not matter
    expect(single(rules, allow, 'SSH')).toBe('pass');
    expect(single(rules, deny, 'SSH')).toBe('pass');
    expect(single(rules, allow, 'RDP')).toBe('fail');
    // ALL: shadowed in part only → still counts.
    expect(single(rules, allow, 'ALL')).toBe('fail');
  });
  it('an allow wholly shadowed by a deny-all is not in effect', () => {
    const deny = rule({ priority: 100, access: 'Deny', protocol: '*' });
    const allow = rule({ priority: 200, protocol: '*' });
    expect(single([deny, allow], allow, 'ALL')).toBe('pass');
    expect(single([deny, allow], allow, 'SSH')).toBe('pass');
  });
  it('a second allow behind a first one is not the rule in effect', () => {
    const a = rule({ priority: 100, destinationPortRange: '22' });
    const b = rule({ priority: 200, destinationPortRange: '22' });
    expect(single([a, b], a, 'SSH')).toBe('fail');
    expect(single([a, b], b, 'SSH')).toBe('pass');
  });
  it('the default rules admit nothing from the internet', () => {
    const defaults = [
      rule({ priority: 65000, protocol: '*', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork' }),
      rule({ priority: 65001, protocol: '*', sourceAddressPrefix: 'AzureLoadBalancer' }),
      rule({ priority: 65500, protocol: '*', access: 'Deny' }),
    ];
    for (const r of defaults) for (const set of ['SSH', 'ALL', 'UDP']) expect(single(defaults, r, set)).toBe('pass');
  });
  it('only inbound counts (S5)', () => {
    const out = rule({ priority: 100, protocol: '*', direction: 'Outbound' });
    expect(single([out], out, 'ALL')).toBe('pass');
  });
  it('a higher-priority rule whose match cannot be decided makes the verdict unknown', () => {
    const deny = rule({ priority: 100, access: 'Deny', destinationPortRange: '22', destinationAddressPrefix: '10.0.0.0/24' });
    const allow = rule({ priority: 200, destinationPortRange: '22' });
    expect(single([deny, allow], allow, 'SSH', { privateIps: undefined })).toBe('unknown');
    expect(single([deny, allow], allow, 'SSH')).toBe('pass');
  });
});

describe('S36 subnet NSG then NIC NSG', () => {
  const both = (subRules: NsgRuleLike[] | undefined, nicRules: NsgRuleLike[] | undefined, item: NsgRuleLike, set: string) =>
    nsgRuleVerdict([nic({ nsgId: 'nsg-nic', subnet: { nsgId: 'nsg-sub' } })], [nsg('nsg-sub', subRules), nsg('nsg-nic', nicRules)], item, set).verdict;

  it('both present and both admit → fail', () => {
    const s = rule({ priority: 100, destinationPortRange: '22' });
    const c = rule({ priority: 100, destinationPortRange: '22' });
    expect(both([s], [c], s, 'SSH')).toBe('fail');
    expect(both([s], [c], c, 'SSH')).toBe('fail');
  });
  it('one admits and the other blocks → fail at low (the spec example)', () => {
    const subAll = rule({ priority: 100, protocol: '*', sourceAddressPrefix: 'Internet' });
    const deny22 = rule({ priority: 100, access: 'Deny', destinationPortRange: '22' });
    const vnet = rule({ priority: 200, protocol: '*', sourceAddressPrefix: 'VirtualNetwork' });
    expect(both([subAll], [deny22, vnet], subAll, 'SSH')).toBe('low');
    expect(both([subAll], [deny22, vnet], subAll, 'ALL')).toBe('low');
    // The NIC NSG's own rules admit nothing from the internet.
    expect(both([subAll], [deny22, vnet], vnet, 'ALL')).toBe('pass');
  });
  it('a public allow-all on the NIC beside the deny on 22 lets every other port through both layers → fail', () => {
    const subAll = rule({ priority: 100, protocol: '*', sourceAddressPrefix: 'Internet' });
    const deny22 = rule({ priority: 100, access: 'Deny', destinationPortRange: '22' });
    const nicAll = rule({ priority: 200, protocol: '*' });
    expect(both([subAll], [deny22, nicAll], subAll, 'SSH')).toBe('low');
    // The subnet's allow-all: the NIC blocks 22, so not every port passes → one layer left.
    expect(both([subAll], [deny22, nicAll], subAll, 'ALL')).toBe('low');
    // The NIC's allow-all (shadowed in part by its own deny) meets an open subnet → fail.
    expect(both([subAll], [deny22, nicAll], nicAll, 'ALL')).toBe('fail');
  });
  it('ALL against a layer that admits only port 80: one layer left; a DB port both admit: fail', () => {
    const subAll = rule({ priority: 100, protocol: '*' });
    const web = rule({ priority: 100, destinationPortRange: '80' });
    const mysql = rule({ priority: 110, destinationPortRange: '3306' });
    expect(both([subAll], [web, mysql], subAll, 'ALL')).toBe('low');
    expect(both([subAll], [web, mysql], subAll, 'DB')).toBe('fail');
    expect(both([subAll], [web, mysql], mysql, 'DB')).toBe('fail');
    expect(both([subAll], [web, mysql], subAll, 'SSH')).toBe('low');
  });
  it('the NIC NSG admits and the subnet NSG has only defaults → fail at low', () => {
    const c = rule({ priority: 100, destinationPortRange: '22' });
    expect(both([], [c], c, 'SSH')).toBe('low');
  });
  it('only one NSG present → its verdict alone', () => {
    const c = rule({ priority: 100, destinationPortRange: '22' });
    expect(nsgRuleVerdict([nic({ subnet: { nsgId: null } })], [nsg('nsg-nic', [c])], c, 'SSH').verdict).toBe('fail');
    const s = rule({ priority: 100, destinationPortRange: '22' });
    expect(nsgRuleVerdict([nic({ nsgId: null, subnet: { nsgId: 'nsg-sub' } })], [nsg('nsg-sub', [s])], s, 'SSH').verdict).toBe('fail');
  });
  it('an NSG known to exist but not given → unknown; but a block in the given one still passes', () => {
    const c = rule({ priority: 100, destinationPortRange: '22' });
    expect(both(undefined, [c], c, 'SSH')).toBe('unknown');
    const web = rule({ priority: 100, destinationPortRange: '443' });
    expect(both(undefined, [web], web, 'SSH')).toBe('pass');
    // The subnet not seen at all is the same.
    expect(nsgRuleVerdict([nic({ subnet: undefined })], [nsg('nsg-nic', [c])], c, 'SSH').verdict).toBe('unknown');
  });
  it('ARM ids compare case-insensitively', () => {
    const c = rule({ priority: 100, destinationPortRange: '22' });
    expect(nsgRuleVerdict([nic({ nsgId: 'NSG-NIC' })], [nsg('nsg-nic', [c])], c, 'SSH').verdict).toBe('fail');
  });
  it('nsgChainKnown: every layer none or given', () => {
    expect(nsgChainKnown([nic()], [nsg('nsg-nic', [])])).toBe(true);
    expect(nsgChainKnown([nic()], [nsg('nsg-nic', undefined)])).toBe(false);
    expect(nsgChainKnown([nic({ subnet: undefined })], [nsg('nsg-nic', [])])).toBe(false);
    expect(nsgChainKnown([nic({ nsgId: undefined })], [])).toBe(false);
  });
});

describe('S37 destination scoping and the no-NSG case', () => {
  it('*, Any, VirtualNetwork, a prefix holding the NIC IP or the NIC ASG count', () => {
    for (const dst of ['*', 'Any', 'VirtualNetwork', 'virtualnetwork', '10.0.0.0/24', '10.0.0.4', '10.0.0.4/32', '0.0.0.0/0']) {
      const r = rule({ priority: 100, destinationPortRange: '22', destinationAddressPrefix: dst });
      expect(single([r], r, 'SSH'), dst).toBe('fail');
    }
    const asg = rule({ priority: 100, destinationPortRange: '22', destinationAddressPrefix: null, destinationApplicationSecurityGroups: ['ASG-WEB'] });
    expect(single([asg], asg, 'SSH', { applicationSecurityGroups: ['asg-web'] })).toBe('fail');
  });
  it('another prefix, another ASG or another service tag does not', () => {
    for (const dst of ['10.1.0.0/24', '20.1.2.3', 'AzureLoadBalancer', 'Internet']) {
      const r = rule({ priority: 100, destinationPortRange: '22', destinationAddressPrefix: dst });
      expect(single([r], r, 'SSH'), dst).toBe('pass');
    }
    const asg = rule({ priority: 100, destinationPortRange: '22', destinationAddressPrefix: null, destinationApplicationSecurityGroups: ['asg-db'] });
    expect(single([asg], asg, 'SSH', { applicationSecurityGroups: ['asg-web'] })).toBe('pass');
  });
  it('a prefix destination with the NIC IP unknown → unknown', () => {
    const r = rule({ priority: 100, destinationPortRange: '22', destinationAddressPrefix: '10.0.0.0/24' });
    expect(single([r], r, 'SSH', { privateIps: undefined })).toBe('unknown');
  });
  it('no NSG at all: Basic-SKU public IP fails, Standard or none passes, SKU unknown is unknown', () => {
    const standIn: NsgRuleLike = { id: 'nic-1/no-nsg', noNsgForNic: 'nic-1' };
    const at = (publicIps: NicLike['publicIps']) =>
      nsgRuleVerdict([nic({ nsgId: null, subnet: { nsgId: null }, publicIps })], [nsg('nic-1/no-nsg', [standIn])], standIn, 'SSH').verdict;
    expect(at([{ sku: 'Basic' }])).toBe('fail');
    expect(at([{ sku: 'basic' }, { sku: 'Standard' }])).toBe('fail');
    expect(at([{ sku: 'Standard' }])).toBe('pass');
    expect(at([])).toBe('pass');
    expect(at([{}])).toBe('unknown');
    expect(at(undefined)).toBe('unknown');
  });
});

describe('nsgExposures (one result per rule, with NSG and rule names for F-AZ-NSG)', () => {
  it('lists every rule with its verdict', () => {
    const deny = rule({ priority: 100, access: 'Deny', destinationPortRange: '22', ruleName: 'deny-ssh' });
    const allow = rule({ priority: 200, protocol: '*', ruleName: 'allow-all' });
    const out = nsgExposures([nic()], [nsg('nsg-nic', [deny, allow])], 'RDP');
    expect(out.map((o) => [o.nsgName, o.ruleName, o.verdict])).toEqual([
      ['nsg-nic', 'deny-ssh', 'pass'],
      ['nsg-nic', 'allow-all', 'fail'],
    ]);
  });
  it('rejects an unknown set name', () => {
    const r = rule({ priority: 100 });
    expect(() => single([r], r, 'HTTP')).toThrow(/unknown port set/);
  });
});
