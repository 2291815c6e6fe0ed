#!/usr/bin/env bash
# The whole test suite, in tiers: unit + DOM (vitest), the build (rules validated, extension built),
# end to end (the built extension in Chromium). Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
mkdir -p .test-results
rm -f .test-results/*.json .test-results/*.code

echo "== unit and DOM tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/unit.json
echo $? > .test-results/unit.code

echo "== build"
if npm run --silent build > .test-results/build.log 2>&1; then
  echo "build ok"
  build_failed=0
else
  cat .test-results/build.log
  build_failed=1
fi

if [ "$build_failed" = 0 ]; then
  echo "== end-to-end tests (Chromium: ${CHROMIUM_PATH:-/usr/bin/chromium})"
  npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=.test-results/e2e.json
  echo $? > .test-results/e2e.code
fi

# The summary decides the exit status: every tier must have run, passed, and reported tests.
node scripts/test-summary.mjs "$build_failed" .test-results/unit.json .test-results/e2e.json
