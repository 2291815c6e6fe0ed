import { describe, expect, it } from 'vitest';
import { cidrContains, isPublicSource } from '../../../src/engine/functions/public-source';

describe('isPublicSource', () => {
  it.each([
    '0.0.0.0/0',
    ' 0.0.0.0/0 ',
    '::/0',
    '0::0/0',
    '0:0:0:0:0:0:0:0/0',
    '0000:0000:0000:0000:0000:0000:0000:0000/0',
    '::0/0',
    '10.1.2.3/0', // host bits of a /0 do not matter: it is still every address
    '2001:db8::/0',
    '*',
    'Any',
    'any',
    'ANY',
    'Internet',
    'internet',
    'INTERNET',
    ' Internet ',
  ])('%j is public', (s) => {
    expect(isPublicSource(s)).toBe(true);
  });

  it.each([
    '0.0.0.0/1',
    '128.0.0.0/1',
    '35.235.240.0/20', // IAP range
    '10.0.0.0/8',
    '104.16.0.0/13', // a broad CDN block (S6)
    '::/1',
    '2000::/3',
    '0.0.0.0',
    '0.0.0.0/32',
    '::',
    '1.2.3.4/32',
    'sg-0123456789abcdef0',
    'pl-12345678',
    'VirtualNetwork',
    'AzureLoadBalancer',
    'AzureCloud',
    'Internet2',
    'web-servers', // GCP source tag
    'sa@project.iam.gserviceaccount.com',
    '',
    '   ',
    'garbage',
    '0/0', // not a form any cloud writes
    '0.0.0.0/33',
    '::/129',
    '0.0.0.0/ 0',
    '0.0.0.0/-0',
    '**',
  ])('%j is not public', (s) => {
    expect(isPublicSource(s)).toBe(false);
  });

  it('never throws on values of the wrong type', () => {
    expect(isPublicSource(null as unknown as string)).toBe(false);
    expect(isPublicSource(undefined as unknown as string)).toBe(false);
    expect(isPublicSource(0 as unknown as string)).toBe(false);
    expect(isPublicSource(['0.0.0.0/0'] as unknown as string)).toBe(false);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.0/24', '10.0.0.255', true],
    ['10.0.0.0/24', '10.0.1.0', false],
    ['0.0.0.0/0', '203.0.113.7', true],
    ['10.0.0.4/32', '10.0.0.4', true],
    ['10.0.0.4/32', '10.0.0.5', false],
    ['10.0.0.4', '10.0.0.4', true], // bare address = that host (Azure prefixes, S37)
    ['10.0.0.4', '10.0.0.5', false],
    ['2001:db8::/32', '2001:db8:1::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '2001:db8::1', true],
    ['0::0/0', '::1', true],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true], // IPv4-mapped IPv6 compared as IPv4
    ['10.0.0.0/8', '::ffff:11.1.2.3', false],
    [' 10.0.0.0/8 ', ' 10.1.2.3 ', true],
  ] as const)('%j contains %j → %s', (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });

  it.each([
    ['0.0.0.0/0', '::1'], // families are separate
    ['::/0', '10.0.0.1'],
    ['garbage', '10.0.0.1'],
    ['10.0.0.0/8', 'garbage'],
    ['10.0.0.0/33', '10.0.0.1'],
    ['', ''],
    ['10.0.0.0/8', ''],
    ['*', '10.0.0.1'],
    ['Internet', '10.0.0.1'],
    ['10/8', '10.0.0.1'],
    ['10.0.0.0/8', '10.1'],
    ['fe80::/10', 'fe80::1%eth0'],
  ])('%j / %j → false', (cidr, ip) => {
    expect(cidrContains(cidr, ip)).toBe(false);
  });

  it('never throws on values of the wrong type', () => {
    expect(cidrContains(null as unknown as string, '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', undefined as unknown as string)).toBe(false);
    expect(cidrContains(42 as unknown as string, 42 as unknown as string)).toBe(false);
  });
});
