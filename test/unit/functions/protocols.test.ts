import { describe, expect, it } from 'vitest';
import { hasPorts, normalizeProtocol } from '../../../src/engine/functions/protocols';

describe('normalizeProtocol', () => {
  it.each([
    ['tcp', 'tcp'],
    ['TCP', 'tcp'],
    ['Tcp', 'tcp'],
    [' udp ', 'udp'],
    ['Udp', 'udp'],
    ['sctp', 'sctp'],
    ['Icmp', 'icmp'],
    ['icmpv6', 'icmpv6'],
    ['ICMPv6', 'icmpv6'],
    ['ipv6-icmp', 'icmpv6'],
    ['icmp6', 'icmpv6'],
    ['Esp', 'esp'],
    ['Ah', 'ah'],
    ['gre', 'gre'],
    ['ipip', 'ipip'],
  ])('name %j → %j', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });

  it.each([
    [6, 'tcp'],
    [17, 'udp'],
    [132, 'sctp'],
    [1, 'icmp'],
    [58, 'icmpv6'],
    [47, 'gre'],
    [50, 'esp'],
    [51, 'ah'],
    [89, '89'],
    [4, '4'],
  ])('number %j → %j (S1: numbers equal names)', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });

  it.each([
    ['6', 'tcp'],
    ['17', 'udp'],
    ['132', 'sctp'],
    ['58', 'icmpv6'],
    ['006', 'tcp'],
    ['89', '89'],
  ])('numeric string %j → %j', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });

  it('accepts CEL integers (BigInt)', () => {
    expect(normalizeProtocol(6n)).toBe('tcp');
    expect(normalizeProtocol(-1n)).toBe('all');
    expect(normalizeProtocol(99n)).toBe('99');
  });

  it.each([['-1'], [-1], ['all'], ['ALL'], ['*'], ['any'], ['Any'], [' * ']])(
    '%j means every protocol (S2)',
    (input) => {
      expect(normalizeProtocol(input)).toBe('all');
    },
  );

  it('never throws on values of the wrong type', () => {
    expect(normalizeProtocol(null as unknown as string)).toBe('');
    expect(normalizeProtocol(undefined as unknown as string)).toBe('');
    expect(normalizeProtocol({} as unknown as string)).toBe('');
    expect(normalizeProtocol(Number.NaN)).toBe('');
    expect(normalizeProtocol('')).toBe('');
  });
});

describe('hasPorts', () => {
  it.each(['tcp', 'udp', 'sctp', 'all', 'TCP', 'Udp', '6', 17, 132, '-1', -1, '*', 'any'])('%j has ports', (p) => {
    expect(hasPorts(p)).toBe(true);
  });

  it.each(['icmp', 'Icmp', 'icmpv6', 'gre', 'esp', 'Esp', 'ah', 'Ah', 1, 58, 47, 50, 51, '47', 'ipip', '89', '', 'garbage'])(
    '%j is portless (S4)',
    (p) => {
      expect(hasPorts(p)).toBe(false);
    },
  );
});
