/** rules/README.md is generated from the rule files and must not go stale. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateRulesReadme, README_PATH, renderRulesReadme, severityText } from '../../../scripts/gen-rules-readme';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';

describe('rules/README.md', () => {
  it('is up to date with the rule files', () => {
    const expected = generateRulesReadme();
    const actual = readFileSync(README_PATH, 'utf8');
    // Not toEqual on the whole text: a 1000-line diff helps nobody; the message says what to do.
    expect(actual === expected, 'rules/README.md is stale: run `npm run rules:readme`').toBe(true);
  });

  const rules = loadRulesFromDir().map((c) => c.rule);
  const text = renderRulesReadme(rules, { 'aws-old-id': 'aws-ec2-imdsv2-required' });

  it('says it is generated and how to regenerate it', () => {
    expect(text.split('\n').slice(0, 6).join('\n')).toMatch(/do not edit[\s\S]*npm run rules:readme/i);
  });

  it('has a summary row and a section for every rule', () => {
    for (const r of rules) {
      expect(text).toContain(`| [\`${r.id}\`](#${r.id}) | ${r.title} |`);
      expect(text).toContain(`<a id="${r.id}"></a>\n\n### ${r.title}\n`);
      expect(text).toContain('```cel\n' + r.check.trim() + '\n```');
    }
  });

  it('shows ↓ and conditional severities', () => {
    expect(severityText({ level: 'critical', lowerWhenNotPublic: true })).toBe('critical ↓');
    expect(severityText({ level: 'medium', when: [{ if: 'a || b', level: 'high' }] }, true)).toBe('medium; high when `a \\|\\| b`');
    expect(text).toMatch(/\| critical ↓ \| network-security \|/);
  });

  it('lists renamed ids', () => {
    expect(text).toContain('| `aws-old-id` | [`aws-ec2-imdsv2-required`](#aws-ec2-imdsv2-required) |');
  });

  it('is stable whatever order the rules come in', () => {
    expect(renderRulesReadme([...rules].reverse(), { 'aws-old-id': 'aws-ec2-imdsv2-required' })).toBe(text);
  });
});
