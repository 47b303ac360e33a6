// Runs every test/**/*.test.ts with Node's test runner (TypeScript through tsx).
// `node test/run.mjs cli lsp` runs only the files whose path contains one of the words.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
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
for (const group of [files.filter((file) => !isEndToEnd(file)), files.filter(isEndToEnd)]) {
  if (group.length === 0) continue;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...group], { cwd: root, stdio: 'inherit' });
  status ||= result.status ?? 1;
}
process.exit(status);
