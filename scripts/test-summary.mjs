// Adds up vitest's JSON reports into the one closing line CI reads: "N passed, N failed".
// A tier that produced no report, or a test file that failed to load, counts as a failure, so a
// broken tier can never look green.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [buildFailed, ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(buildFailed) || 0;
let skipped = 0;
for (const file of reports) {
  if (!existsSync(file)) {
    // After a failed build the e2e tier is not run; the build failure is already counted.
    if (!(failed > 0 && file.includes('e2e'))) failed += 1;
    console.log(`${file}: no report (that tier did not run)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    const bad = results.filter((a) => a.status === 'failed').length;
    passed += results.filter((a) => a.status === 'passed').length;
    skipped += results.filter((a) => a.status === 'pending' || a.status === 'skipped' || a.status === 'todo').length;
    failed += bad;
    if (suite.status === 'failed' && bad === 0) failed += 1; // the file itself failed (import, hook)
  }
}
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
writeFileSync('.test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(failed > 0 ? 1 : 0);
