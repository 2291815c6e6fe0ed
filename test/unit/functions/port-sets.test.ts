import { describe, expect, it } from 'vitest';
import {
  PORT_SETS,
  PORT_SET_NAMES,
  exposesPortSet,
  isPortSetName,
  matchedPorts,
  type PortSetName,
} from '../../../src/engine/functions/port-sets';

const MEMBER_SETS: PortSetName[] = ['SSH', 'RDP', 'DB', 'ADMIN'];
const ALL_SETS: PortSetName[] = ['SSH', 'RDP', 'DB', 'ADMIN', 'ALL'];

describe('PORT_SETS (spec §2)', () => {
  const fmt = (set: keyof typeof PORT_SETS): string[] =>
    PORT_SETS[set].map((m) => `${m.protocol}/${m.from === m.to ? m.from : `${m.from}-${m.to}`}`);

  it('SSH', () => {
    expect(fmt('SSH')).toEqual(['tcp/22']);
  });
  it('RDP', () => {
    expect(fmt('RDP')).toEqual(['tcp/3389', 'udp/3389']);
  });
  it('DB', () => {
    expect(fmt('DB').sort()).toEqual(
      [
        'tcp/1433-1434',
        'tcp/1521',
        'tcp/2483-2484',
        'tcp/3306',
        'tcp/5432',
        'tcp/5601',
        'tcp/6379',
        'tcp/7000-7001',
        'tcp/7199',
        'tcp/9042',
        'tcp/9092',
        'tcp/9160',
        'tcp/9200',
        'tcp/9300',
        'tcp/27017-27019',
        'tcp/11211',
        'udp/11211',
      ].sort(),
    );
  });
  it('ADMIN', () => {
    expect(fmt('ADMIN').sort()).toEqual(
      [
        'tcp/20-21',
        'tcp/23',
        'tcp/135',
        'tcp/139',
        'tcp/445',
        'tcp/2375-2376',
        'tcp/5900',
        'tcp/5985-5986',
        'tcp/10250',
        'udp/69',
        'udp/137-138',
        'udp/161',
      ].sort(),
    );
  });
  it('is frozen', () => {
    expect(Object.isFrozen(PORT_SETS)).toBe(true);
    expect(Object.isFrozen(PORT_SETS.DB)).toBe(true);
    expect(Object.isFrozen(PORT_SETS.DB[0])).toBe(true);
  });
  it('isPortSetName', () => {
    expect(PORT_SET_NAMES).toEqual(ALL_SETS);
    for (const s of ALL_SETS) expect(isPortSetName(s)).toBe(true);
    expect(isPortSetName('ssh')).toBe(false);
    expect(isPortSetName('HTTP')).toBe(false);
    expect(isPortSetName(3)).toBe(false);
  });
});

describe('exposesPortSet: SSH and port ranges (S3)', () => {
  it.each([
    ['tcp', ['22'], true],
    ['tcp', [22], true],
    ['tcp', ['0-65535'], true],
    ['tcp', ['0-1024'], true],
    ['tcp', ['20-25'], true],
    ['tcp', [' 20 - 25 '], true],
    ['tcp', ['25-20'], true],
    ['tcp', ['*'], true],
    ['tcp', ['80', '22'], true],
    ['tcp', ['22,3389'], true],
    ['tcp', [{ from: 0, to: 65535 }], true],
    ['tcp', ['1025-65535'], false],
    ['tcp', ['23-1024'], false],
    ['tcp', ['80', '443'], false],
    ['tcp', ['21'], false],
    ['tcp', ['garbage'], false],
    ['udp', ['22'], false],
    ['sctp', ['22'], false],
    ['6', ['22'], true],
    [6, [22], true],
    ['Tcp', ['22'], true],
    ['TCP', ['22'], true],
  ] as const)('%j %j → %s', (proto, ports, expected) => {
    expect(exposesPortSet(proto, ports as never, 'SSH')).toBe(expected);
  });
});

describe('exposesPortSet: CEL integers', () => {
  it('accepts BigInt ports and protocol numbers', () => {
    expect(exposesPortSet(6n, [22n], 'SSH')).toBe(true);
    expect(exposesPortSet('tcp', [1n], 'ALL')).toBe(false);
    expect(exposesPortSet(-1n, [], 'ALL')).toBe(true);
  });
});

describe('exposesPortSet: no ports listed = every port of the protocol (S20)', () => {
  it.each([null, undefined, []])('tcp with ports=%j fails SSH, RDP, DB, ADMIN, ALL', (ports) => {
    for (const set of ALL_SETS) expect(exposesPortSet('tcp', ports, set)).toBe(true);
  });
  it('udp without ports: RDP (udp 3389), DB (udp 11211), ADMIN (udp 69…), ALL, not SSH', () => {
    expect(exposesPortSet('udp', null, 'SSH')).toBe(false);
    expect(exposesPortSet('udp', null, 'RDP')).toBe(true);
    expect(exposesPortSet('udp', null, 'DB')).toBe(true);
    expect(exposesPortSet('udp', null, 'ADMIN')).toBe(true);
    expect(exposesPortSet('udp', null, 'ALL')).toBe(true);
  });
  it('sctp without ports is none of the sets (members are tcp/udp; ALL is tcp/udp only)', () => {
    for (const set of ALL_SETS) expect(exposesPortSet('sctp', null, set)).toBe(false);
  });
});

describe('exposesPortSet: protocol all (S2)', () => {
  it.each(['-1', -1, 'all', 'ALL', '*', 'any', 'Any'])('%j admits every set whatever the ports say', (proto) => {
    for (const set of ALL_SETS) {
      expect(exposesPortSet(proto, null, set)).toBe(true);
      expect(exposesPortSet(proto, ['443'], set)).toBe(true);
      expect(exposesPortSet(proto, ['-1'], set)).toBe(true);
      expect(exposesPortSet(proto, ['garbage'], set)).toBe(true);
    }
  });
});

describe('exposesPortSet: portless protocols (S4, S34)', () => {
  it.each(['icmp', 'Icmp', 'icmpv6', 'gre', 'esp', 'ah', 1, 58, 47, 50, 51, '50', 'ipip', ''])(
    '%j never exposes a set, even with * / -1 / no ports',
    (proto) => {
      for (const set of ALL_SETS) {
        expect(exposesPortSet(proto, ['*'], set)).toBe(false);
        expect(exposesPortSet(proto, ['0-65535'], set)).toBe(false);
        expect(exposesPortSet(proto, null, set)).toBe(false);
        expect(exposesPortSet(proto, [-1], set)).toBe(false);
      }
    },
  );
});

describe('exposesPortSet: RDP (S31, S34)', () => {
  it('tcp and udp 3389', () => {
    expect(exposesPortSet('Tcp', ['3389'], 'RDP')).toBe(true);
    expect(exposesPortSet('Udp', ['3389'], 'RDP')).toBe(true);
    expect(exposesPortSet('*', ['3389'], 'RDP')).toBe(true);
    expect(exposesPortSet('tcp', ['3388'], 'RDP')).toBe(false);
    expect(exposesPortSet('tcp', ['3390-4000'], 'RDP')).toBe(false);
    expect(exposesPortSet('tcp', ['3000-4000'], 'RDP')).toBe(true);
  });
  it('Azure plural ranges ["22","3389"] fail SSH and RDP (S32)', () => {
    expect(exposesPortSet('Tcp', ['22', '3389'], 'SSH')).toBe(true);
    expect(exposesPortSet('Tcp', ['22', '3389'], 'RDP')).toBe(true);
  });
});

describe('exposesPortSet: DB', () => {
  it.each([1433, 1434, 1521, 2483, 2484, 3306, 5432, 5601, 6379, 7000, 7001, 7199, 9042, 9092, 9160, 9200, 9300, 11211, 27017, 27018, 27019])(
    'tcp %d is DB',
    (port) => {
      expect(exposesPortSet('tcp', [port], 'DB')).toBe(true);
    },
  );
  it.each([1432, 1435, 1520, 2485, 3307, 5431, 6380, 7002, 9043, 9201, 27016, 27020, 11212, 80, 443, 8080])(
    'tcp %d is not DB',
    (port) => {
      expect(exposesPortSet('tcp', [port], 'DB')).toBe(false);
    },
  );
  it('udp 11211 only for udp', () => {
    expect(exposesPortSet('udp', [11211], 'DB')).toBe(true);
    expect(exposesPortSet('17', ['11211'], 'DB')).toBe(true);
    expect(exposesPortSet('udp', [3306], 'DB')).toBe(false);
    expect(exposesPortSet('udp', [5432], 'DB')).toBe(false);
  });
  it('ranges overlapping a member', () => {
    expect(exposesPortSet('tcp', ['3000-4000'], 'DB')).toBe(true);
    expect(exposesPortSet('tcp', ['8000-9000'], 'DB')).toBe(false);
    expect(exposesPortSet('tcp', ['27019-28000'], 'DB')).toBe(true);
  });
});

describe('exposesPortSet: ADMIN', () => {
  it.each([20, 21, 23, 135, 139, 445, 2375, 2376, 5900, 5985, 5986, 10250])('tcp %d is ADMIN', (port) => {
    expect(exposesPortSet('tcp', [port], 'ADMIN')).toBe(true);
  });
  it.each([22, 24, 136, 138, 446, 2377, 5901, 5987, 10251, 69, 161])('tcp %d is not ADMIN', (port) => {
    expect(exposesPortSet('tcp', [port], 'ADMIN')).toBe(false);
  });
  it.each([69, 137, 138, 161])('udp %d is ADMIN', (port) => {
    expect(exposesPortSet('udp', [port], 'ADMIN')).toBe(true);
  });
  it.each([20, 21, 23, 445, 136, 139, 160, 162, 5900])('udp %d is not ADMIN', (port) => {
    expect(exposesPortSet('udp', [port], 'ADMIN')).toBe(false);
  });
});

describe('exposesPortSet: ALL', () => {
  it.each([
    ['tcp', ['0-65535'], true],
    ['tcp', ['1-65535'], true],
    [6, [{ from: 0, to: 65535 }], true],
    ['udp', ['0-65535'], true],
    ['tcp', ['*'], true],
    ['Udp', ['*'], true],
    ['tcp', null, true],
    ['tcp', [], true],
    ['tcp', ['0-30000', '30001-65535'], true],
    ['tcp', ['2-65535'], false],
    ['tcp', ['0-65534'], false],
    ['tcp', ['22'], false],
    ['tcp', ['80', '443'], false],
    ['tcp', ['0-30000', '30002-65535'], false],
    ['sctp', ['0-65535'], false],
    ['sctp', null, false],
    ['icmp', ['*'], false],
    ['icmp', [-1], false],
    ['-1', null, true],
    ['all', ['80'], true],
    ['*', ['443'], true],
  ] as const)('%j %j → %s', (proto, ports, expected) => {
    expect(exposesPortSet(proto, ports as never, 'ALL')).toBe(expected);
  });

  it('S5: 80/443 ingress is not ALL', () => {
    expect(exposesPortSet('tcp', ['80'], 'ALL')).toBe(false);
    expect(exposesPortSet('tcp', ['443'], 'ALL')).toBe(false);
  });

  it('S9: one all-port permission fails every set', () => {
    for (const set of ALL_SETS) expect(exposesPortSet('tcp', ['0-65535'], set)).toBe(true);
  });
});

describe('exposesPortSet: robustness', () => {
  it('an unknown set name is false, not an exception', () => {
    expect(exposesPortSet('tcp', ['22'], 'HTTP' as PortSetName)).toBe(false);
    expect(matchedPorts('tcp', ['22'], 'HTTP' as PortSetName)).toBe('');
  });
  it('member sets do not depend on argument order of ranges', () => {
    for (const set of MEMBER_SETS) {
      expect(exposesPortSet('tcp', ['80', '0-65535'], set)).toBe(exposesPortSet('tcp', ['0-65535', '80'], set));
    }
  });
});

describe('matchedPorts (evidence)', () => {
  it('names the matched members', () => {
    expect(matchedPorts('tcp', ['22'], 'SSH')).toBe('tcp/22');
    expect(matchedPorts('6', ['20-25'], 'SSH')).toBe('tcp/22');
    expect(matchedPorts('tcp', ['20-25'], 'ADMIN')).toBe('tcp/20-21, tcp/23');
    expect(matchedPorts('tcp', ['1434-1600'], 'DB')).toBe('tcp/1434, tcp/1521');
    expect(matchedPorts('udp', null, 'RDP')).toBe('udp/3389');
    expect(matchedPorts('-1', null, 'RDP')).toBe('tcp/3389, udp/3389');
  });
  it('ALL shows the covering range', () => {
    expect(matchedPorts('tcp', ['0-65535'], 'ALL')).toBe('tcp/0-65535');
    expect(matchedPorts('udp', ['1-65535'], 'ALL')).toBe('udp/1-65535');
    expect(matchedPorts('tcp', ['0-30000', '30001-65535'], 'ALL')).toBe('tcp/0-65535');
    expect(matchedPorts('all', null, 'ALL')).toBe('all/0-65535');
  });
  it('is empty exactly when exposesPortSet is false', () => {
    const cases: Array<[string | number, string[] | null]> = [
      ['tcp', ['1025-65535']],
      ['icmp', ['*']],
      ['udp', ['22']],
      ['tcp', ['22']],
      ['all', null],
      ['tcp', null],
    ];
    for (const [p, ports] of cases) {
      for (const set of ALL_SETS) {
        expect(matchedPorts(p, ports, set) !== '').toBe(exposesPortSet(p, ports, set));
      }
    }
  });
  it('does not repeat a member matched by two ranges', () => {
    expect(matchedPorts('tcp', ['22', '20-25'], 'SSH')).toBe('tcp/22');
  });
});
