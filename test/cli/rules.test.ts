/**
 * `k8s-route rules` through the built CLI: the rules of a Service of each type in each mode, as
 * text and JSON, the node and cluster options, and the usage errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { splitFixture } from '../fixtureFormat';
import { repoRoot } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-rules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
for (const file of splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'cli', 'types.yaml'), 'utf8'), 'types.yaml')) writeFileSync(join(scratch, file.path), file.text);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--no-render', '.'], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('rules of a Service of each type, in each mode, as text and JSON', () => {
  const sections: string[] = [];
  for (const service of ['shop/api', 'shop/api-nodeport', 'api-lb', 'shop/api-headless', 'shop/db']) {
    for (const mode of ['iptables', 'nftables', 'ipvs']) {
      const text = run('rules', '--service', service, '--mode', mode);
      assert.equal(text.status, 0, text.stderr);
      const json = run('rules', '--service', service, '--mode', mode, '--format', 'json');
      assert.equal(json.status, 0, json.stderr);
      const parsed = JSON.parse(json.stdout);
      assert.equal(parsed.version, 1);
      assert.equal(parsed.mode, mode);
      sections.push(`$ k8s-route rules --service ${service} --mode ${mode}`, text.stdout, `$ k8s-route rules --service ${service} --mode ${mode} --format json`, JSON.stringify(parsed, null, 1), '');
    }
  }
  const actual = sections.join('\n');
  const expected = join(repoRoot, 'test', 'proxy', 'cli', 'types.txt');
  if (process.env.UPDATE_EXPECT === '1' || !existsSync(expected)) writeFileSync(expected, actual);
  assert.equal(actual, readFileSync(expected, 'utf8'));
});

test('the node and cluster options change the rules, and the example note says what is still an example', () => {
  const plain = run('rules', '--service', 'shop/api-lb');
  assert.match(plain.stdout, /^# Example values .*cluster IP 10\.\d+\.\d+\.\d+ \(allocated by the API server from 10\.96\.0\.0\/12\).*node node-1 at 192\.168\.0\.10/);
  const tuned = run('rules', '--service', 'shop/api-lb', '--node-name', 'node-2', '--node-ip', '10.0.0.7', '--cluster-cidr', '10.32.0.0/12', '--pod-cidr', '10.40.0.0/16');
  assert.equal(tuned.status, 0, tuned.stderr);
  assert.doesNotMatch(tuned.stdout, /node node-/);
  // Example Pods come from the pod CIDR and alternate between the nodes; node-2's Pod is local now.
  assert.match(tuned.stdout, /Pod IP 10\.40\.0\.1 \(Deployment\/api on node-2\)/);
  assert.match(tuned.stdout, /-A KUBE-EXT-\w+ -s 10\.32\.0\.0\/12 -m comment --comment "pod traffic for shop\/api-lb:http external destinations" -j KUBE-SVC-\w+/);
  assert.match(tuned.stdout, /-A KUBE-SVL-\w+ -m comment --comment "shop\/api-lb:http -> 10\.40\.0\.1:3000" -j KUBE-SEP-\w+/);
  // The API server's ranges: example cluster IPs and node ports come from them.
  const ranged = run('rules', '--service', 'shop/api-nodeport', '--service-cidr', '172.20.0.0/16', '--node-port-range', '32000-32009');
  assert.match(ranged.stdout, /cluster IP 172\.20\.\d+\.\d+ \(allocated by the API server from 172\.20\.0\.0\/16\); node port 3200\d of port http/);
  const all = run('rules', '--service', 'shop/api', '--masquerade-all', '--mode', 'nftables');
  assert.match(all.stdout, /add rule ip kube-proxy service-\w+-shop\/api\/tcp\/http ip daddr [\d.]+ jump mark-for-masquerade/);
});

test('rules refuses what it cannot answer, and says why', () => {
  const missing = run('rules', '--service', 'shop/nothing');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no Service "shop\/nothing"[\s\S]*shop\/api-lb/);
  for (const [args, message] of [
    [['rules'], /rules needs --service/],
    [['rules', '--service', 'shop/api', '--mode', 'userspace'], /--mode must be iptables, nftables or ipvs/],
    [['check', '--mode', 'ipvs'], /--mode is an option of rules/],
    [['route', '--service', 'shop/api', '--masquerade-all'], /--masquerade-all is an option of rules/],
    [['rules', '--service', 'shop/api', '--node-ip', 'node-1'], /--node-ip "node-1" is not an IP address/],
    [['rules', '--service', 'shop/api', '--node-ip', '10.0.0.7,10.0.0.8'], /--node-ip takes one address per IP family, but 10\.0\.0\.7 and 10\.0\.0\.8 are both IPv4/],
    [['rules', '--service', 'shop/api', '--cluster-cidr', '10.0.0.0'], /--cluster-cidr: "10\.0\.0\.0" is not a CIDR/],
    [['rules', '--service', 'shop/api', '--format', 'sarif'], /rules prints text or json/],
  ] as const) {
    const result = run(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, message);
  }
});
