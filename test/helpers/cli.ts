/**
 * Runs the real CLI (src/cli/main.ts) in a child Node process with tsx's loader: one process per
 * call (~0.5 s), so callers start several at once and group their assertions.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'src/cli/main.ts');
const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `vmlint ARGS…` with cwd `cwd`; NO_COLOR and npm's variables are taken out of the environment
 *  unless `env` puts them back. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'NO_COLOR' || k === 'FORCE_COLOR' || k === 'INIT_CWD' || k.startsWith('npm_')) delete env[k];
  Object.assign(env, options.env ?? {});
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, MAIN, ...args],
      { cwd: options.cwd ?? REPO_ROOT, env: env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
        if (code === null) return reject(err);
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A fresh temporary folder with the given files (objects are written as JSON). */
export function tempFiles(files: Record<string, string | Buffer | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmlint-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' || Buffer.isBuffer(content) ? content : `${JSON.stringify(content, null, 2)}\n`;
    writeFileSync(join(dir, name), data);
  }
  return dir;
}
