/**
 * A bad rule file fails loudly: loading its directory throws a RuleFileError whose one-line message
 * names the file and the problem, and no rule of that directory is half-loaded.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleFileError } from '../../../src/engine/compile';
import { loadRulesFromDir } from '../../../src/engine/load-rules-fs';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const ROOT = join(REPO, 'test/fixtures/bad-rules');

/** case directory → [file the message must name, problem it must state]. */
const CASES: Record<string, [string, RegExp]> = {
  'bad-cel': ['aws/aws-bad-cel.yaml', /: check: bad CEL: Unexpected token/],
  'unknown-category': ['aws/aws-unknown-category.yaml', /: category: Invalid option: expected one of "access-control"/],
  'missing-fix': ['aws/aws-missing-fix.yaml', /: fix: .*expected object, received undefined/],
  'id-not-file-name': ['aws/aws-id-not-file-name.yaml', /: id "aws-some-other-id" must equal the file name "aws-id-not-file-name"/],
  'duplicate-id': [
    'aws/aws-duplicate-id.yml',
    /: duplicate rule id "aws-duplicate-id" \(also in test\/fixtures\/bad-rules\/duplicate-id\/aws\/aws-duplicate-id\.yaml\)/,
  ],
  'not-yaml': ['aws/aws-not-yaml.yaml', /: not valid YAML: /],
  'empty-file': ['aws/aws-empty-file.yaml', /: empty or not a mapping/],
};

/** Cases that load, and fail later (the build's example run). */
const LOADABLE = new Set(['failing-example']);

describe('bad rule files', () => {
  it('every fixture directory is a case here', () => {
    const dirs = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory());
    expect(dirs.filter((d) => !LOADABLE.has(d)).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s: throws naming the file and the problem', (dir, [file, problem]) => {
    const shown = `test/fixtures/bad-rules/${dir}/${file}`;
    let thrown: unknown;
    try {
      loadRulesFromDir(join(ROOT, dir), REPO);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RuleFileError);
    const err = thrown as RuleFileError;
    expect(err.file).toBe(shown);
    expect(err.message.startsWith(`${shown}: `)).toBe(true);
    expect(err.message).toMatch(problem);
    // One line: the CLI and the build print it as is.
    expect(err.message).not.toContain('\n');
  });

  it('the message path is relative to the base directory given', () => {
    expect(() => loadRulesFromDir(join(ROOT, 'empty-file'), join(REPO, 'test'))).toThrow(
      /^fixtures\/bad-rules\/empty-file\/aws\/aws-empty-file\.yaml: empty or not a mapping$/,
    );
  });
});
