import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeUserData, findSecrets, maskSecret, scanUserData } from '../../../src/engine/functions/secrets';

// ---- helpers: build fixtures in the test (no Buffer, same as the code under test) -------------

function bytesToB64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
const b64 = (text: string): string => bytesToB64(strToU8(text));
/** Deterministic pseudo-random bytes (xorshift), so the "binary" fixture never flakes. */
function randomBytes(n: number, seed = 0x12345678): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
const wrap76 = (s: string): string => s.replace(/(.{76})/g, '$1\r\n');
const kinds = (raw: string): string[] => scanUserData(raw).matches.map((m) => m.kind);

// Fake secrets, assembled so that no real-looking token sits literally in this file.
const AWS_KEY_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
const GH_TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';
const PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\nVQp0ZH0bDR4f8ua8q5yOp3KyNOTEgTzFjmmhhzvBqjqvGvYqVvBHqdHc3x0Z\n-----END RSA PRIVATE KEY-----\n`;

const CLOUD_INIT_PLAIN = `#cloud-config
users:
  - name: admin
    sudo: ALL=(ALL) NOPASSWD:ALL
packages:
  - nginx
runcmd:
  - systemctl enable --now nginx
`;

// ---- findSecrets: every S30 pattern ------------------------------------------------------------

describe('findSecrets: S30 patterns', () => {
  it.each([
    ['aws-access-key-id', `export KEY=${AWS_KEY_ID}`, 'AKIA…'],
    ['aws-access-key-id', 'ASIA' + 'ABCDEFGHIJKLMNOP', 'ASIA…'],
    ['aws-secret-access-key', `aws_secret_access_key = ${AWS_SECRET}`, 'wJal…'],
    ['aws-secret-access-key', `aws_secret_access_key:${AWS_SECRET}`, 'wJal…'],
    ['aws-secret-access-key', `AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`, 'wJal…'],
    ['private-key', PRIVATE_KEY, 'MIIE…'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n', 'b3Bl…'],
    ['private-key', '-----BEGIN PRIVATE KEY-----', '----…'],
    ['private-key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n', 'MHcC…'],
    ['github-token', `GITHUB_TOKEN_VALUE ${GH_TOKEN}`, 'ghp_…'],
    ['github-token', 'ghs_' + 'x'.repeat(36), 'ghs_…'],
    ['gitlab-token', 'glpat-' + 'abcdefghij_klmnop-qr', 'glpa…'],
    ['slack-token', 'xoxb-' + '1234567890-abcdef', 'xoxb…'],
    ['google-api-key', 'AIza' + 'SyA-1234567890abcdefghijklmnopqrstu', 'AIza…'],
    [
      'azure-storage-account-key',
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=' + 'abcdEFGH1234+/'.repeat(4) + '==;',
      'abcd…',
    ],
    ['azure-sas-signature', 'https://x.blob.core.windows.net/c?sv=2022&sig=' + 'AbCdEf%2B'.repeat(4), 'AbCd…'],
    ['url-credentials', 'git clone https://deploy:S3cr3tPassw0rd@github.com/org/repo.git', 'S3cr…'],
    ['url-credentials', 'DATABASE_URL=postgres://app:pa55word@db:5432/app', 'pa55…'],
  ])('%s in %j', (kind, text, masked) => {
    const found = findSecrets(text);
    expect(found).toContainEqual({ kind, masked });
  });

  it.each([
    ['password: hunter2hunter2', 'hunt…'],
    ['PASSWORD=hunter2hunter2', 'hunt…'],
    ['db_passwd = "correcthorse"', 'corr…'],
    ["pwd:'abcdefgh'", 'abcd…'],
    ['client_secret: 0123456789abcdef', '0123…'],
    ['client-secret=0123456789abcdef', '0123…'],
    ['API_KEY=sk_live_abcdefgh', 'sk_l…'],
    ['apikey: abcdefgh1234', 'abcd…'],
    ['api-key:abcdefgh1234', 'abcd…'],
    ['token = abcdefgh', 'abcd…'],
    ['Secret: TopSecretValue', 'TopS…'],
  ])('password-assignment in %j', (text, masked) => {
    expect(findSecrets(text)).toEqual([{ kind: 'password-assignment', masked }]);
  });

  it.each([
    'password: ${DB_PASSWORD}',
    'password: $DB_PASSWORD_VALUE',
    'password: "${DB_PASSWORD}"',
    'password: {{ vault }}',
    'password: "{{ vault_db_password }}"',
    "password: '{{vault.db_password}}'",
    'password: %ENV%',
    'set PASSWORD=%DB_PASSWORD%',
    'token: $(cat /run/secrets/token)',
  ])('placeholder is not a secret: %j', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it.each([
    ['password: short', 'fewer than 8 characters'],
    ['password:', 'no value'],
    ['password_file=/etc/app/pw', 'keyword not followed by = or :'],
    ['# change your password regularly', 'prose'],
    ['AKIA' + 'IOSFODNN7EXAMP', 'AWS key id too short'],
    ['akia' + 'iosfodnn7example', 'AWS key id lower case'],
    ['ghp_' + 'short', 'GitHub token too short'],
    ['glpat-short', 'GitLab token too short'],
    ['xoxb-short', 'Slack token too short'],
    ['AIza' + 'tooShort', 'Google key too short'],
    ['AccountKey=tooShort', 'account key too short'],
    ['https://x/y?sig=short', 'SAS sig too short'],
    ['https://github.com/org/repo.git', 'URL without credentials'],
    ['ssh://git@github.com/org/repo.git', 'URL with user but no password'],
    ['-----BEGIN PUBLIC KEY-----\nMIIB\n', 'public key'],
    ['-----BEGIN CERTIFICATE-----\nMIIB\n', 'certificate'],
    ['ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC user@host', 'SSH public key'],
    [CLOUD_INIT_PLAIN, 'innocent cloud-config'],
    ['', 'empty'],
  ])('no match: %j (%s)', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('reports several patterns at one place, in text order', () => {
    const text = `token: ${GH_TOKEN}\nexport K=${AWS_KEY_ID}\n`;
    // The assignment match starts at "token", before the token itself.
    expect(findSecrets(text)).toEqual([
      { kind: 'password-assignment', masked: 'ghp_…' },
      { kind: 'github-token', masked: 'ghp_…' },
      { kind: 'aws-access-key-id', masked: 'AKIA…' },
    ]);
  });

  it('a rejected placeholder does not hide a later real assignment', () => {
    expect(findSecrets('pwd=$X token=abcdefgh12')).toEqual([{ kind: 'password-assignment', masked: 'abcd…' }]);
    expect(findSecrets('password=${SECRET} password=hunter2hunter2')).toEqual([
      { kind: 'password-assignment', masked: 'hunt…' },
    ]);
  });

  it('reports the same secret once', () => {
    expect(findSecrets(`${AWS_KEY_ID}\n${AWS_KEY_ID}\n`)).toEqual([{ kind: 'aws-access-key-id', masked: 'AKIA…' }]);
  });

  it('is repeatable (no leaked regex state between calls)', () => {
    const text = `a ${AWS_KEY_ID} b`;
    expect(findSecrets(text)).toEqual(findSecrets(text));
    expect(findSecrets(text)).toHaveLength(1);
  });

  it('never exposes a whole secret', () => {
    const text = [
      `aws_secret_access_key=${AWS_SECRET}`,
      AWS_KEY_ID,
      GH_TOKEN,
      PRIVATE_KEY,
      'password: hunter2hunter2',
      'https://u:abc@host/',
    ].join('\n');
    const found = findSecrets(text);
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const m of found) {
      expect(m.masked.endsWith('…')).toBe(true);
      expect(m.masked.length).toBeLessThanOrEqual(5);
      for (const secret of [AWS_SECRET, AWS_KEY_ID, GH_TOKEN, PEM_BODY, 'hunter2hunter2', 'abc']) {
        expect(m.masked).not.toContain(secret);
      }
    }
  });

  it('tolerates values of the wrong type', () => {
    expect(findSecrets(undefined as unknown as string)).toEqual([]);
    expect(findSecrets(42 as unknown as string)).toEqual([]);
  });
});

describe('maskSecret', () => {
  it('keeps 4 characters of long values', () => {
    expect(maskSecret('hunter2hunter2')).toBe('hunt…');
    expect(maskSecret('abcdefgh')).toBe('abcd…');
  });
  it('keeps at most half of short values', () => {
    expect(maskSecret('abcdefg')).toBe('abc…');
    expect(maskSecret('abc')).toBe('a…');
    expect(maskSecret('a')).toBe('…');
    expect(maskSecret('')).toBe('…');
  });
});

// ---- decodeUserData (S29) --------------------------------------------------------------------

describe('decodeUserData', () => {
  it('plain text (not base64) is scanned raw', () => {
    expect(decodeUserData(CLOUD_INIT_PLAIN)).toEqual({ texts: [CLOUD_INIT_PLAIN], binary: false });
  });

  it('empty or blank user data gives nothing to scan', () => {
    expect(decodeUserData('')).toEqual({ texts: [], binary: false });
    expect(decodeUserData('  \n')).toEqual({ texts: [], binary: false });
    expect(decodeUserData(undefined as unknown as string)).toEqual({ texts: [], binary: false });
    expect(decodeUserData(null as unknown as string)).toEqual({ texts: [], binary: false });
  });

  it('decodes base64', () => {
    const script = '#!/bin/bash\necho hello\n';
    expect(decodeUserData(b64(script))).toEqual({ texts: [script], binary: false });
  });

  it('decodes base64 wrapped at 76 columns', () => {
    const script = `#!/bin/bash\n${'echo hello world\n'.repeat(20)}`;
    const wrapped = wrap76(b64(script));
    expect(wrapped).toContain('\r\n');
    expect(decodeUserData(wrapped).texts).toEqual([script]);
  });

  it('an innocent short base64 word: "ZWNobw==" is "echo"', () => {
    expect(decodeUserData('ZWNobw==')).toEqual({ texts: ['echo'], binary: false });
    expect(scanUserData('ZWNobw==')).toEqual({ binary: false, matches: [] });
  });

  it.each(['TRUE', 'true', 'disabled', 'abcd', 'd41d8cd98f00b204e9800998ecf8427e', 'echotest'])(
    'a plain word that is only formally base64 is scanned raw in auto mode: %j',
    (word) => {
      expect(decodeUserData(word)).toEqual({ texts: [word], binary: false });
    },
  );

  it('prose with inner spaces is never base64 in auto mode', () => {
    expect(decodeUserData('echo test')).toEqual({ texts: ['echo test'], binary: false });
  });

  it('random binary bytes, base64-encoded, are binary', () => {
    const raw = bytesToB64(randomBytes(96));
    expect(decodeUserData(raw)).toEqual({ texts: [], binary: true });
    expect(scanUserData(raw)).toEqual({ binary: true, matches: [] });
  });

  it('base64 of bytes with NULs is binary', () => {
    const bytes = strToU8('MZ\u0000\u0000\u0000\u0000\u0000\u0000PE executable header and so on');
    expect(decodeUserData(bytesToB64(bytes)).binary).toBe(true);
  });

  it('gzip + base64', () => {
    const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\n`;
    const raw = bytesToB64(gzipSync(strToU8(script)));
    expect(decodeUserData(raw)).toEqual({ texts: [script], binary: false });
  });

  it('gzip inside gzip', () => {
    const script = 'password: hunter2hunter2\n';
    const raw = bytesToB64(gzipSync(gzipSync(strToU8(script))));
    expect(decodeUserData(raw).texts).toEqual([script]);
  });

  it('broken gzip is binary', () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decodeUserData(bytesToB64(bytes))).toEqual({ texts: [], binary: true });
  });

  it('gzip of binary bytes is binary', () => {
    expect(decodeUserData(bytesToB64(gzipSync(randomBytes(200)))).binary).toBe(true);
  });

  it('UTF-8 with a BOM and UTF-16LE with a BOM are text', () => {
    const text = '<powershell>\nWrite-Host "hi"\n</powershell>';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(text)]);
    expect(decodeUserData(bytesToB64(utf8)).texts).toEqual([text]);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + i * 2] = text.charCodeAt(i);
    expect(decodeUserData(bytesToB64(utf16))).toEqual({ texts: [text], binary: false });
  });

  it('non-ASCII UTF-8 text is text', () => {
    const text = '#!/bin/sh\necho "Grüße, 世界"\n';
    expect(decodeUserData(b64(text))).toEqual({ texts: [text], binary: false });
  });

  it('invalid UTF-8 (Latin-1 bytes) is binary', () => {
    const bytes = new Uint8Array([...strToU8('echo caf'), 0xe9, 0x0a, ...strToU8('echo na'), 0xef, 0x76, 0x65]);
    expect(decodeUserData(bytesToB64(bytes)).binary).toBe(true);
  });

  describe("encoding option", () => {
    it("'text' never base64-decodes", () => {
      expect(decodeUserData('ZWNobw==', { encoding: 'text' })).toEqual({ texts: ['ZWNobw=='], binary: false });
    });
    it("'base64' trusts the source: a plain-looking word that decodes to binary is binary", () => {
      expect(decodeUserData('disabled', { encoding: 'base64' })).toEqual({ texts: [], binary: true });
    });
    it("'base64' accepts unpadded base64", () => {
      expect(decodeUserData('ZWNobw', { encoding: 'base64' }).texts).toEqual(['echo']);
    });
    it("'base64' scans undecodable text raw (S29)", () => {
      const text = 'password: hunter2hunter2';
      expect(decodeUserData(text, { encoding: 'base64' })).toEqual({ texts: [text], binary: false });
    });
  });
});

// ---- multipart MIME --------------------------------------------------------------------------

function mime(boundary: string, parts: Array<{ headers: string[]; body: string }>, eol = '\n'): string {
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', ''];
  for (const p of parts) lines.push(`--${boundary}`, ...p.headers, '', p.body);
  lines.push(`--${boundary}--`, '');
  return lines.join(eol);
}

describe('decodeUserData: multipart MIME', () => {
  const cloudConfigPart = {
    headers: ['Content-Type: text/cloud-config; charset="us-ascii"', 'MIME-Version: 1.0', 'Content-Transfer-Encoding: 7bit'],
    body: CLOUD_INIT_PLAIN,
  };

  it('splits parts and decodes a base64 part holding a private key', () => {
    const doc = mime('//', [
      cloudConfigPart,
      {
        headers: ['Content-Type: text/x-shellscript; charset="us-ascii"', 'Content-Transfer-Encoding: base64'],
        body: wrap76(b64(`#!/bin/bash\ncat > /root/.ssh/id_rsa <<'EOF'\n${PRIVATE_KEY}EOF\n`)),
      },
    ]);
    const decoded = decodeUserData(doc);
    expect(decoded.binary).toBe(false);
    expect(decoded.texts).toHaveLength(2);
    expect(decoded.texts[0]).toContain('#cloud-config');
    expect(decoded.texts[1]).toContain('BEGIN RSA PRIVATE KEY');
    expect(scanUserData(doc)).toEqual({ binary: false, matches: [{ kind: 'private-key', masked: 'MIIE…' }] });
  });

  it('works when the whole MIME document is itself base64 (AWS UserData.Value)', () => {
    const doc = mime('==BOUNDARY==', [
      cloudConfigPart,
      { headers: ['Content-Type: text/x-shellscript', 'Content-Transfer-Encoding: base64'], body: b64(PRIVATE_KEY) },
    ]);
    expect(kinds(b64(doc))).toEqual(['private-key']);
  });

  it('handles CRLF line ends and an unquoted boundary', () => {
    const doc = [
      'Content-Type: multipart/mixed; boundary=XYZ',
      'MIME-Version: 1.0',
      '',
      '--XYZ',
      'Content-Type: text/x-shellscript',
      '',
      'password: hunter2hunter2',
      '--XYZ--',
      '',
    ].join('\r\n');
    expect(decodeUserData(doc).texts).toEqual(['password: hunter2hunter2']);
    expect(kinds(doc)).toEqual(['password-assignment']);
  });

  it('a 7bit part with a placeholder passes; MIME headers are not scanned as assignments', () => {
    const doc = mime('b', [
      { headers: ['Content-Type: text/cloud-config', 'Content-Transfer-Encoding: 7bit'], body: 'password: ${DB_PASSWORD}\n' },
    ]);
    expect(scanUserData(doc)).toEqual({ binary: false, matches: [] });
  });

  it('decodes a gzip part (base64 transfer encoding)', () => {
    const doc = mime('b', [
      {
        headers: ['Content-Type: application/x-gzip', 'Content-Transfer-Encoding: base64'],
        body: wrap76(bytesToB64(gzipSync(strToU8(`export AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\n`)))),
      },
    ]);
    expect(scanUserData(doc)).toEqual({ binary: false, matches: [{ kind: 'aws-access-key-id', masked: 'AKIA…' }] });
  });

  it('decodes a quoted-printable part', () => {
    const qp = 'db_password =3D hunter2hunter2=\nsuffix\nname: caf=C3=A9\n';
    const doc = mime('b', [{ headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], body: qp }]);
    const decoded = decodeUserData(doc);
    expect(decoded.texts).toEqual(['db_password = hunter2hunter2suffix\nname: café\n']);
    expect(scanUserData(doc).matches).toEqual([{ kind: 'password-assignment', masked: 'hunt…' }]);
  });

  it('recurses into nested multipart parts', () => {
    const inner = ['--inner', 'Content-Type: text/plain', '', `key ${AWS_KEY_ID}`, '--inner--'].join('\n');
    const doc = mime('outer', [{ headers: ['Content-Type: multipart/alternative; boundary="inner"'], body: inner }]);
    expect(decodeUserData(doc).texts).toEqual([`key ${AWS_KEY_ID}`]);
    expect(kinds(doc)).toEqual(['aws-access-key-id']);
  });

  it('a binary part makes the result binary but other parts are still scanned', () => {
    const doc = mime('b', [
      { headers: ['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64'], body: bytesToB64(randomBytes(64)) },
      { headers: ['Content-Type: text/x-shellscript'], body: 'password: hunter2hunter2' },
    ]);
    expect(scanUserData(doc)).toEqual({ binary: true, matches: [{ kind: 'password-assignment', masked: 'hunt…' }] });
  });

  it('an undecodable base64 part is scanned raw', () => {
    const doc = mime('b', [{ headers: ['Content-Type: text/plain', 'Content-Transfer-Encoding: base64'], body: 'password: hunter2hunter2' }]);
    expect(kinds(doc)).toEqual(['password-assignment']);
  });

  it('a part without headers, or whose first line only looks like a header, is scanned whole', () => {
    const doc = ['Content-Type: multipart/mixed; boundary=b', '', '--b', 'password: hunter2hunter2', '', 'echo hi', '--b--'].join('\n');
    expect(kinds(doc)).toEqual(['password-assignment']);
    const doc2 = ['Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'token: abcdefgh12345', '--b--'].join('\n');
    expect(kinds(doc2)).toEqual(['password-assignment']);
  });

  it('scans preamble and epilogue; tolerates a missing close delimiter and an mbox From line', () => {
    const doc = [
      'From nobody Mon Jan  1 00:00:00 2024',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      `preamble ${AWS_KEY_ID}`,
      '--b',
      'Content-Type: text/plain',
      '',
      'password: hunter2hunter2',
    ].join('\n');
    expect(kinds(doc).sort()).toEqual(['aws-access-key-id', 'password-assignment']);
  });

  it('a multipart header whose boundary never appears is scanned as text', () => {
    const doc = ['Content-Type: multipart/mixed; boundary=nothere', '', 'password: hunter2hunter2'].join('\n');
    expect(kinds(doc)).toEqual(['password-assignment']);
  });

  it('a non-multipart header block is plain text', () => {
    const doc = 'Content-Type: text/x-shellscript\n\npassword: hunter2hunter2\n';
    expect(decodeUserData(doc).texts).toEqual([doc]);
  });
});

// ---- scanUserData: the cases the rules rely on --------------------------------------------------

describe('scanUserData', () => {
  it('plain cloud-init with a password fails', () => {
    const raw = `${CLOUD_INIT_PLAIN}chpasswd:\n  list: |\n    root:x\npassword: hunter2hunter2\n`;
    expect(scanUserData(raw)).toEqual({ binary: false, matches: [{ kind: 'password-assignment', masked: 'hunt…' }] });
  });

  it.each(['password: ${DB_PASSWORD}', 'password: {{ vault }}', 'password: %ENV%'])('placeholder passes: %j', (line) => {
    expect(scanUserData(`${CLOUD_INIT_PLAIN}${line}\n`)).toEqual({ binary: false, matches: [] });
    expect(scanUserData(b64(`${CLOUD_INIT_PLAIN}${line}\n`))).toEqual({ binary: false, matches: [] });
  });

  it('base64 of a script with an AKIA key fails', () => {
    const raw = b64(`#!/bin/bash\naws configure set aws_access_key_id ${AWS_KEY_ID}\n`);
    expect(raw).not.toContain('AKIA');
    expect(scanUserData(raw)).toEqual({ binary: false, matches: [{ kind: 'aws-access-key-id', masked: 'AKIA…' }] });
  });

  it('base64 of a script with an AWS secret access key fails', () => {
    const raw = b64(`[default]\naws_secret_access_key = ${AWS_SECRET}\n`);
    expect(kinds(raw)).toEqual(['aws-secret-access-key']);
  });

  it('gzip + base64 with a secret fails', () => {
    const raw = bytesToB64(gzipSync(strToU8(`#!/bin/bash\necho ${GH_TOKEN} > /tmp/t\n`)));
    expect(scanUserData(raw)).toEqual({ binary: false, matches: [{ kind: 'github-token', masked: 'ghp_…' }] });
  });

  it('an innocent script passes', () => {
    expect(scanUserData(b64(CLOUD_INIT_PLAIN))).toEqual({ binary: false, matches: [] });
    expect(scanUserData(CLOUD_INIT_PLAIN)).toEqual({ binary: false, matches: [] });
  });

  it('a raw AKIA key as a plain (non-base64) metadata value is found', () => {
    expect(kinds(AWS_KEY_ID)).toEqual(['aws-access-key-id']);
  });

  it('never throws on odd input', () => {
    const inputs = [
      '====',
      'A===',
      '=',
      '\u0000\u0001',
      '--b--',
      'Content-Type: multipart/mixed; boundary=',
      'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\n@@@\n--b--',
      bytesToB64(new Uint8Array([0x1f, 0x8b])),
      'x'.repeat(100000),
    ];
    for (const raw of inputs) {
      expect(() => scanUserData(raw)).not.toThrow();
      expect(() => scanUserData(raw, { encoding: 'base64' })).not.toThrow();
    }
  });

  it('stops at the nesting limit instead of recursing forever', () => {
    let bytes: Uint8Array = strToU8('password: hunter2hunter2');
    for (let i = 0; i < 20; i++) bytes = gzipSync(bytes);
    const res = scanUserData(bytesToB64(bytes));
    expect(res.binary).toBe(true);
    expect(res.matches).toEqual([]);
  });
});
