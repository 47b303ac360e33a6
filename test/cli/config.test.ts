/**
 * The project configuration (.k8s-route.yaml) in the built CLI: found from the checked path up,
 * its values used where the command line is silent, command-line options winning, its own
 * mistakes reported on its lines, include/exclude globs, clusters checked apart, and per-chart
 * release names and values files with the real helm.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, toolsDirectory, writeTree } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(name: string, files: Record<string, string>): string {
  return writeTree(join(scratch, name), files);
}

const nodePortService = (name: string, nodePort: number, extra = ''): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}${extra}}\nspec:\n  type: NodePort\n  selector: {app: ${name}}\n  ports: [{port: 80, nodePort: ${nodePort}}]\n`;
const deployment = (name: string, extra = ''): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${extra}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as { diagnostics: Array<{ file: string; code: string; line: number }> }).diagnostics.map((item) => `${item.file.replace(/\\/g, '/')}:${item.line} ${item.code}`);
}

test('the configuration is found from the checked folder up and fills in what the command line leaves unset', () => {
  const root = workspace('found', {
    '.k8s-route.yaml': 'nodePortRange: 20000-22767\ndefaultNamespace: shop\ndisabledRules: [service/no-selector]\nfailOn: warning\n',
    'apps/web.yaml': `${nodePortService('web', 20080)}---\n${deployment('web', ', namespace: shop')}`,
    'apps/edge.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: edge}\nspec: {ports: [{port: 80}]}\n',
  });
  // From a subfolder, with the file two levels up: the range and namespace come from it, so the
  // Service (in shop by default) selects the Deployment and its node port is in range.
  const inside = run(['check', '--format', 'json', 'apps'], root);
  assert.deepEqual(codes(inside.stdout), [], inside.stdout);
  assert.equal(inside.status, 0);
  // The command line wins: another range makes 20080 an error.
  const overridden = run(['check', '--format', 'json', '--node-port-range', '30000-32767', 'apps'], root);
  assert.deepEqual(codes(overridden.stdout), ['apps/web.yaml:7 service/node-port-out-of-range']);
  // --no-config: defaults again (the selector misses, no-selector is back, warnings do not fail).
  const ignored = run(['check', '--format', 'json', '--no-config', 'apps'], root);
  assert.deepEqual(codes(ignored.stdout).sort(), ['apps/edge.yaml:4 service/no-selector', 'apps/web.yaml:6 service/selector-matches-nothing', 'apps/web.yaml:7 service/node-port-out-of-range']);
  // failOn: warning from the file makes a warning fail the run.
  const warned = run(['check', '--format', 'json', '--node-port-range', '20000-22767', '--namespace', 'default', 'apps'], root);
  assert.deepEqual(codes(warned.stdout), ['apps/web.yaml:6 service/selector-matches-nothing']);
  assert.equal(warned.status, 1);
  assert.equal(run(['check', '--fail-on', 'error', '--namespace', 'default', 'apps'], root).status, 0);
});

test('mistakes in the configuration are findings on its lines; a missing --config file is a usage error', () => {
  const root = workspace('bad', {
    '.k8s-route.yaml': 'nodePortRange: 32767-30000\nserviceCIDRs: [10.96.0.0/12]\nrender:\n  timeoutSeconds: many\n',
    'svc.yaml': nodePortService('web', 31000),
  });
  const result = run(['check', '--format', 'json', '.'], root);
  assert.deepEqual(codes(result.stdout), ['.k8s-route.yaml:1 config/invalid-value', '.k8s-route.yaml:2 config/unknown-key', '.k8s-route.yaml:4 config/invalid-value', 'svc.yaml:6 service/selector-matches-nothing']);
  assert.match(result.stdout, /did you mean \\"serviceCidrs\\"/);
  // The invalid range was ignored: 31000 is checked against the default range and is fine.
  assert.ok(!result.stdout.includes('node-port-out-of-range'));
  const missing = run(['check', '--config', 'nowhere.yaml', '.'], root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read the configuration nowhere\.yaml: no such file/);
  // An explicit configuration file elsewhere is used instead of the nearest one.
  writeFileSync(join(root, 'strict.yaml'), 'nodePortRange: 32000-32767\n');
  assert.deepEqual(codes(run(['check', '--format', 'json', '--config', 'strict.yaml', 'svc.yaml'], root).stdout), ['svc.yaml:6 service/selector-matches-nothing', 'svc.yaml:7 service/node-port-out-of-range']);
});

test('include and exclude globs choose the files a folder walk reads', () => {
  const root = workspace('globs', {
    '.k8s-route.yaml': 'exclude: ["generated/**", "**/*.draft.yaml"]\n',
    'svc.yaml': nodePortService('web', 31000),
    'web.yaml': deployment('web'),
    'generated/bad.yaml': nodePortService('gen', 80),
    'wip.draft.yaml': nodePortService('draft', 81),
  });
  assert.deepEqual(codes(run(['check', '--format', 'json', '.'], root).stdout), []);
  // A file named on the command line is always read.
  assert.deepEqual(codes(run(['check', '--format', 'json', '.', 'generated/bad.yaml'], root).stdout), ['generated/bad.yaml:6 service/selector-matches-nothing', 'generated/bad.yaml:7 service/node-port-out-of-range']);
});

test('clusters are checked apart: a Service never selects Pods of another cluster', () => {
  const root = workspace('clusters', {
    '.k8s-route.yaml': 'clusters:\n  - name: staging\n    folders: [staging, shared]\n  - name: prod\n    folders: [prod]\n',
    'staging/svc.yaml': nodePortService('web', 31000),
    'prod/svc.yaml': nodePortService('web', 31000),
    'prod/web.yaml': deployment('web'),
    'shared/api.yaml': deployment('api'),
    'other/api-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
  });
  const result = run(['check', '--format', 'json', '.'], root);
  // staging has no web Pods; the two web Services with the same nodePort do not clash across
  // clusters; other/ is in no cluster, so shared/'s api Deployment is not its.
  assert.deepEqual(codes(result.stdout), ['other/api-svc.yaml:5 service/selector-matches-nothing', 'staging/svc.yaml:6 service/selector-matches-nothing']);
  const route = run(['route', '--service', 'web', '--format', 'json', '.'], root);
  assert.equal(route.status, 2);
  assert.match(route.stderr, /--unit cluster:prod/);
  assert.match(route.stderr, /--unit cluster:staging/);
  const prod = run(['route', '--service', 'web', '--unit', 'cluster:prod', '--format', 'json', '.'], root);
  assert.equal(prod.status, 0, prod.stderr);
});

test('per-chart release name and values files, rendered by the real helm', () => {
  const chart = {
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'charts/web/values.yaml': 'port: 80\n',
    'charts/web/values-prod.yaml': 'port: 8080\n',
    'charts/web/values-broken.yaml': 'port: 70000\n',
    'charts/web/env/eu.yaml': 'port: 9090\n',
    'charts/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  clusterIP: None\n  ports:\n    - port: {{ .Values.port }}\n',
  };
  const helm = join(toolsDirectory(), 'helm');
  const detected = workspace('chart-detected', chart);
  const plain = run(['check', '--format', 'json', '--disable', 'service/no-selector', '--helm', helm, '.'], detected);
  // Without configuration every values-*.yaml is a variant, the broken one included.
  // On the template line, and on the values line that set the value.
  assert.deepEqual(codes(plain.stdout), ['charts/web/templates/service.yaml:8 service/port-out-of-range', 'charts/web/templates/service.yaml:8 service/target-port-out-of-range', 'charts/web/values-broken.yaml:1 service/port-out-of-range', 'charts/web/values-broken.yaml:1 service/target-port-out-of-range'], plain.stdout);
  assert.match(run(['route', '--service', 'web-web', '--helm', helm, '--unit', 'charts/web', '.'], detected).stdout, /web-web/);
  const configured = workspace('chart-configured', { ...chart, '.k8s-route.yaml': 'helm:\n  charts:\n    charts/web:\n      releaseName: shop\n      valuesFiles: [values-prod.yaml, env/eu.yaml]\n' });
  const result = run(['check', '--format', 'json', '--disable', 'service/no-selector', '--helm', helm, '.'], configured);
  assert.deepEqual(codes(result.stdout), [], result.stdout);
  const route = run(['route', '--service', 'shop-web', '--helm', helm, '--unit', 'charts/web@eu.yaml', '--format', 'json', '.'], configured);
  assert.equal(route.status, 0, route.stderr);
  assert.match(route.stdout, /9090/);
  // --release-name on the command line wins over the configuration.
  assert.equal(run(['route', '--service', 'cli-web', '--release-name', 'cli', '--helm', helm, '--unit', 'charts/web', '.'], configured).status, 0);
});

test('IP families are checked only against configured service CIDRs, and the finding says where they were set', () => {
  const v6 = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  ipFamilyPolicy: RequireDualStack\n  ipFamilies: [IPv4, IPv6]\n---\n${deployment('web')}`;
  const bare = workspace('families-bare', { 'web.yaml': v6 });
  // Nothing configured: an IPv6 or dual-stack cluster accepts the Service.
  assert.deepEqual(codes(run(['check', '--format', 'json', '.'], bare).stdout), []);
  const flagged = JSON.parse(run(['check', '--format', 'json', '--service-cidr', '10.96.0.0/12', '.'], bare).stdout) as { diagnostics: Array<{ code: string; message: string }> };
  assert.deepEqual(flagged.diagnostics.map((item) => item.code), ['service/ip-family-not-configured']);
  assert.match(flagged.diagnostics[0].message, /IPv4 only \(service CIDRs 10\.96\.0\.0\/12, set by --service-cidr\)/);
  const configured = workspace('families-config', { '.k8s-route.yaml': 'serviceCidrs: [10.96.0.0/12]\n', 'web.yaml': v6 });
  const fromFile = JSON.parse(run(['check', '--format', 'json', '.'], configured).stdout) as { diagnostics: Array<{ code: string; message: string }> };
  assert.deepEqual(fromFile.diagnostics.map((item) => item.code), ['service/ip-family-not-configured']);
  assert.match(fromFile.diagnostics[0].message, /set by serviceCidrs in \.k8s-route\.yaml\)/);
  // Two CIDRs, one per family: dual-stack, nothing to say.
  assert.deepEqual(codes(run(['check', '--format', 'json', '--service-cidr', '10.96.0.0/12,fd00:10:96::/112', '.'], bare).stdout), []);
});
