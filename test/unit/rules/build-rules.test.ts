/**
 * scripts/build-rules.ts: validates, compiles and runs the examples of every bundled rule, then
 * writes the JSON the extension bundles; any problem is one `file: problem` line and exit 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRules, exampleProblem, ruleExampleProblems, rulesJson } from '../../../scripts/build-rules';
import { compileRuleFile } from '../../../src/engine/compile';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import { Rule } from '../../../src/model/rule';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = join(REPO, 'node_modules/.bin/tsx');
const SCRIPT = join(REPO, 'scripts/build-rules.ts');
const BAD = join(REPO, 'test/fixtures/bad-rules');
const tmp = mkdtempSync(join(tmpdir(), 'vmlint-build-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

describe('buildRules (in process)', () => {
  it('builds every bundled rule and runs every example', () => {
    const built = buildRules(undefined, REPO);
    expect(built.rules.length).toBe(loadRulesFromDir().length);
    expect(built.examples).toBeGreaterThanOrEqual(built.rules.length * 3);
    expect(built.aliases['aws-ec2-imdsv2-enabled']).toBe('aws-ec2-imdsv2-required');
  });

  it('emits rule objects the Rule schema accepts again, in file order', () => {
    const { rules } = buildRules(undefined, REPO);
    const back = JSON.parse(rulesJson(rules)) as unknown[];
    expect(back.map((r) => Rule.parse(r).id)).toEqual(rules.map((r) => r.id));
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    expect(rulesJson(rules)).toMatch(/^\[\n {2}\{\n {4}"id": /);
  });

  it('names the file and the example that does not behave', () => {
    expect(() => buildRules(join(BAD, 'failing-example'), REPO)).toThrow(
      'test/fixtures/bad-rules/failing-example/aws/aws-failing-example.yaml: examples.fail[0] "this one passes": expected fail, got pass',
    );
  });

  it('reports a rule error hidden in a severity condition', () => {
    const c = compileRuleFile(
      readFileSync(join(REPO, 'rules/aws/aws-ec2-imds-hop-limit-max-1.yaml'), 'utf8').replace(
        /- if: >-\n(\s+)vm\.aws\.metadataOptions\.httpTokens == "required" &&/,
        '- if: >-\n$1vm.aws.metadataOptions.httpTokens + 1 == 2 &&',
      ),
      'rules/aws/aws-ec2-imds-hop-limit-max-1.yaml',
    );
    expect(ruleExampleProblems(c).join('\n')).toMatch(/severity\.when\[0\]\.if: rule error/);
  });

  it('checks severity and items of fail examples', () => {
    const [c] = loadRulesFromDir().filter((r) => r.rule.id === 'aws-sg-ssh-not-public');
    const ex = c.rule.examples.fail[0];
    expect(exampleProblem(c, 'fail', ex)).toBeNull();
    expect(exampleProblem(c, 'fail', { ...ex, severity: 'low' })).toBe('expected severity low, got critical');
    expect(exampleProblem(c, 'fail', { ...ex, items: ['sgr-9'] })).toBe('expected failing items [sgr-9], got [sgr-1]');
    expect(exampleProblem(c, 'pass', ex)).toMatch(/^expected pass, got fail sgr-1/);
  });
});

describe('npm run build:rules (the script)', () => {
  it('writes the rules JSON and says what it did', () => {
    const out = join(tmp, 'rules.json');
    const r = run('--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+ rules, \d+ examples OK → /);
    const rules = JSON.parse(readFileSync(out, 'utf8')) as Array<{ id: string }>;
    expect(rules.map((x) => x.id)).toContain('aws-ec2-imdsv2-required');
  });

  it.each([
    ['bad-cel', /^test\/fixtures\/bad-rules\/bad-cel\/aws\/aws-bad-cel\.yaml: check: bad CEL: /],
    ['failing-example', /^test\/fixtures\/bad-rules\/failing-example\/aws\/aws-failing-example\.yaml: examples\.fail\[0\] /],
    ['empty-file', /^test\/fixtures\/bad-rules\/empty-file\/aws\/aws-empty-file\.yaml: empty or not a mapping$/],
  ])('%s: exit 1, one line naming the file, no stack trace', (dir, message) => {
    const out = join(tmp, `${dir}.json`);
    const r = run('--rules', join(BAD, dir), '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(out)).toThrow();
  });

  it('rejects an unknown argument with exit 2', () => {
    const r = run('--frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown argument "--frobnicate"/);
  });

  it('runs under the npm script name, and the extension build runs it first', () => {
    const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").scripts)'], { cwd: REPO, encoding: 'utf8' }));
    expect(pkg['build:rules']).toMatch(/^tsx scripts\/build-rules\.ts\b/);
    expect(pkg.build).toMatch(/^tsx scripts\/build-rules\.ts\b.*&& vite build/);
  });
});
