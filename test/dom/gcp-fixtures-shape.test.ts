// Shape of the Google Cloud console fixtures (test/fixtures/gcp/): each lists the facts it
// encodes, runs under a strict CSP (no inline scripts or handlers), and carries every VM as a
// <template> for app.js's History-API navigation. Regenerate: `npx tsx scripts/fixtures/generate-gcp.ts`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GCP_ASSET_FILES, gcpFixtures } from '../fixtures/gcp/index';

const DIR = fileURLToPath(new URL('../fixtures/gcp/', import.meta.url));
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('Google Cloud fixtures', () => {
  it('lists the three pages the tests use, and their assets exist', () => {
    expect(gcpFixtures.map((f) => f.name).sort()).toEqual(['instance-details-hardened', 'instance-details-reordered', 'instance-details-risky']);
    for (const a of GCP_ASSET_FILES) expect(existsSync(join(DIR, a)), a).toBe(true);
  });

  it.each(gcpFixtures.map((f) => [f.name, f] as const))('%s: facts first, console URL, no inline script, both VMs as templates', (_n, f) => {
    const html = read(f.file);
    expect(html.slice(0, 200)).toMatch(/^<!doctype html>\n<!--\nFacts this fixture encodes:\n- VM /);
    for (const fact of f.facts) expect(html).toContain(fact.replace(/--/g, '- -'));
    expect(f.consoleUrl).toBe(`https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/${f.vm}?project=demo-project`);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script src="app.js">']);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).toContain('<template id="fx-vm-web-1">');
    expect(html).toContain('<template id="fx-vm-api-2">');
    expect(html).toMatch(new RegExp(`<h1 class="cfc-page-title">${f.vm}</h1>`));
  });

  it('app.js builds its views with DOM APIs only and navigates with pushState', () => {
    const js = read('app.js');
    for (const bad of [/innerHTML/, /outerHTML/, /insertAdjacentHTML/, /DOMParser/, /\beval\s*\(/, /new Function/, /document\.write/, /fetch\s*\(/, /XMLHttpRequest/]) expect(js).not.toMatch(bad);
    expect(js).toContain('history.pushState');
    expect(js).toContain("addEventListener('popstate'");
  });
});
