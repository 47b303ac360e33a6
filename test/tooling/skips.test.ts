/**
 * `npm test` says what it skipped: run on a machine without Neovim (a PATH holding only node),
 * the runner ends with one line for the skipped suite, its reason, and the command that enables it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers';

test('the test runner lists skipped suites with the reason and the command that enables them', () => {
  const bin = mkdtempSync(join(tmpdir(), 'k8s-route-bin-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
    delete env.CI;
    // A test run inside a test run would report to the outer runner instead of printing.
    delete env.NODE_TEST_CONTEXT;
    const result = spawnSync(process.execPath, [join(repoRoot, 'test', 'run.mjs'), 'test/lsp/neovim'], { cwd: repoRoot, env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\nSkipped suites \(CI installs what they need and runs them all\):\n {2}test\/lsp\/neovim\.test\.ts: 1 test skipped, nvim is not installed; to run them: sudo apt-get install -y neovim\n/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
