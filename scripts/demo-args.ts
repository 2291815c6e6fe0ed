/** Command-line parsing for `npm run demo` (scripts/demo.ts), kept apart so it is unit-tested. */
import { isAbsolute, resolve } from 'node:path';

export interface DemoOptions {
  kind: 'run';
  /** Headless with screenshots (true), or a visible browser left open (false). */
  headless: boolean;
  /** Why the mode was chosen, for the first line the demo prints. */
  modeReason: string;
  /** Absolute folder for the screenshots (headless only). */
  outDir: string;
  /** True when --out was given (a visible browser writes no screenshots: say so). */
  outGiven: boolean;
  /** Skip `npm run build` (dist/ must exist). */
  build: boolean;
}

export type DemoCommand = DemoOptions | { kind: 'help' } | { kind: 'error'; message: string };

export const DEMO_USAGE = 'npm run demo [-- [--headless] [--out DIR] [--no-build]]';

export const DEMO_HELP = `npm run demo: builds vmlint, opens Chromium with the extension on the bundled EC2 console
pages (served locally: no request leaves the browser) and prints what vmlint found.

Usage:
  ${DEMO_USAGE}

Without a display ($DISPLAY unset), or with --headless, it runs headless, writes screenshots
into a folder (default demo-output/ in the repo) and prints a findings summary.
With a display it opens a visible browser on the risky instance's page, prints the same
summary, and stays open until you close the browser (or press Ctrl-C).

Options:
  --headless     run headless even when a display is available
  --out DIR      the folder for the screenshots (default: demo-output/ in the repo)
  --no-build     do not run \`npm run build\` first (use the dist/ already there)
  -h, --help     this help

Chromium: /usr/bin/chromium, or the one $CHROMIUM_PATH names (Debian: sudo apt-get install chromium).
`;

export interface DemoEnv {
  /** $DISPLAY. */
  display?: string;
  /** The repo root (default output folder's parent). */
  repo: string;
  /** Where relative --out paths start: the caller's directory ($INIT_CWD under npm). */
  cwd: string;
}

export function parseDemoArgs(argv: readonly string[], env: DemoEnv): DemoCommand {
  let headlessFlag = false;
  let out: string | undefined;
  let build = true;
  if (argv.some((a) => a === '-h' || a === '--help')) return { kind: 'help' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--headless') headlessFlag = true;
    else if (arg === '--no-build') build = false;
    else if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (value === undefined || value === '' || (arg === '--out' && value.startsWith('--'))) {
        return { kind: 'error', message: '--out needs a folder, e.g. --out /tmp/vmlint-demo' };
      }
      out = value;
    } else return { kind: 'error', message: `unknown option "${arg}"` };
  }
  const display = env.display?.trim();
  const headless = headlessFlag || !display;
  const modeReason = headlessFlag ? 'headless (--headless)' : display ? `visible browser on display ${display}` : 'headless (no $DISPLAY)';
  const outDir = out === undefined ? resolve(env.repo, 'demo-output') : isAbsolute(out) ? resolve(out) : resolve(env.cwd, out);
  return { kind: 'run', headless, modeReason, outDir, outGiven: out !== undefined, build };
}
