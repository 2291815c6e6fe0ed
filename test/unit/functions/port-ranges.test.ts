import { describe, expect, it } from 'vitest';
import {
  FULL_PORT_RANGE,
  formatPortRange,
  mergeRanges,
  parsePortSpec,
  parsePortSpecs,
  portsCover,
  portsIntersect,
  rangeIntersection,
  rangesOverlap,
} from '../../../src/engine/functions/port-ranges';

describe('parsePortSpec', () => {
  it.each([
    [22, { from: 22, to: 22 }],
    [0, { from: 0, to: 0 }],
    [65535, { from: 65535, to: 65535 }],
    ['22', { from: 22, to: 22 }],
    [' 22 ', { from: 22, to: 22 }],
    ['022', { from: 22, to: 22 }],
    ['3000-4000', { from: 3000, to: 4000 }],
    [' 20 - 25 ', { from: 20, to: 25 }],
    ['20-25', { from: 20, to: 25 }],
    ['0-65535', { from: 0, to: 65535 }],
    ['*', { from: 0, to: 65535 }],
    [' * ', { from: 0, to: 65535 }],
    ['25-20', { from: 20, to: 25 }],
    ['22-22', { from: 22, to: 22 }],
  ])('%j → %j', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it('accepts CEL BigInt ports and ready-made ranges', () => {
    expect(parsePortSpec(22n)).toEqual({ from: 22, to: 22 });
    expect(parsePortSpec({ from: 1, to: 65535 })).toEqual({ from: 1, to: 65535 });
    expect(parsePortSpec({ from: 25, to: 20 })).toEqual({ from: 20, to: 25 });
    expect(parsePortSpec({ from: -1, to: -1 })).toBeNull();
  });

  it.each([
    [''],
    ['   '],
    ['abc'],
    ['22a'],
    ['22,23'],
    ['22-'],
    ['-22'],
    ['-1'],
    ['1e3'],
    ['22.5'],
    ['70000'],
    ['0-70000'],
    ['123456'],
    ['20--25'],
    ['**'],
    ['any'],
    [-1],
    [65536],
    [1.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
  ])('%j → null (never throws)', (spec) => {
    expect(parsePortSpec(spec as never)).toBeNull();
  });

  it('does not share the FULL_PORT_RANGE object', () => {
    const r = parsePortSpec('*')!;
    r.from = 5;
    expect(FULL_PORT_RANGE).toEqual({ from: 0, to: 65535 });
  });
});

describe('parsePortSpecs', () => {
  it('splits comma lists and reports unreadable elements', () => {
    expect(parsePortSpecs(['22,3389', 80, 'x', '1000-2000'])).toEqual({
      ranges: [
        { from: 22, to: 22 },
        { from: 3389, to: 3389 },
        { from: 80, to: 80 },
        { from: 1000, to: 2000 },
      ],
      invalid: ['x'],
    });
  });

  it('gives nothing for null/undefined/non-arrays', () => {
    expect(parsePortSpecs(null)).toEqual({ ranges: [], invalid: [] });
    expect(parsePortSpecs(undefined)).toEqual({ ranges: [], invalid: [] });
    expect(parsePortSpecs('22' as never)).toEqual({ ranges: [], invalid: [] });
  });

  it('stringifies odd invalid entries for evidence', () => {
    expect(parsePortSpecs([null, undefined, { from: 1 } as never]).invalid).toEqual(['null', 'undefined', '{"from":1}']);
  });
});

describe('range helpers', () => {
  it('rangesOverlap is inclusive at both ends', () => {
    expect(rangesOverlap({ from: 20, to: 22 }, { from: 22, to: 22 })).toBe(true);
    expect(rangesOverlap({ from: 23, to: 25 }, { from: 22, to: 22 })).toBe(false);
    expect(rangesOverlap({ from: 0, to: 65535 }, { from: 3389, to: 3389 })).toBe(true);
  });

  it('rangeIntersection', () => {
    expect(rangeIntersection({ from: 20, to: 25 }, { from: 22, to: 30 })).toEqual({ from: 22, to: 25 });
    expect(rangeIntersection({ from: 1, to: 2 }, { from: 3, to: 4 })).toBeNull();
  });

  it('mergeRanges merges overlapping and adjacent ranges', () => {
    expect(
      mergeRanges([
        { from: 30, to: 40 },
        { from: 20, to: 22 },
        { from: 23, to: 25 },
        { from: 35, to: 50 },
      ]),
    ).toEqual([
      { from: 20, to: 25 },
      { from: 30, to: 50 },
    ]);
    expect(mergeRanges([])).toEqual([]);
  });

  it('mergeRanges does not mutate its input', () => {
    const input = [
      { from: 1, to: 5 },
      { from: 3, to: 9 },
    ];
    mergeRanges(input);
    expect(input).toEqual([
      { from: 1, to: 5 },
      { from: 3, to: 9 },
    ]);
  });

  it('formatPortRange', () => {
    expect(formatPortRange({ from: 22, to: 22 })).toBe('22');
    expect(formatPortRange({ from: 20, to: 25 })).toBe('20-25');
  });
});

describe('portsIntersect (S3)', () => {
  it.each([
    [['0-65535'], true],
    [['0-1024'], true],
    [['20-25'], true],
    [['22'], true],
    [[22], true],
    [['*'], true],
    [['1025-65535'], false],
    [['21', '23'], false],
    [['abc'], false],
  ])('%j touches 22 → %s', (specs, expected) => {
    expect(portsIntersect(specs, 22, 22)).toBe(expected);
  });

  it('null/undefined/empty = every port (GCP allowed[] without ports, S20)', () => {
    expect(portsIntersect(null, 22, 22)).toBe(true);
    expect(portsIntersect(undefined, 22, 22)).toBe(true);
    expect(portsIntersect([], 22, 22)).toBe(true);
  });

  it('a bad query range is false', () => {
    expect(portsIntersect(['*'], -5, 70000)).toBe(false);
  });
});

describe('portsCover', () => {
  it('requires every port of the query range', () => {
    expect(portsCover(['20-25'], 22, 22)).toBe(true);
    expect(portsCover(['20-25'], 20, 30)).toBe(false);
    expect(portsCover(['0-65535'], 1, 65535)).toBe(true);
    expect(portsCover(['1-65535'], 1, 65535)).toBe(true);
    expect(portsCover(['2-65535'], 1, 65535)).toBe(false);
    expect(portsCover(['1-65534'], 1, 65535)).toBe(false);
    expect(portsCover(['*'], 0, 65535)).toBe(true);
  });

  it('combines pieces of one rule', () => {
    expect(portsCover(['0-30000', '30001-65535'], 1, 65535)).toBe(true);
    expect(portsCover(['0-30000', '30002-65535'], 1, 65535)).toBe(false);
    expect(portsCover(['1-100,101-65535'], 1, 65535)).toBe(true);
  });

  it('null/undefined/empty cover everything; garbage covers nothing', () => {
    expect(portsCover(null, 0, 65535)).toBe(true);
    expect(portsCover(undefined, 0, 65535)).toBe(true);
    expect(portsCover([], 0, 65535)).toBe(true);
    expect(portsCover(['nope'], 22, 22)).toBe(false);
  });

  it('accepts reversed query ends', () => {
    expect(portsCover(['20-25'], 25, 20)).toBe(true);
  });
});
