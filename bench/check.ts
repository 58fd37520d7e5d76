/**
 * `npm run bench:check`: compares the latest bench/results.json with the budgets and exits non-zero
 * when any budget is missed or was never measured. It runs nothing itself (run `npm run bench`).
 */
import { existsSync } from 'node:fs';
import { evaluateBudgets } from './budgets.ts';
import { loadResults, RESULTS_FILE } from './results.ts';

if (!existsSync(RESULTS_FILE)) {
  console.error('bench/results.json is missing: run `npm run bench` first.');
  process.exit(1);
}
const results = await loadResults();
const outcomes = evaluateBudgets(results);
const mark = { pass: 'PASS', miss: 'MISS', 'not measured': 'NONE' } as const;
for (const outcome of outcomes) {
  console.log(`${mark[outcome.status]}  ${outcome.figure}: ${outcome.measured} (budget ${outcome.limit})`);
  if (outcome.status !== 'pass') console.log(`      reproduce: ${outcome.command}`);
}
const bad = outcomes.filter((outcome) => outcome.status !== 'pass');
console.log(
  `\n${outcomes.length - bad.length} passed, ${bad.length} failed (results of ${results.updatedAt}; see BENCHMARKS.md)`,
);
process.exit(bad.length > 0 ? 1 : 0);
