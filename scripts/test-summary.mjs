// Adds up vitest's JSON reports into the one closing line CI reads: "N passed, N failed".
// A tier counts as one failure (on top of its failed tests) when it produced no report, reported
// no test at all, said it did not succeed, or exited non-zero (unhandled errors fail vitest while
// every assertion passes). So a broken tier can never look green.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [buildFailed, ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(buildFailed) || 0;
let skipped = 0;
for (const file of reports) {
  if (!existsSync(file)) {
    // After a failed build the e2e tier is not run; the build failure is already counted.
    if (!(Number(buildFailed) > 0 && file.includes('e2e'))) failed += 1;
    console.log(`${file}: no report (that tier did not run)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let tierFailed = 0;
  let tierTests = 0;
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    const bad = results.filter((a) => a.status === 'failed').length;
    tierTests += results.length;
    passed += results.filter((a) => a.status === 'passed').length;
    skipped += results.filter((a) => a.status === 'pending' || a.status === 'skipped' || a.status === 'todo').length;
    tierFailed += bad;
    if (suite.status === 'failed' && bad === 0) tierFailed += 1; // the file itself failed (import, hook)
  }
  const codeFile = file.replace(/\.json$/, '.code');
  const code = existsSync(codeFile) ? Number(readFileSync(codeFile, 'utf8').trim()) : 0;
  if (tierFailed === 0 && (tierTests === 0 || report.success === false || code !== 0)) {
    console.log(`${file}: the tier did not succeed (tests: ${tierTests}, exit code: ${code})`);
    tierFailed = 1;
  }
  failed += tierFailed;
}
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
writeFileSync('.test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(failed > 0 ? 1 : 0);
