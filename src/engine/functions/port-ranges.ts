/**
 * Port specifications as the clouds write them, turned into integer ranges.
 *
 * Why: AWS gives FromPort/ToPort integers, GCP gives strings ("22", "3000-4000"), Azure gives
 * strings with `*` for every port, and CEL hands integers over as BigInt. Spec S3: port strings
 * become integers and ranges are compared by overlap, never by string equality.
 * Parsing never throws: a value we cannot read is reported as null / "invalid" so the caller can
 * decide (a spec that cannot be read must not become a fail by accident).
 */

/** An inclusive port range, `from <= to`, both within 0..65535. */
export interface PortRange {
  from: number;
  to: number;
}

/** A single port spec: a port number, a string ("22", "20-25", "*"), or an already-built range. */
export type PortSpec = string | number | bigint | PortRange;

export const MIN_PORT = 0;
export const MAX_PORT = 65535;

/** The whole port space; what `*` and "no ports listed" mean. */
export const FULL_PORT_RANGE: Readonly<PortRange> = Object.freeze({ from: MIN_PORT, to: MAX_PORT });

function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;
}

/** Builds a normalised range (reversed ends swapped) or null when an end is not a port. */
function makeRange(a: number, b: number): PortRange | null {
  if (!isPort(a) || !isPort(b)) return null;
  return a <= b ? { from: a, to: b } : { from: b, to: a };
}

/**
 * Parses one port spec into an inclusive range.
 * - 22, 22n, "22", " 22 " → 22-22
 * - "3000-4000", " 20 - 25 " → that range; "25-20" → 20-25 (reversed ranges normalised)
 * - "*" → 0-65535 (Azure)
 * - {from, to} → validated and normalised
 * Anything else (empty, "abc", "22,23", "70000", -1, 1.5, null) → null. Never throws.
 */
export function parsePortSpec(spec: PortSpec | null | undefined): PortRange | null {
  if (typeof spec === 'number') return makeRange(spec, spec);
  if (typeof spec === 'bigint') {
    const n = Number(spec);
    return makeRange(n, n);
  }
  if (typeof spec === 'string') {
    const s = spec.trim();
    if (s === '*') return { ...FULL_PORT_RANGE };
    // Digits only (no sign, no decimals): "-1" or "1e3" is not a port we can trust.
    const single = /^(\d{1,5})$/.exec(s);
    if (single) {
      const n = Number(single[1]);
      return makeRange(n, n);
    }
    const range = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(s);
    if (range) return makeRange(Number(range[1]), Number(range[2]));
    return null;
  }
  if (spec !== null && typeof spec === 'object') {
    const from = Number((spec as PortRange).from);
    const to = Number((spec as PortRange).to);
    return makeRange(from, to);
  }
  return null;
}

/** Result of reading a list of port specs: the ranges read and the raw specs that could not be. */
export interface ParsedPortSpecs {
  ranges: PortRange[];
  invalid: string[];
}

/**
 * Parses a list of specs. Strings holding a comma-separated list ("22,3389", as typed in the
 * Azure portal) are split first, so each element may itself be a list. Unreadable elements are
 * collected in `invalid` (as strings, for evidence) instead of being dropped silently.
 * `null`/`undefined` gives no ranges; callers decide what "no ports" means (see `portsCover`).
 */
export function parsePortSpecs(specs: ReadonlyArray<PortSpec | null | undefined> | null | undefined): ParsedPortSpecs {
  const out: ParsedPortSpecs = { ranges: [], invalid: [] };
  if (!Array.isArray(specs)) return out;
  for (const spec of specs) {
    const pieces = typeof spec === 'string' && spec.includes(',') ? spec.split(',') : [spec];
    for (const piece of pieces) {
      const r = parsePortSpec(piece);
      if (r) out.ranges.push(r);
      else out.invalid.push(piece === undefined ? 'undefined' : typeof piece === 'object' && piece !== null ? JSON.stringify(piece) : String(piece));
    }
  }
  return out;
}

/** True when the two inclusive ranges share at least one port. */
export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The shared part of two ranges, or null when they are disjoint. */
export function rangeIntersection(a: PortRange, b: PortRange): PortRange | null {
  if (!rangesOverlap(a, b)) return null;
  return { from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
}

/** Sorts and merges overlapping or adjacent ranges (20-22 + 23-25 → 20-25). */
export function mergeRanges(ranges: ReadonlyArray<PortRange>): PortRange[] {
  const sorted = [...ranges].sort((x, y) => x.from - y.from || x.to - y.to);
  const merged: PortRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else merged.push({ from: r.from, to: r.to });
  }
  return merged;
}

/**
 * True when the specs, taken together, admit EVERY port of `from..to`.
 * `null`, `undefined` or an empty list means "every port" (GCP `allowed[]` without `ports`, S20)
 * and covers anything. Unreadable elements admit nothing. A bad query range gives false.
 * Example: ["20-25"] covers 22..22; ["0-30000", "30001-65535"] covers 1..65535.
 */
export function portsCover(
  specs: ReadonlyArray<PortSpec | null | undefined> | null | undefined,
  from: number,
  to: number,
): boolean {
  const query = makeRange(Number(from), Number(to));
  if (!query) return false;
  if (!Array.isArray(specs) || specs.length === 0) return true;
  for (const r of mergeRanges(parsePortSpecs(specs).ranges)) {
    if (r.from <= query.from && r.to >= query.to) return true;
  }
  return false;
}

/**
 * True when the specs admit AT LEAST ONE port of `from..to` (range overlap, S3: "20-25" touches
 * 22; "1025-65535" does not). Same conventions as `portsCover` for null/empty lists.
 */
export function portsIntersect(
  specs: ReadonlyArray<PortSpec | null | undefined> | null | undefined,
  from: number,
  to: number,
): boolean {
  const query = makeRange(Number(from), Number(to));
  if (!query) return false;
  if (!Array.isArray(specs) || specs.length === 0) return true;
  return parsePortSpecs(specs).ranges.some((r) => rangesOverlap(r, query));
}

/** "22" for a single port, "20-25" for a range: the form used in evidence. */
export function formatPortRange(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}
