/**
 * Fix templates → commands (spec §1 "Placeholders", DESIGN.md "Findings"): each substituted value
 * is quoted for a POSIX shell, so the rendered command, run for real (with `aws` swapped for
 * printf), hands every value over as exactly one argument and runs nothing; `{user.x}` and values
 * not seen stay visible and are listed as unfilled; braces around other words are literal; aws
 * commands get `--region {region}` once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderFix, renderTemplate, type ScopeFlags } from '../../../src/engine/render-fix';
import type { Fix } from '../../../src/model/rule';
import { awsScope } from '../../../src/providers/aws/template-vars';

const dir = mkdtempSync(join(tmpdir(), 'vmlint-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a rendered `aws …` command with printf in place of aws: the arguments the CLI would get. */
function argv(command: string): string[] {
  expect(command.startsWith('aws ')).toBe(true);
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice(4)}`], { cwd: dir, encoding: 'utf8' });
  return out.slice(0, -1).split('\0');
}

const HOSTILE = [
  'web server 1',
  "bob's box",
  'say "hi"',
  '$(touch pwned-subst)',
  '`touch pwned-backtick`',
  'x; touch pwned-semicolon',
  'x\ntouch pwned-newline',
  '',
  '$HOME',
  '*',
  "'; touch pwned-quote; echo '",
];

const fix = (cli: Fix['cli'], extra: Partial<Fix> = {}): Fix => ({ cli, ...extra });
const run = (template: string) => ({ run: template });

describe('renderFix with the AWS scope', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('value %s is one argument and runs nothing', (_n, value) => {
    const template = 'aws ec2 create-image --instance-id {instanceId} --name {instanceId}-final --description {vpcId}';
    const out = renderFix(fix([run(template)]), [run(template)], { instanceId: value, vpcId: value, region: 'us-east-1' }, awsScope);
    const [step] = out.cli;
    expect(step.unfilled).toEqual([]);
    expect(argv(step.command!)).toEqual([
      'ec2',
      'create-image',
      '--instance-id',
      value,
      '--name',
      `${value}-final`,
      '--description',
      value,
      '--region',
      'us-east-1',
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a hostile region is quoted too', () => {
    const t = 'aws ec2 monitor-instances --instance-ids {instanceId}';
    const out = renderFix(fix([run(t)]), [run(t)], { instanceId: 'i-1', region: 'eu-west-1 $(touch pwned-region)' }, awsScope);
    expect(argv(out.cli[0].command!)).toEqual(['ec2', 'monitor-instances', '--instance-ids', 'i-1', '--region', 'eu-west-1 $(touch pwned-region)']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('{user.x} stays visible and is listed as unfilled', () => {
    const t = 'aws ec2 authorize-security-group-ingress --group-id {groupId} --port {user.port} --cidr {user.trustedCidr}';
    const out = renderFix(fix([run(t)]), [run(t)], { groupId: 'sg-1', region: 'us-east-1', 'user.port': '22' }, awsScope);
    expect(out.cli[0].command).toBe(
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --port {user.port} --cidr {user.trustedCidr} --region us-east-1',
    );
    expect(out.cli[0].unfilled).toEqual(['{user.port}', '{user.trustedCidr}']);
  });

  it('a known name whose value was not seen stays visible and is listed as unfilled', () => {
    const t = 'aws ec2 disassociate-address --association-id {eipAssociationId}';
    const out = renderFix(fix([run(t)]), [run(t)], { eipAssociationId: undefined }, awsScope);
    expect(out.cli[0].command).toBe('aws ec2 disassociate-address --association-id {eipAssociationId} --region {region}');
    expect(out.cli[0].unfilled).toEqual(['{eipAssociationId}', '{region}']);
  });

  it('a placeholder used twice is listed once', () => {
    const t = 'aws ec2 create-image --instance-id {instanceId} --name {instanceId}-final';
    const out = renderFix(fix([run(t)]), [run(t)], { region: 'r' }, awsScope);
    expect(out.cli[0].unfilled).toEqual(['{instanceId}']);
  });

  it('braces around other words are literal and not unfilled', () => {
    const t = "aws ec2 run-instances --cli-input-json {notAName} --tag-specifications '{}' --x {1} --y { instanceId } --z {instanceId}";
    const out = renderFix(fix([run(t)]), [run(t)], { instanceId: 'i-1', region: 'r' }, awsScope);
    expect(out.cli[0].command).toBe(
      "aws ec2 run-instances --cli-input-json {notAName} --tag-specifications '{}' --x {1} --y { instanceId } --z i-1 --region r",
    );
    expect(out.cli[0].unfilled).toEqual([]);
  });

  it('adds --region {region} to aws commands once, and only to aws commands', () => {
    const r = (t: string) => renderFix(fix([run(t)]), [run(t)], { region: 'eu-central-1' }, awsScope).cli[0].command;
    expect(r('aws ec2 enable-ebs-encryption-by-default')).toBe('aws ec2 enable-ebs-encryption-by-default --region eu-central-1');
    expect(r('aws ec2 describe-regions --region us-west-2')).toBe('aws ec2 describe-regions --region us-west-2');
    expect(r('aws ec2 describe-regions --region=us-west-2')).toBe('aws ec2 describe-regions --region=us-west-2');
    // --source-region is another flag: the command still runs in the VM's region.
    expect(r('aws ec2 copy-snapshot --source-region {region} --source-snapshot-id s --encrypted')).toBe(
      'aws ec2 copy-snapshot --source-region eu-central-1 --source-snapshot-id s --encrypted --region eu-central-1',
    );
    expect(r('gcloud compute instances stop vm')).toBe('gcloud compute instances stop vm');
    expect(r('awsx something')).toBe('awsx something');
    const twice = r('aws ec2 monitor-instances --instance-ids i-1');
    expect(twice?.match(/--region/g)).toHaveLength(1);
  });

  it('keeps disruptive flags and notes, and renders note steps', () => {
    const steps = [
      { note: 'Rotate the secret first.' },
      { run: 'aws ec2 stop-instances --instance-ids {instanceId}', disruptive: true, note: 'downtime' },
    ];
    const out = renderFix(fix(steps), steps, { instanceId: 'i-1', region: 'r' }, awsScope);
    expect(out.cli).toEqual([
      { note: 'Rotate the secret first.', disruptive: false, unfilled: [] },
      { command: 'aws ec2 stop-instances --instance-ids i-1 --region r', disruptive: true, unfilled: [], note: 'downtime' },
    ]);
  });

  it('console steps and Terraform are prose: values inserted unquoted, Terraform as written', () => {
    const f = fix([run('aws ec2 x')], { console: ['Open {instanceId} in {region} ({user.role}).'], terraform: 'metadata_options { http_tokens = "required" }' });
    const out = renderFix(f, f.cli, { instanceId: 'web server', region: 'us-east-1' }, awsScope);
    expect(out.console).toEqual(['Open web server in us-east-1 ({user.role}).']);
    expect(out.terraform).toBe('metadata_options { http_tokens = "required" }');
  });

  it('only the steps passed in are rendered (the engine drops steps whose condition is false)', () => {
    const all = [run('aws a'), run('aws b')];
    expect(renderFix(fix(all), [all[1]], { region: 'r' }, awsScope).cli.map((s) => s.command)).toEqual(['aws b --region r']);
  });
});

describe('renderTemplate', () => {
  const known = new Set(['vmName', 'zone']);
  it('fills known names, quoting as needed', () => {
    expect(renderTemplate('x {vmName} {zone}', { vmName: "a'b", zone: 'z1' }, known)).toEqual({ text: "x 'a'\\''b' z1", unfilled: [] });
  });
  it('an empty value is an empty argument, not a missing one', () => {
    expect(renderTemplate('x {vmName} y', { vmName: '' }, known)).toEqual({ text: "x '' y", unfilled: [] });
  });
  it('a name not in the known set but given a value is filled (item fields)', () => {
    expect(renderTemplate('--device {deviceName}', { deviceName: '/dev/sdf' }, known).text).toBe('--device /dev/sdf');
  });
  it('a name neither known nor given is literal', () => {
    expect(renderTemplate('--x {other}', {}, known)).toEqual({ text: '--x {other}', unfilled: [] });
  });
  it('works with a scope that adds nothing', () => {
    const none: ScopeFlags = { known, addScope: (c) => c };
    expect(renderFix(fix([run('az vm show -n {vmName}')]), [run('az vm show -n {vmName}')], { vmName: 'v 1' }, none).cli[0].command).toBe(
      "az vm show -n 'v 1'",
    );
  });
});
