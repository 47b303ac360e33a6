/**
 * The built CLI's `request` command as a user runs it: text and JSON snapshots of the shop
 * fixture (test/request/shop.yaml) for forwarded, rewritten, split, redirected, invalid and
 * unmatched requests; exit codes; usage errors that list the candidates. `UPDATE_EXPECT=1`
 * rewrites the snapshots for review.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, writeTree } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-request-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], cwd = repoRoot): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const questions: string[][] = [
  ['http://shop.example.com/api/v2/items?x=1', '-H', 'X-Debug: 1'],
  ['-H', 'X-Canary: true', 'http://shop.example.com/api/v2/items'],
  ['http://shop.example.com:1234/old?q=1', '--port', '80'],
  ['http://shop.example.com/gone/x'],
  ['http://other.example.com/'],
  ['https://shop.example.com/', '--gateway', 'infra/edge'],
];

function snapshot(name: string, actual: string): void {
  const expected = join(repoRoot, 'test', 'request', name);
  if (process.env.UPDATE_EXPECT === '1' || !existsSync(expected)) writeFileSync(expected, actual);
  assert.equal(actual, readFileSync(expected, 'utf8'), `${name} differs; rerun with UPDATE_EXPECT=1 and review the diff`);
}

test('request: text and JSON answers with exit codes (0 forwarded or redirected, 1 otherwise)', () => {
  const texts: string[] = [];
  const jsons: string[] = [];
  for (const question of questions) {
    const text = run(['request', ...question, 'test/request/shop.yaml']);
    const json = run(['request', '--format', 'json', ...question, 'test/request/shop.yaml']);
    assert.equal(text.stderr, '');
    assert.equal(text.status, json.status);
    const answer = JSON.parse(json.stdout) as { status: number; redirect: unknown };
    assert.deepEqual(Object.keys(answer), ['version', 'gateway', 'route', 'status', 'redirect', 'backends', 'forwarded']);
    assert.equal(json.status, answer.status === 200 || answer.redirect !== null ? 0 : 1, question.join(' '));
    texts.push(`$ k8s-route request ${question.join(' ')} test/request/shop.yaml  # exit ${text.status}\n${text.stdout}`);
    jsons.push(json.stdout);
  }
  snapshot('shop.txt', texts.join('\n'));
  snapshot('shop.jsonl', jsons.join(''));
});

test('request: usage errors exit 2 and list the candidates', () => {
  const two = writeTree(join(scratch, 'two'), {
    'a.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: a, namespace: infra}\nspec: {gatewayClassName: x, listeners: [{name: http, port: 80, protocol: HTTP}]}\n',
    'b.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: b, namespace: infra}\nspec: {gatewayClassName: x, listeners: [{name: web, port: 80, protocol: HTTP}]}\n',
  });
  const ambiguous = run(['request', 'http://shop.example.com/', two]);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /2 Gateways have a listener for http port 80 and host shop\.example\.com; choose one with --gateway\nCandidates:\n {2}infra\/a\n {2}infra\/b\n/);
  assert.equal(run(['request', '--gateway', 'infra/b', 'http://shop.example.com/', two]).status, 1);
  const missing = run(['request', '--gateway', 'infra/c', 'http://shop.example.com/', two]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no Gateway "infra\/c" in the files/);
  assert.equal(run(['request', two]).status, 2);
  assert.match(run(['request', 'ftp://x/', two]).stderr, /not an http or https URL/);
  assert.match(run(['request', '-H', 'broken', 'http://x/', two]).stderr, /--header must look like 'Name: value'/);
  assert.match(run(['request', '--port', '80/TCP', 'http://x/', two]).stderr, /--port must be a port number/);
  assert.match(run(['check', '--gateway', 'a', two]).stderr, /--gateway is an option of request/);
});
