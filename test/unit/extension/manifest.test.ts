/**
 * The extension's security bar, pinned: least-privilege manifest (console hosts only, no broad
 * permissions, a strict CSP for extension pages) and source code that never evaluates strings,
 * never parses page strings as HTML and never talks to the network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Record<string, any>;

const CONSOLE_HOSTS = [
  'https://*.console.aws.amazon.com/*',
  'https://*.console.amazonaws-us-gov.com/*',
  'https://*.console.amazonaws.cn/*',
  'https://console.cloud.google.com/*',
  'https://console.cloud.google/*',
];

describe('manifest.json', () => {
  it('is MV3 with a module service worker', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ type: 'module' });
    expect(typeof manifest.background.service_worker).toBe('string');
  });

  it('asks for exactly storage and clipboardWrite', () => {
    expect([...manifest.permissions].sort()).toEqual(['clipboardWrite', 'storage']);
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it('has host permissions for the console host patterns only (AWS partitions, Google Cloud)', () => {
    expect([...manifest.host_permissions].sort()).toEqual([...CONSOLE_HOSTS].sort());
    expect(manifest.optional_host_permissions ?? []).toEqual([]);
  });

  it('injects content scripts in all frames of exactly the host-permission hosts', () => {
    expect(manifest.content_scripts.length).toBeGreaterThan(0);
    for (const cs of manifest.content_scripts) {
      expect([...cs.matches].sort()).toEqual([...manifest.host_permissions].sort());
      expect(cs.all_frames).toBe(true);
      expect(cs.world ?? 'ISOLATED').toBe('ISOLATED');
      expect(cs.match_about_blank ?? false).toBe(false);
      expect(cs.match_origin_as_fallback ?? false).toBe(false);
    }
  });

  it('never asks for broad or dangerous capabilities', () => {
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('<all_urls>');
    expect(text).not.toMatch(/"(https?|\*):\/\/\*\/\*"/);
    const all = [...manifest.permissions, ...(manifest.optional_permissions ?? [])];
    for (const p of ['tabs', 'webRequest', 'webRequestBlocking', 'declarativeNetRequest', 'cookies', 'scripting', 'debugger', 'activeTab', 'history', 'downloads', 'nativeMessaging', 'management']) {
      expect(all).not.toContain(p);
    }
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest).not.toHaveProperty('key');
  });

  it('locks extension pages down with a CSP: no eval, no network', () => {
    const csp: string = manifest.content_security_policy?.extension_pages;
    expect(typeof csp).toBe('string');
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values] as const),
    );
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'wasm-unsafe-eval'");
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(manifest.content_security_policy).not.toHaveProperty('sandbox');
  });
});

// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|js|mjs|html)$/.test(name)) out.push(p);
  }
  return out;
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ['eval(', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['Function( constructor', /(?<![\w.])Function\s*\(/],
  ['string setTimeout/setInterval', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML assignment', /\bouterHTML\s*=/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['dangerouslySetInnerHTML', /\bdangerouslySetInnerHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['fetch(', /(?<![\w.])fetch\s*\(|\.fetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['EventSource', /\bEventSource\b/],
  ['sendBeacon', /\bsendBeacon\b/],
];

describe('source security bar (src/**)', () => {
  const files = sourceFiles(join(ROOT, 'src'));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(FORBIDDEN)('no %s anywhere in src/', (_name, re) => {
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (re.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('the scanner itself catches what it should (self-test)', () => {
    const samples = ['eval("x")', 'new Function("a")', 'el.innerHTML = s', 'el.insertAdjacentHTML("beforeend", s)', 'dangerouslySetInnerHTML={{}}', 'document.write(s)', 'await fetch(url)', 'window.fetch(url)', 'new XMLHttpRequest()', 'new WebSocket(u)', 'navigator.sendBeacon(u)'];
    for (const s of samples) expect(FORBIDDEN.some(([, re]) => re.test(s)), s).toBe(true);
    for (const s of ['evaluateResource(rules, r)', 'const prefetched = 1', 'retrieval()', 'isFunction(x)']) {
      expect(FORBIDDEN.some(([, re]) => re.test(s)), s).toBe(false);
    }
  });
});
