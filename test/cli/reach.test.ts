/**
 * `k8s-route reach` through the built CLI: every allowed connection as text and JSON, and one
 * connection explained with the deciding policies and rules, exit 0 when allowed and 1 when denied.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { splitFixture } from '../fixtureFormat';
import { repoRoot } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-reach-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a test/reach fixture's files into a folder of their own. */
function unpack(name: string): string {
  const root = join(scratch, name);
  for (const file of splitFixture(readFileSync(join(repoRoot, 'test', 'reach', `${name}.yaml`), 'utf8'), 'x.yaml')) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.text);
  }
  return root;
}

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('reach prints every allowed connection, as the engine computes it', () => {
  const root = unpack('default-deny');
  const result = run(['reach', '--no-render', '.'], root);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, readFileSync(join(repoRoot, 'test', 'reach', 'default-deny.txt'), 'utf8'));
  const json = JSON.parse(run(['reach', '--format', 'json', '.'], root).stdout);
  assert.deepEqual(json.connections[1], { src: { kind: 'Deployment', namespace: 'shop', name: 'web' }, dst: { kind: 'Deployment', namespace: 'shop', name: 'api' }, conn: [{ protocol: 'TCP', ports: [[3000, 3000]] }] });
});

test('reach --from --to explains one connection with the deciding rules, and exits 1 when denied', () => {
  const root = unpack('default-deny');
  const allowed = run(['reach', '--from', 'shop/web', '--to', 'shop/api[Deployment]', '--port', '3000/TCP', '.'], root);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.equal(
    allowed.stdout,
    [
      'shop/web[Deployment] => shop/api[Deployment] : TCP 3000',
      '  3000/TCP: allowed',
      '  egress of shop/web[Deployment]: not isolated (no policy selects it for Egress): everything allowed',
      '  ingress of shop/api[Deployment]: isolated by NetworkPolicy/shop/default-deny (policies.yaml:2:7), NetworkPolicy/shop/api-from-web (policies.yaml:9:7)',
      '    allowed by NetworkPolicy/shop/api-from-web spec.ingress[0] (policies.yaml:14:7): TCP 3000',
      '',
    ].join('\n'),
  );
  assert.equal(run(['reach', '--from', 'shop/web', '--to', 'shop/api', '--port', '9090', '.'], root).status, 1, 'metrics is not allowed');
  const back = run(['reach', '--from', 'shop/api', '--to', 'shop/web', '.'], root);
  assert.equal(back.status, 1);
  assert.match(back.stdout, /ingress of shop\/web\[Deployment\]: isolated by NetworkPolicy\/shop\/default-deny .*\n {4}no rule allows anything here/);
  const outside = run(['reach', '--from', '8.8.8.8', '--to', 'shop/api', '.'], root);
  assert.equal(outside.status, 1);
  const unknown = run(['reach', '--from', 'shop/nope', '--to', 'shop/api', '.'], root);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no unit has both "shop\/nope" and "shop\/api"\nWorkloads found:\n {2}shop\/api\[Deployment\]\n {2}shop\/web\[Deployment\]\n/);
  assert.equal(run(['reach', '--from', 'shop/web', '.'], root).status, 2, '--from without --to is a usage error');
});
