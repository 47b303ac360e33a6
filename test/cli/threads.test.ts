/**
 * The analysis pool through the built CLI: worker threads and this thread alone give the same
 * `check --format json`, byte for byte, on the example repositories, the corpus of real manifests,
 * the render-unit repository and a generated workspace large enough to be shared out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateWorkspace } from '../../bench/generate';
import { repoRoot, toolsDirectory } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const tools = toolsDirectory();
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-threads-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function check(threads: number, folder: string, program = cli): { stdout: string; stderr: string; inWorkers: number } {
  const result = spawnSync(process.execPath, [program, 'check', '--helm', join(tools, 'helm'), '--kustomize', join(tools, 'kubectl'), '--format', 'json', '.'], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_THREADS: String(threads), K8S_ROUTE_DEBUG: '1' }, timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
  const match = /\((\d+) in worker threads\)/.exec(result.stderr);
  assert.ok(match, result.stderr);
  return { stdout: result.stdout, stderr: result.stderr, inWorkers: Number(match[1]) };
}

test('worker threads and one thread give byte-identical check --format json', () => {
  const generated = join(scratch, 'generated');
  generateWorkspace(generated, 3000, 11);
  const folders = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'repos'), join(repoRoot, '..', 'shared', 'corpus'), generated];
  for (const folder of folders) {
    const one = check(1, folder);
    const shared = check(3, folder);
    assert.equal(one.inWorkers, 0);
    assert.ok(JSON.parse(one.stdout).files > 0, folder);
    assert.equal(shared.stdout, one.stdout, `${folder}: the same findings from worker threads`);
    if (folder === generated) assert.ok(shared.inWorkers > 0, 'the generated workspace was shared out');
  }
});

test('a worker thread that cannot run is said on stderr, and its files are analysed in the main thread', () => {
  const generated = join(scratch, 'generated-alone');
  generateWorkspace(generated, 3000, 12);
  // The CLI bundle without the worker bundle beside it.
  const alone = join(scratch, 'alone');
  mkdirSync(alone, { recursive: true });
  copyFileSync(cli, join(alone, 'cli.js'));
  const expected = check(1, generated);
  const result = check(2, generated, join(alone, 'cli.js'));
  assert.equal(result.stdout, expected.stdout);
  assert.equal(result.inWorkers, 0);
  assert.match(result.stderr, /k8s-route: a worker thread (failed|could not start) \(.+\); .*analysed in the main thread/);
});
