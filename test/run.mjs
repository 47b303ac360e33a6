// Runs every test/**/*.test.ts with Node's test runner (TypeScript through tsx).
// `node test/run.mjs cli lsp` runs only the files whose path contains one of the words.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function walk(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : walk(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = walk(join(root, 'test'))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((word) => file.includes(word)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(2);
}
// The pinned helm and kubectl that render charts and kustomizations in the tests, extracted once.
if (!process.env.K8S_ROUTE_TOOLS) {
  const { ensureTools } = await import('../scripts/tools.mjs');
  process.env.K8S_ROUTE_TOOLS = ensureTools();
}
// The end-to-end suite repackages dist/ for the .vsix, so it runs alone, after everything else.
const isEndToEnd = (file) => file.startsWith('test/e2e/');
let status = 0;
// Skipped tests are recorded by a second reporter, to be listed at the end with how to enable them.
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-skips-'));
const skipped = [];
for (const [position, group] of [files.filter((file) => !isEndToEnd(file)), files.filter(isEndToEnd)].entries()) {
  if (group.length === 0) continue;
  const record = join(scratch, `skips-${position}.jsonl`);
  const reporters = ['--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'test', 'skipReporter.mjs')}`, `--test-reporter-destination=${record}`];
  // End-to-end files each drive a whole workbench: one at a time.
  const concurrency = position === 1 ? 1 : 2;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...group], { cwd: root, stdio: 'inherit' });
  status ||= result.status ?? 1;
  try {
    skipped.push(...readFileSync(record, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
  } catch {
    // No skips were written.
  }
}
rmSync(scratch, { recursive: true, force: true });

// Tests that failed once and passed when run again: listed, so flakiness is seen, not hidden.
const retried = skipped.filter((entry) => entry.retried);
skipped.splice(0, skipped.length, ...skipped.filter((entry) => !entry.retried));
if (retried.length > 0) {
  console.log('\nTests that failed once and were run again (their first failure is in the log above):');
  for (const entry of retried) console.log(`  ${relative(root, entry.file.replace(/^file:\/\//, '')) || '(unknown file)'}: ${entry.name}`);
}

/** What makes a skipped suite run, by the reason its tests give. */
const remedies = [
  [/nvim|neovim/i, 'sudo apt-get install -y neovim'],
];
if (skipped.length > 0) {
  const bySuite = new Map();
  for (const test of skipped) {
    const suite = relative(root, test.file.replace(/^file:\/\//, '')) || '(unknown file)';
    const entry = bySuite.get(suite) ?? { reason: test.reason, count: 0 };
    entry.count++;
    bySuite.set(suite, entry);
  }
  console.log('\nSkipped suites (CI installs what they need and runs them all):');
  for (const [suite, { reason, count }] of [...bySuite].sort()) {
    const remedy = remedies.find(([pattern]) => pattern.test(reason))?.[1] ?? 'see the suite for what it needs';
    console.log(`  ${suite}: ${count} test${count === 1 ? '' : 's'} skipped, ${reason}; to run them: ${remedy}`);
  }
}
process.exit(status);
