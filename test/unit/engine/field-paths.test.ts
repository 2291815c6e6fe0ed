/** Field paths read by CEL expressions (evidence, and the schema meta-test). */
import { describe, expect, it } from 'vitest';
import { celEnvironment } from '../../../src/engine/cel-env';
import { elementPathOf, fieldPathsOf } from '../../../src/engine/field-paths';

const ast = (src: string) => (celEnvironment().parse(src) as unknown as { ast: unknown }).ast;
const paths = (src: string, item?: string) => fieldPathsOf(ast(src), item).sort();

describe('fieldPathsOf', () => {
  it('reads member chains from the context variables', () => {
    expect(paths('vm.aws.metadataOptions.httpTokens == "required"')).toEqual(['vm.aws.metadataOptions.httpTokens']);
    expect(paths('resource.hasPublicAddress == false || vm.aws.state in ["running"]')).toEqual(['resource.hasPublicAddress', 'vm.aws.state']);
  });

  it('drops a path that is only the way to a longer one', () => {
    expect(paths('has(vm.aws.metadataOptions) && vm.aws.metadataOptions.httpTokens == "required"')).toEqual([
      'vm.aws.metadataOptions.httpTokens',
    ]);
    expect(paths('size(vm.aws.volumes) > 0 && vm.aws.volumes.all(v, v.encrypted)')).toEqual(['vm.aws.volumes[].encrypted']);
  });

  it('binds macro variables to the element path of their list', () => {
    expect(paths('vm.aws.securityGroups.exists(g, g.inbound.exists(r, r.source == "0.0.0.0/0"))')).toEqual([
      'vm.aws.securityGroups[].inbound[].source',
    ]);
    expect(paths('vm.aws.networkInterfaces.all(n, n.sourceDestCheck == true)')).toEqual(['vm.aws.networkInterfaces[].sourceDestCheck']);
    expect(paths('vm.aws.volumes.exists_one(v, v.deviceName == "/dev/xvda")')).toEqual(['vm.aws.volumes[].deviceName']);
    expect(paths('vm.aws.volumes.filter(v, v.encrypted == false).map(v, v.volumeId).size() > 0')).toEqual([
      'vm.aws.volumes[].encrypted',
      'vm.aws.volumes[].volumeId',
    ]);
  });

  it('has() reads the field it tests', () => {
    expect(paths('vm.aws.securityGroups.all(g, has(g.inbound))')).toEqual(['vm.aws.securityGroups[].inbound']);
  });

  it('binds item to the element path of the rule\'s items', () => {
    expect(paths('item.encrypted == true', 'vm.aws.volumes[]')).toEqual(['vm.aws.volumes[].encrypted']);
    expect(paths('size(item.inbound) == 0', 'vm.aws.securityGroups[]')).toEqual(['vm.aws.securityGroups[].inbound']);
    // Unbound, `item` stays a name of its own (the meta-test rejects it).
    expect(paths('item.encrypted == true')).toEqual(['item.encrypted']);
  });

  it('counts the fields helpers read from a whole object (exposes reads protocol and ports)', () => {
    expect(paths('!(isPublicSource(item.source) && exposes(item, "SSH"))', 'vm.aws.securityGroups[].inbound[]')).toEqual([
      'vm.aws.securityGroups[].inbound[].ports',
      'vm.aws.securityGroups[].inbound[].protocol',
      'vm.aws.securityGroups[].inbound[].source',
    ]);
  });

  it('index access: string keys are fields, numbers are "an element"', () => {
    expect(paths('vm.tags["aws:autoscaling:groupName"] == "x"')).toEqual(['vm.tags.aws:autoscaling:groupName']);
    expect(paths('vm.aws.networkInterfaces[0].publicIp != null')).toEqual(['vm.aws.networkInterfaces[].publicIp']);
    expect(paths('"eks:cluster-name" in vm.tags')).toEqual(['vm.tags']);
  });

  it('now and config are context variables too', () => {
    expect(paths('ageDays(vm.aws.launchTime, now) <= config.restartMaxDays')).toEqual(['config.restartMaxDays', 'vm.aws.launchTime']);
  });

  it('walks conditionals, lists and maps', () => {
    expect(paths('vm.aws.state == "stopped" ? vm.aws.stoppedAt != "" : [vm.aws.launchTime].size() > 0')).toEqual([
      'vm.aws.launchTime',
      'vm.aws.state',
      'vm.aws.stoppedAt',
    ]);
    expect(paths('{"a": vm.aws.region}.size() == 1')).toEqual(['vm.aws.region']);
  });

  it('a nested macro variable shadows the outer one of the same name', () => {
    expect(paths('vm.aws.securityGroups.exists(x, x.inbound.exists(x, x.source == "s"))')).toEqual(['vm.aws.securityGroups[].inbound[].source']);
  });
});

describe('elementPathOf (a rule\'s items)', () => {
  it.each([
    ['vm.aws.volumes', 'vm.aws.volumes[]'],
    ['vm.aws.securityGroups.filter(g, g.groupName == "default")', 'vm.aws.securityGroups[]'],
    // A list of lists: its elements are the inbound lists.
    ['vm.aws.securityGroups.map(g, g.inbound)', 'vm.aws.securityGroups[].inbound'],
    ['flatten(vm.aws.securityGroups.filter(g, has(g.inbound)).map(g, g.inbound))', 'vm.aws.securityGroups[].inbound[]'],
    ['vm.aws.volumes.map(v, v.volumeId)', 'vm.aws.volumes[].volumeId'],
  ])('%s → %s', (src, expected) => {
    expect(elementPathOf(ast(src))).toBe(expected);
  });

  it('is null for an expression that is not a list of snapshot elements', () => {
    expect(elementPathOf(ast('[1, 2, 3]'))).toBeNull();
    expect(elementPathOf(ast('secrets(vm.aws.userData)'))).toBeNull();
  });
});
