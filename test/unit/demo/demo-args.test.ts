/** `npm run demo` argument parsing: the mode (headless or a visible browser), the output folder. */
import { describe, expect, it } from 'vitest';
import { DEMO_HELP, parseDemoArgs } from '../../../scripts/demo-args';

const env = { repo: '/repo', cwd: '/home/me/work' };

describe('parseDemoArgs', () => {
  it('runs headless into <repo>/demo-output when there is no display', () => {
    expect(parseDemoArgs([], { ...env })).toEqual({
      kind: 'run',
      headless: true,
      modeReason: 'headless (no $DISPLAY)',
      outDir: '/repo/demo-output',
      outGiven: false,
      build: true,
    });
    // An empty or blank $DISPLAY is no display.
    expect(parseDemoArgs([], { ...env, display: '' })).toMatchObject({ headless: true });
    expect(parseDemoArgs([], { ...env, display: '  ' })).toMatchObject({ headless: true });
  });

  it('opens a visible browser when there is a display, unless --headless', () => {
    expect(parseDemoArgs([], { ...env, display: ':0' })).toMatchObject({ kind: 'run', headless: false, modeReason: 'visible browser on display :0' });
    expect(parseDemoArgs(['--headless'], { ...env, display: ':0' })).toMatchObject({ kind: 'run', headless: true, modeReason: 'headless (--headless)' });
  });

  it('takes --out DIR and --out=DIR, relative to the caller\'s directory', () => {
    expect(parseDemoArgs(['--out', 'shots'], env)).toMatchObject({ outDir: '/home/me/work/shots', outGiven: true });
    expect(parseDemoArgs(['--out=../shots'], env)).toMatchObject({ outDir: '/home/me/shots', outGiven: true });
    expect(parseDemoArgs(['--out', '/tmp/x/'], env)).toMatchObject({ outDir: '/tmp/x' });
    expect(parseDemoArgs(['--headless', '--out', 'a', '--no-build'], env)).toMatchObject({ headless: true, outDir: '/home/me/work/a', build: false });
  });

  it('rejects --out without a folder and unknown options', () => {
    expect(parseDemoArgs(['--out'], env)).toMatchObject({ kind: 'error', message: expect.stringContaining('--out needs a folder') });
    expect(parseDemoArgs(['--out='], env)).toMatchObject({ kind: 'error' });
    expect(parseDemoArgs(['--out', '--headless'], env)).toMatchObject({ kind: 'error' });
    expect(parseDemoArgs(['--headles'], env)).toEqual({ kind: 'error', message: 'unknown option "--headles"' });
    expect(parseDemoArgs(['shots'], env)).toEqual({ kind: 'error', message: 'unknown option "shots"' });
  });

  it('answers -h and --help before anything else', () => {
    expect(parseDemoArgs(['--bogus', '--help'], env)).toEqual({ kind: 'help' });
    expect(parseDemoArgs(['--headless', '-h'], env)).toEqual({ kind: 'help' });
    expect(DEMO_HELP).toContain('sudo apt-get install chromium');
  });
});
