/**
 * Secrets in VM user data and metadata (spec S29, S30).
 *
 * Why decoding matters: AWS `UserData.Value` and Azure `userData` are base64; cloud-init accepts
 * gzip and multipart MIME (whose parts may again be base64, quoted-printable or gzip), and GCP
 * metadata values are plain text. A secret is only found if we look at the text cloud-init will
 * actually run, so we unwrap every layer first (S29), and say "binary" when some layer is not
 * text, so that the rule can answer unknown instead of a false pass.
 *
 * Browser-safe: no Buffer/zlib; base64 via atob, gzip via fflate, UTF-8 via TextDecoder.
 */

import { gunzipSync } from 'fflate';

// ---------------------------------------------------------------------------------------------
// Decoding (S29)
// ---------------------------------------------------------------------------------------------

/**
 * How to read the top-level value:
 * - 'auto' (default): base64 when it looks like base64 and decodes to something sensible, else
 *   plain text. For sources whose encoding is unknown.
 * - 'base64': the source is documented as base64 (AWS `UserData.Value`, Azure `userData`); only
 *   a value that does not decode at all is scanned raw (S29 "scan undecodable text raw").
 * - 'text': never base64-decode (GCP metadata values).
 */
export type UserDataEncoding = 'auto' | 'base64' | 'text';

export interface DecodeOptions {
  encoding?: UserDataEncoding;
}

export interface DecodedUserData {
  /** Every text layer to scan, in document order (MIME parts separately). */
  texts: string[];
  /** True when some layer is not text (or could not be unwrapped): the scan is incomplete. */
  binary: boolean;
}

/** Nesting limit (gzip in base64 in MIME in MIME …): stops decompression/recursion bombs. */
const MAX_DEPTH = 8;
/** Part limit across the whole document, for the same reason. */
const MAX_PARTS = 500;

interface Collector {
  texts: string[];
  binary: boolean;
  parts: number;
}

const BASE64_STRICT = /^[A-Za-z0-9+/]*={0,2}$/;
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Canonical, padded base64: alphabet only, length a multiple of 4, and the unused low bits of the
 * last character before padding are zero (what every encoder produces). The last check rejects
 * many ordinary words that merely use base64's alphabet.
 */
function isCanonicalBase64(s: string): boolean {
  if (s.length < 4 || s.length % 4 !== 0 || !BASE64_STRICT.test(s)) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (pad === 0) return true;
  const last = B64_ALPHABET.indexOf(s[s.length - pad - 1]);
  return pad === 2 ? (last & 0x0f) === 0 : (last & 0x03) === 0;
}

/** Lenient base64 (missing padding allowed) for sources documented as base64 and MIME parts. */
function isLenientBase64(s: string): boolean {
  return s.length > 0 && s.length % 4 !== 1 && BASE64_STRICT.test(s) && !/=[^=]/.test(s);
}

/** Decodes base64 to bytes, or null. `s` must already be stripped of whitespace. */
function base64ToBytes(s: string): Uint8Array | null {
  try {
    const bin = atob(s);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/**
 * Control characters that do not occur in scripts or configs: C0 controls except TAB, LF, VT, FF,
 * CR, BS and ESC (ANSI colours in scripts), plus DEL and the C1 range.
 */
const ODD_CONTROL = /[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f-\x9f]/g;

/**
 * Bytes → text, or null when they are not text: invalid UTF-8, any NUL, or more than 5 % odd
 * control characters. UTF-16 with a byte-order mark (PowerShell-saved files) is accepted.
 */
function bytesToText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } else {
      // TextDecoder strips a UTF-8 BOM by default.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
  } catch {
    return null;
  }
  if (text.includes('\u0000')) return null;
  const odd = text.match(ODD_CONTROL)?.length ?? 0;
  if (odd > 0 && odd / text.length > 0.05) return null;
  return text;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** One decoded layer of bytes: gzip → recurse; text → MIME/plain; anything else → binary. */
function decodeBytes(bytes: Uint8Array, depth: number, out: Collector): void {
  if (depth > MAX_DEPTH) {
    out.binary = true;
    return;
  }
  if (isGzip(bytes)) {
    let inflated: Uint8Array;
    try {
      inflated = gunzipSync(bytes);
    } catch {
      // Starts like gzip but is not: we cannot read it, so the scan is incomplete.
      out.binary = true;
      return;
    }
    decodeBytes(inflated, depth + 1, out);
    return;
  }
  const text = bytesToText(bytes);
  if (text === null) {
    out.binary = true;
    return;
  }
  decodeText(text, depth, out);
}

/** A text layer: a multipart MIME document is split into parts, anything else is scanned as is. */
function decodeText(text: string, depth: number, out: Collector): void {
  const doc = depth <= MAX_DEPTH ? parseMimeDocument(text) : null;
  if (doc) {
    decodeMultipart(doc.body, doc.boundary, depth + 1, out);
    return;
  }
  if (text.trim() !== '') out.texts.push(text);
}

// --- MIME --------------------------------------------------------------------------------------

type Headers = Map<string, string>;

const HEADER_LINE = /^([!-9;-~]+)[ \t]*:(.*)$/;

/**
 * Reads RFC 5322 header lines from `lines[start]` up to the blank line that ends them
 * (continuation lines folded). Returns null when a line is not a header or no blank line follows:
 * then the text is not a MIME entity and must be scanned whole.
 */
function readHeaders(lines: string[], start: number): { headers: Headers; next: number } | null {
  const headers: Headers = new Map();
  let lastName: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') return { headers, next: i + 1 };
    if (/^[ \t]/.test(line) && lastName !== null) {
      headers.set(lastName, `${headers.get(lastName)} ${line.trim()}`);
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) return null;
    lastName = m[1].toLowerCase();
    // Keep the first occurrence: later duplicates cannot override the structure we split on.
    if (!headers.has(lastName)) headers.set(lastName, m[2].trim());
  }
  return null;
}

/** The boundary of a `multipart/*` Content-Type value, or null. */
function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const boundary = m ? (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]) : null;
  return boundary ? boundary : null;
}

/** A top-level multipart document: its boundary and the lines after its headers. */
function parseMimeDocument(text: string): { boundary: string; body: string[] } | null {
  if (!/content-type/i.test(text)) return null; // cheap pre-check
  const lines = text.split(/\r?\n/);
  // Python's email module may write an mbox "From " line first.
  const start = lines[0]?.startsWith('From ') ? 1 : 0;
  const h = readHeaders(lines, start);
  if (!h) return null;
  const boundary = multipartBoundary(h.headers.get('content-type'));
  if (!boundary) return null;
  return { boundary, body: lines.slice(h.next) };
}

/**
 * Splits a multipart body on its delimiter lines and decodes every part. The preamble and
 * epilogue are scanned too (a secret there is still in the user data). If no delimiter is found
 * the lines are scanned as plain text rather than dropped.
 */
function decodeMultipart(lines: string[], boundary: string, depth: number, out: Collector): void {
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const outside: string[] = [];
  const parts: string[][] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    const t = line.replace(/[ \t]+$/, ''); // RFC 2046 allows transport padding after delimiters
    if (!closed && t === close) {
      if (current) parts.push(current);
      current = null;
      closed = true;
    } else if (!closed && t === open) {
      if (current) parts.push(current);
      current = [];
    } else if (current) {
      current.push(line);
    } else {
      outside.push(line);
    }
  }
  if (current) parts.push(current); // missing close delimiter: keep the last part
  if (parts.length === 0) {
    decodeText(lines.join('\n'), MAX_DEPTH + 1, out);
    return;
  }
  const rest = outside.join('\n');
  if (rest.trim() !== '') out.texts.push(rest);
  for (const part of parts) {
    if (++out.parts > MAX_PARTS) {
      out.binary = true;
      return;
    }
    decodePart(part, depth, out);
  }
}

/** One MIME part: headers, then the body decoded per Content-Transfer-Encoding. */
function decodePart(lines: string[], depth: number, out: Collector): void {
  let headers: Headers = new Map();
  let bodyLines = lines;
  if (lines.length > 0 && lines[0].trim() === '') {
    bodyLines = lines.slice(1); // no headers: text/plain, 7bit
  } else {
    const h = readHeaders(lines, 0);
    // A part without a header/body split is scanned whole, so nothing is hidden by bad framing.
    // "password: hunter2…" also has header syntax: only MIME headers make a header block.
    if (h && [...h.headers.keys()].some((k) => k.startsWith('content-') || k === 'mime-version')) {
      headers = h.headers;
      bodyLines = lines.slice(h.next);
    }
  }
  const body = bodyLines.join('\n');
  const nested = multipartBoundary(headers.get('content-type'));
  if (nested) {
    decodeMultipart(bodyLines, nested, depth + 1, out);
    return;
  }
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (cte === 'base64') {
    const compact = body.replace(/\s+/g, '');
    const bytes = isLenientBase64(compact) ? base64ToBytes(compact) : null;
    if (bytes) decodeBytes(bytes, depth + 1, out);
    else decodeText(body, depth + 1, out); // S29: undecodable → scan raw
    return;
  }
  if (cte === 'quoted-printable') {
    decodeBytes(decodeQuotedPrintable(body), depth + 1, out);
    return;
  }
  // 7bit, 8bit, binary or unknown encodings: the body is the text.
  decodeText(body, depth + 1, out);
}

/** RFC 2045 quoted-printable → bytes (soft line breaks removed, =XX escapes, text as UTF-8). */
function decodeQuotedPrintable(s: string): Uint8Array {
  const unfolded = s.replace(/=[ \t]*\r?\n/g, '');
  const enc = new TextEncoder();
  const chunks: number[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) for (const b of enc.encode(plain)) chunks.push(b);
    plain = '';
  };
  for (let i = 0; i < unfolded.length; i++) {
    const c = unfolded[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(unfolded.slice(i + 1, i + 3))) {
      flush();
      chunks.push(Number.parseInt(unfolded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      plain += c;
    }
  }
  flush();
  return Uint8Array.from(chunks);
}

/**
 * In 'auto' mode, a value in base64's alphabet that decodes to binary may simply be a word or id
 * ("TRUE", "disabled", a hex digest, "AKIA…"). Real base64 of binary data is long and mixes both
 * letter cases, or uses '+', '/' or padding; anything else is treated as plain text.
 */
function looksLikePlainWord(compact: string): boolean {
  if (/[+/=]/.test(compact)) return false;
  return compact.length < 16 || !/[a-z]/.test(compact) || !/[A-Z]/.test(compact);
}

/**
 * Unwraps user data into the texts to scan (S29): base64 → gzip (1f 8b) → multipart MIME parts
 * (each by its Content-Transfer-Encoding: base64, quoted-printable, 7bit/8bit) → recursively.
 * Text that is not base64 is scanned raw. `binary` is true when some layer is not text (invalid
 * UTF-8, NULs, many control bytes, broken gzip); such layers contribute no text.
 * Never throws.
 */
export function decodeUserData(raw: string, options: DecodeOptions = {}): DecodedUserData {
  const out: Collector = { texts: [], binary: false, parts: 0 };
  if (typeof raw !== 'string' || raw.trim() === '') return { texts: [], binary: false };
  const encoding: UserDataEncoding = options.encoding ?? 'auto';

  if (encoding !== 'text') {
    const compact = raw.replace(/\s+/g, '');
    // Encoders wrap base64 with line breaks, never with spaces or tabs: in 'auto' mode a value
    // with inner blanks is prose ("echo test") even if its letters happen to form base64.
    const candidate =
      encoding === 'base64'
        ? isLenientBase64(compact)
        : !/[ \t]/.test(raw.trim()) && isCanonicalBase64(compact);
    const bytes = candidate ? base64ToBytes(compact) : null;
    if (bytes) {
      const trial: Collector = { texts: [], binary: false, parts: 0 };
      decodeBytes(bytes, 1, trial);
      const plausible =
        encoding === 'base64' || !trial.binary || isGzip(bytes) || trial.texts.length > 0 || !looksLikePlainWord(compact);
      if (plausible) return { texts: trial.texts, binary: trial.binary };
      // else: a plain word that happens to be valid base64 — fall through and scan it raw.
    }
  }
  decodeText(raw, 0, out);
  return { texts: out.texts, binary: out.binary };
}

// ---------------------------------------------------------------------------------------------
// Patterns (S30)
// ---------------------------------------------------------------------------------------------

export interface SecretMatch {
  /** Short stable name of the pattern, e.g. 'aws-access-key-id'. */
  kind: string;
  /** The first characters of the secret value followed by '…'; never the whole secret. */
  masked: string;
}

interface Pattern {
  kind: string;
  /** Global regex; named group `value` (if present) is the secret value used for masking. */
  re: RegExp;
  /** Returns false to reject a match (the generic pattern's placeholder exception). */
  accept?: (value: string) => boolean;
}

/**
 * Every S30 pattern, written as in the spec. Two deliberate additions, both only to find the
 * value to mask: a `value` group after key names, and (aws_secret_access_key) case-insensitivity
 * so that the common `AWS_SECRET_ACCESS_KEY=` environment-variable form is caught too.
 */
const PATTERNS: readonly Pattern[] = [
  { kind: 'aws-access-key-id', re: /(?<value>(?:AKIA|ASIA)[A-Z0-9]{16})/g },
  {
    kind: 'aws-secret-access-key',
    re: /aws_secret_access_key\s*[=:](?:[ \t]*['"]?(?<value>[^\s'"]+))?/gi,
  },
  {
    kind: 'private-key',
    re: /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\s*(?<value>[A-Za-z0-9+/=]+))?/g,
  },
  { kind: 'github-token', re: /(?<value>gh[pousr]_[A-Za-z0-9]{36})/g },
  { kind: 'gitlab-token', re: /(?<value>glpat-[\w-]{20})/g },
  { kind: 'slack-token', re: /(?<value>xox[abposr]-[\w-]{10,})/g },
  { kind: 'google-api-key', re: /(?<value>AIza[\w-]{35})/g },
  { kind: 'azure-storage-account-key', re: /AccountKey=(?<value>[A-Za-z0-9+/=]{40,})/g },
  { kind: 'azure-sas-signature', re: /[?&]sig=(?<value>[\w%]{30,})/g },
  { kind: 'url-credentials', re: /:\/\/[^/\s:@]+:(?<value>[^/\s@]+)@/g },
  {
    kind: 'password-assignment',
    re: /(?:password|passwd|pwd|secret|token|api[_-]?key|client[_-]?secret)\s*[=:]\s*['"]?(?<value>[^\s'"]{8,})/gi,
    // Placeholders filled in at boot ($VAR, ${VAR}, {{ template }}, %VAR%) are not secrets.
    accept: (v) => !(v.startsWith('$') || v.startsWith('{{') || v.startsWith('%')),
  },
];

/**
 * Masks a secret for evidence: 4 characters then '…' (spec §1). Values shorter than 8 show at
 * most half their length, so a short secret is never shown whole.
 */
export function maskSecret(value: string): string {
  const n = value.length >= 8 ? 4 : Math.floor(value.length / 2);
  return `${value.slice(0, n)}…`;
}

interface RawMatch {
  index: number;
  order: number;
  kind: string;
  value: string;
}

/** Every pattern over one text, with the unmasked value (kept internal, used for de-duplication). */
function collectSecrets(text: string): RawMatch[] {
  if (typeof text !== 'string' || text === '') return [];
  const found: RawMatch[] = [];
  PATTERNS.forEach((p, order) => {
    const re = new RegExp(p.re.source, p.re.flags); // fresh lastIndex per call
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const value = m.groups?.value ?? '';
      if (p.accept && !p.accept(value)) {
        // Rejected here, but a later keyword inside this match may still be a real assignment
        // ("pwd=$X token=abcdefgh12"): resume just after the start, as a plain regex search would.
        re.lastIndex = m.index + 1;
        continue;
      }
      found.push({ index: m.index, order, kind: p.kind, value: value || m[0] });
      if (m[0].length === 0) re.lastIndex++;
    }
  });
  found.sort((a, b) => a.index - b.index || a.order - b.order);
  return found;
}

/** Masks and de-duplicates (same kind and same value → once) across one or more texts. */
function toMatches(texts: readonly string[]): SecretMatch[] {
  const seen = new Set<string>();
  const out: SecretMatch[] = [];
  for (const t of texts) {
    for (const f of collectSecrets(t)) {
      const key = `${f.kind}\u0000${f.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: f.kind, masked: maskSecret(f.value) });
    }
  }
  return out;
}

/**
 * All S30 matches in one text, ordered by position (then by pattern order). Several patterns
 * may match the same place (`token: ghp_…` is both github-token and password-assignment); each
 * is reported. The same kind and value found twice is reported once.
 */
export function findSecrets(text: string): SecretMatch[] {
  return toMatches([text]);
}

export interface UserDataScan {
  /** Some layer could not be read as text: with no matches the verdict is unknown (S29). */
  binary: boolean;
  matches: SecretMatch[];
}

/** Decodes user data (S29) and scans every text layer with the S30 patterns. Never throws. */
export function scanUserData(raw: string, options: DecodeOptions = {}): UserDataScan {
  const { texts, binary } = decodeUserData(raw, options);
  return { binary, matches: toMatches(texts) };
}
