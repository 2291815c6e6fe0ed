/** Renamed rule ids keep working (DESIGN.md contract 6). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAliases, resolveRuleId } from '../../../src/engine/aliases';
import { RuleFileError } from '../../../src/engine/compile';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';

const IDS = ['aws-ec2-imdsv2-required', 'aws-ec2-no-public-ipv4'];

describe('resolveRuleId', () => {
  it('an id that is not an alias is itself', () => {
    expect(resolveRuleId('aws-ec2-no-public-ipv4', { 'aws-a-b': 'aws-c-d' })).toBe('aws-ec2-no-public-ipv4');
    expect(resolveRuleId('aws-unknown-id', {})).toBe('aws-unknown-id');
  });
  it('follows one rename', () => {
    expect(resolveRuleId('aws-ec2-imdsv2-enabled', { 'aws-ec2-imdsv2-enabled': 'aws-ec2-imdsv2-required' })).toBe('aws-ec2-imdsv2-required');
  });
  it('follows a chain of renames', () => {
    const chain = { 'aws-a-one': 'aws-a-two', 'aws-a-two': 'aws-a-three', 'aws-a-three': 'aws-ec2-imdsv2-required' };
    expect(resolveRuleId('aws-a-one', chain)).toBe('aws-ec2-imdsv2-required');
    expect(resolveRuleId('aws-a-three', chain)).toBe('aws-ec2-imdsv2-required');
  });
  it('throws on a cycle, naming it', () => {
    const loop = { 'aws-a-one': 'aws-a-two', 'aws-a-two': 'aws-a-three', 'aws-a-three': 'aws-a-two' };
    expect(() => resolveRuleId('aws-a-one', loop)).toThrow('rule alias cycle: aws-a-two → aws-a-three → aws-a-two');
    expect(() => resolveRuleId('aws-a-self', { 'aws-a-self': 'aws-a-self' })).toThrow(/cycle: aws-a-self → aws-a-self/);
  });
  it('is not fooled by inherited object keys', () => {
    expect(resolveRuleId('constructor', {})).toBe('constructor');
    expect(resolveRuleId('toString', {})).toBe('toString');
  });
});

describe('loadAliases', () => {
  const load = (text: string) => loadAliases(text, IDS, 'rules/aliases.yaml');
  const fails = (text: string, message: RegExp) => {
    let err: unknown;
    try {
      load(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleFileError);
    expect((err as Error).message).toMatch(/^rules\/aliases\.yaml: /);
    expect((err as Error).message).toMatch(message);
  };

  it('reads old-id: new-id pairs, chains included', () => {
    expect(load('# renamed\naws-ec2-imdsv2-enabled: aws-ec2-imdsv2-required\naws-ec2-imdsv2-v1: aws-ec2-imdsv2-enabled\n')).toEqual({
      'aws-ec2-imdsv2-enabled': 'aws-ec2-imdsv2-required',
      'aws-ec2-imdsv2-v1': 'aws-ec2-imdsv2-enabled',
    });
  });
  it('an empty file, or one with only comments, is no aliases', () => {
    expect(load('')).toEqual({});
    expect(load('# nothing renamed yet\n')).toEqual({});
  });
  it('rejects a target that is not a rule', () => {
    fails('aws-old-id: aws-no-such-rule\n', /aws-old-id: target "aws-no-such-rule" is not a rule id/);
    fails('aws-a-one: aws-a-two\naws-a-two: aws-gone-rule\n', /aws-a-one: target "aws-gone-rule" \(via aws-a-two\) is not a rule id/);
  });
  it('rejects an alias that shadows a real rule id', () => {
    fails('aws-ec2-no-public-ipv4: aws-ec2-imdsv2-required\n', /aws-ec2-no-public-ipv4: alias shadows the rule with that id/);
  });
  it('rejects an alias to itself and a cycle', () => {
    fails('aws-a-self: aws-a-self\n', /aws-a-self: alias points at itself/);
    fails('aws-a-one: aws-a-two\naws-a-two: aws-a-one\n', /aws-a-one: rule alias cycle: aws-a-one → aws-a-two → aws-a-one/);
  });
  it('rejects what is not a map of ids', () => {
    fails('- aws-a-one\n- aws-a-two\n', /\(top\): expected a map of old-id: new-id/);
    fails('aws-a-one: 3\n', /aws-a-one: /);
    fails('Not_An_Id: aws-ec2-imdsv2-required\n', /Not_An_Id/);
    fails('aws-a-one: [unclosed\n', /not valid YAML/);
  });
});

describe('rules/aliases.yaml', () => {
  it('is valid against the bundled rules and resolves its seed rename', () => {
    const ids = loadRulesFromDir().map((c) => c.rule.id);
    const aliases = loadAliases(readFileSync(new URL('../../../rules/aliases.yaml', import.meta.url), 'utf8'), ids);
    expect(resolveRuleId('aws-ec2-imdsv2-enabled', aliases)).toBe('aws-ec2-imdsv2-required');
    for (const target of Object.keys(aliases).map((a) => resolveRuleId(a, aliases))) expect(ids).toContain(target);
  });
});
