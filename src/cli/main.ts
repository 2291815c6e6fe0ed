#!/usr/bin/env node
/**
 * vmlint CLI entry: `vmlint scan [--format text|json|sarif|markdown] [options] FILE...` (args.ts).
 * Exit 0 when nothing fails (at or above --fail-on), 1 when something fails, 2 on bad input, a bad
 * rule file or usage, with one line on stderr naming the file and the problem, and never a stack
 * trace (VMLINT_DEBUG=1 shows one).
 */
import { readFileSync } from 'node:fs';
import { HELP, parseArgs } from './args';
import { EXIT_BAD_INPUT, EXIT_FAILING, EXIT_OK, InputError, UsageError, oneLine } from './errors';
import { formatJson } from './format-json';
import { formatMarkdown } from './format-markdown';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { exitStatusOf, selectRules, withMinSeverity } from './rule-options';
import { readInput, type InputDoc } from './read-input';
import { scan } from './scan';
import { RuleFileError } from '../engine/compile';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether to colour text output. */
  color: boolean;
}

/** Runs one command line; returns the exit status. Never throws. */
export function run(argv: readonly string[], io: Io): number {
  try {
    const cmd = parseArgs(argv);
    if (cmd.kind === 'help') {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (cmd.kind === 'version') {
      io.stdout(`vmlint ${version()}\n`);
      return EXIT_OK;
    }
    const { rules } = selectRules({ rulesDirs: cmd.rulesDirs, disable: cmd.disable });
    // Each file once, in the order given (the same path twice would list every VM twice).
    const files = [...new Set(cmd.files)];
    const docs: InputDoc[] = files.map(readInput);
    const result = withMinSeverity(scan(docs, { now: cmd.now, rules }), cmd.minSeverity);
    const report =
      cmd.format === 'json'
        ? formatJson(result)
        : cmd.format === 'sarif'
          ? formatSarif(result, { rules, version: version() })
          : cmd.format === 'markdown'
            ? formatMarkdown(result)
            : formatText(result, { color: io.color });
    io.stdout(report);
    return exitStatusOf(result, cmd.failOn) ? EXIT_FAILING : EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError || err instanceof InputError) {
      io.stderr(`vmlint: ${oneLine(err.message, 600)}\n`);
    } else if (err instanceof RuleFileError) {
      io.stderr(`vmlint: bad rule file ${oneLine(err.message, 600)}\n`);
    } else {
      io.stderr(`vmlint: internal error: ${oneLine(String((err as Error)?.message ?? err), 400)}\n`);
      if (process.env.VMLINT_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    }
    return EXIT_BAD_INPUT;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return /[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(entry) || /[\\/]vmlint(\.[cm]?js)?$/.test(entry);
}

if (isMain()) {
  // `vmlint scan … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const color = !!process.stdout.isTTY && process.env.NO_COLOR === undefined;
  process.exitCode = run(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color,
  });
}
