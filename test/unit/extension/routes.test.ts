/** EC2 console URLs → page kinds (src/providers/aws/routes.ts; spec/pages.md "AWS (EC2)"). */
import { describe, expect, it } from 'vitest';
import { parseAwsRoute } from '../../../src/providers/aws/routes';

const ID = 'i-0abc12345def67890';
const BASE = 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1';

describe('instance details', () => {
  it('the current details URL', () => {
    expect(parseAwsRoute(`${BASE}#InstanceDetails:instanceId=${ID}`)).toEqual({
      provider: 'aws',
      kind: 'aws-instance-details',
      route: `InstanceDetails:instanceId=${ID}`,
      region: 'us-east-1',
      instanceId: ID,
    });
  });

  it('with more hash parameters (tab, sort) in either separator style', () => {
    expect(parseAwsRoute(`${BASE}#InstanceDetails:instanceId=${ID};tab=security`)).toMatchObject({ kind: 'aws-instance-details', instanceId: ID });
    expect(parseAwsRoute(`${BASE}#InstanceDetails:tab=storage&instanceId=${ID}`)).toMatchObject({ kind: 'aws-instance-details', instanceId: ID });
  });

  it('an old 8-hex instance id', () => {
    expect(parseAwsRoute(`${BASE}#InstanceDetails:instanceId=i-1a2b3c4d`)).toMatchObject({ instanceId: 'i-1a2b3c4d' });
  });

  it.each([
    ['no instanceId', '#InstanceDetails:'],
    ['no colon at all', '#InstanceDetails'],
    ['empty instanceId', '#InstanceDetails:instanceId='],
    ['not an instance id', '#InstanceDetails:instanceId=vol-0abc12345def67890'],
    ['too short', '#InstanceDetails:instanceId=i-0abc123'],
    ['too long', `#InstanceDetails:instanceId=${ID}0`],
    ['upper case hex', '#InstanceDetails:instanceId=i-0ABC12345DEF67890'],
    ['not hex', '#InstanceDetails:instanceId=i-0xyz12345def67890'],
    ['a space inside', '#InstanceDetails:instanceId=i-0abc1234%205def6789'],
    ['markup', '#InstanceDetails:instanceId=%3Cimg%20src%3Dx%3E'],
    ['a trailing script', `#InstanceDetails:instanceId=${ID}%3Cscript%3E`],
  ])('a malformed instance id is not a page (%s)', (_n, hash) => {
    expect(parseAwsRoute(`${BASE}${hash}`)).toBeNull();
  });
});

describe('instances list', () => {
  it.each([
    ['#Instances:', 'Instances:'],
    ['#Instances', 'Instances'],
    ['#Instances:instanceState=running;sort=desc', 'Instances:instanceState=running;sort=desc'],
    ['#Instances:v=3;$case=tags:true%5C,client:false;$regex=tags:false%5C,client:false;sort=desc:launchTime', 'Instances:v=3;$case=tags:true%5C,client:false;$regex=tags:false%5C,client:false;sort=desc:launchTime'],
  ])('%s', (hash, route) => {
    expect(parseAwsRoute(`${BASE}${hash}`)).toEqual({ provider: 'aws', kind: 'aws-instances-list', route, region: 'us-east-1' });
  });
});

describe('hosts, paths and partitions', () => {
  it('the older /ec2/v2/home path', () => {
    expect(parseAwsRoute(`https://us-west-2.console.aws.amazon.com/ec2/v2/home?region=us-west-2#InstanceDetails:instanceId=${ID}`)).toMatchObject({
      kind: 'aws-instance-details',
      region: 'us-west-2',
      instanceId: ID,
    });
    expect(parseAwsRoute('https://us-west-2.console.aws.amazon.com/ec2/v2/home?region=us-west-2#Instances:')).toMatchObject({ kind: 'aws-instances-list' });
  });

  it('a multi-session host', () => {
    expect(parseAwsRoute(`https://123456789012-abcdefg.us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=${ID}`)).toMatchObject({
      kind: 'aws-instance-details',
      region: 'us-east-1',
      instanceId: ID,
    });
    // Without the query, the region comes from the host (not from the session prefix).
    expect(parseAwsRoute('https://123456789012-abcdefg.eu-central-1.console.aws.amazon.com/ec2/home#Instances:')).toMatchObject({ region: 'eu-central-1' });
  });

  it('GovCloud', () => {
    expect(parseAwsRoute(`https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1#InstanceDetails:instanceId=${ID}`)).toMatchObject({
      kind: 'aws-instance-details',
      region: 'us-gov-west-1',
      instanceId: ID,
    });
    expect(parseAwsRoute('https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home#Instances:')).toMatchObject({ region: 'us-gov-east-1' });
  });

  it('China', () => {
    expect(parseAwsRoute(`https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1#InstanceDetails:instanceId=${ID}`)).toMatchObject({
      kind: 'aws-instance-details',
      region: 'cn-north-1',
    });
    expect(parseAwsRoute('https://cn-northwest-1.console.amazonaws.cn/ec2/v2/home#Instances:')).toMatchObject({ region: 'cn-northwest-1' });
  });

  it('the region query wins over the host; the host is used when the query is absent', () => {
    expect(parseAwsRoute('https://us-east-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:')!.region).toBe('eu-west-1');
    expect(parseAwsRoute('https://ap-southeast-2.console.aws.amazon.com/ec2/home#Instances:')!.region).toBe('ap-southeast-2');
    expect(parseAwsRoute('https://ap-southeast-2.console.aws.amazon.com/ec2/home?foo=bar#Instances:')!.region).toBe('ap-southeast-2');
  });

  it('no region anywhere: the route is still recognised, without a region', () => {
    const r = parseAwsRoute('https://console.aws.amazon.com/ec2/home#Instances:');
    expect(r).toMatchObject({ kind: 'aws-instances-list' });
    expect(r).not.toHaveProperty('region');
  });
});

describe('not an EC2 instance page → null', () => {
  it.each([
    ['the EC2 dashboard', `${BASE}#Home:`],
    ['no hash', BASE],
    ['security groups', `${BASE}#SecurityGroups:`],
    ['one security group', `${BASE}#SecurityGroup:groupId=sg-0123456789abcdef0`],
    ['volumes', `${BASE}#Volumes:`],
    ['launch wizard', `${BASE}#LaunchInstances:`],
    ['a route whose name only starts with Instances', `${BASE}#InstancesTypes:`],
    ['a route whose name only starts with InstanceDetails', `${BASE}#InstanceDetailsX:instanceId=${ID}`],
    ['another service', 'https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1#Instances:'],
    ['the console home', 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1#Instances:'],
    ['a path only containing ec2', 'https://us-east-1.console.aws.amazon.com/foo/ec2/home#Instances:'],
  ])('%s', (_n, href) => {
    expect(parseAwsRoute(href)).toBeNull();
  });

  it.each([
    ['http:', `http://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=${ID}`],
    ['a look-alike suffix', `https://us-east-1.console.aws.amazon.com.evil.example/ec2/home#InstanceDetails:instanceId=${ID}`],
    ['a look-alike prefix', `https://evilconsole.aws.amazon.com/ec2/home#Instances:`],
    ['a look-alike domain', `https://us-east-1.console-aws-amazon.com/ec2/home#Instances:`],
    ['another TLD', `https://us-east-1.console.aws.amazon.co/ec2/home#Instances:`],
    ['credentials in the authority', `https://us-east-1.console.aws.amazon.com@evil.example/ec2/home#Instances:`],
    ['the console in the query', `https://evil.example/ec2/home?u=https://us-east-1.console.aws.amazon.com#Instances:`],
    ['the signin host', `https://signin.aws.amazon.com/ec2/home#Instances:`],
    ['a file URL', `file:///ec2/home#Instances:`],
    ['not a URL', 'ec2/home#Instances:'],
    ['empty', ''],
  ])('%s', (_n, href) => {
    expect(parseAwsRoute(href)).toBeNull();
  });
});

describe('never throws on what a user can type into the hash', () => {
  it('well-formed percent-escapes are decoded', () => {
    expect(parseAwsRoute(`${BASE}#InstanceDetails:instanceId=${encodeURIComponent(ID)};tab=%73ecurity`)).toMatchObject({ instanceId: ID });
  });

  // Regression test for a fixed bug (src/providers/aws/routes.ts hashParams): decodeURIComponent throws URIError on a malformed
  // escape such as "%" or "%E0%A4%A" in any hash parameter, so parseAwsRoute throws instead of
  // answering. The controller catches it and goes idle, so a list page whose filter holds a bare
  // "%" (e.g. a search for "100%") never gets badges. Suggested fix: wrap each decode in
  // try/catch (keep the raw text, or skip the parameter).
  it.each([
    `${BASE}#Instances:search=100%`,
    `${BASE}#Instances:search=%E0%A4%A`,
    `${BASE}#InstanceDetails:instanceId=${ID};tab=%zz`,
  ])('a malformed escape: %s', (href) => {
    expect(() => parseAwsRoute(href)).not.toThrow();
    expect(parseAwsRoute(href)).not.toBeNull();
  });
});
