/**
 * The built CLI (dist/cli.js), run as a user runs it: output formats, exit codes, directory
 * walking, options, unreadable paths, terminal behaviour. `npm test` builds before testing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, writeTree } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(name: string, files: Record<string, string>): string {
  return writeTree(join(scratch, name), files);
}

/** A NodePort Service (nodePort 8080 at line 9, column 17) and the Deployment it selects. */
function nodePortApp(name: string, namespace = 'shop'): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  type: NodePort
  selector: {app: ${name}}
  ports:
    - port: 80
      nodePort: 8080
---
${deployment(name, namespace)}`;
}

function deployment(name: string, namespace = 'default'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: nginx, ports: [{containerPort: 80}]}]}
`;
}

const nodePortService = nodePortApp('web');
const cleanService = `apiVersion: v1\nkind: Service\nmetadata: {name: ok}\nspec: {selector: {app: ok}, ports: [{port: 80}]}\n---\n${deployment('ok')}`;

test('check examples/ prints findings as path:line:col and a summary, exit 1', () => {
  const result = run(['check', 'examples/']);
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines[2], 'examples/mistakes/metrics.yaml:14:17: error service/node-port-out-of-range: nodePort 9464 is outside the node port range 30000-32767');
  assert.match(lines[lines.length - 1], /^4 errors, 2 warnings, 1 information in 8 files \(14 objects\)$/);
  // A cross-object finding is followed by a note locating the other object.
  const unresolved = lines.findIndex((line) => line.includes('service/target-port-unresolved'));
  assert.equal(lines[unresolved], 'examples/mistakes/routing.yaml:49:19: warning service/target-port-unresolved: targetPort "grpc" names no TCP container port of Deployment/api; it has http (3000/TCP), metrics (9464/TCP)');
  // Editors show only a file's base name, so a note names the folder too.
  assert.equal(lines[unresolved + 1], '  examples/shop/api.yaml:15:9: note: Deployment/api pod template (examples/shop)');
  assert.doesNotMatch(result.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  assert.equal(result.stderr, '');
});

test('a clean workspace exits 0', () => {
  const root = workspace('clean', { 'a.yaml': cleanService });
  const result = run(['check', root]);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^0 errors, 0 warnings, 0 information in 1 file \(2 objects\)\n$/);
});

test('json: one object with 1-based positions, field paths and object ids', () => {
  const root = workspace('json', { 'svc.yaml': nodePortService });
  const result = run(['check', '--format', 'json', 'svc.yaml'], root);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report, {
    version: 1,
    files: 1,
    objects: 2,
    diagnostics: [
      { file: 'svc.yaml', line: 9, column: 17, endLine: 9, endColumn: 21, severity: 'error', code: 'service/node-port-out-of-range', message: 'nodePort 8080 is outside the node port range 30000-32767', path: 'spec.ports[0].nodePort', object: 'Service/shop/web', unit: { kind: 'plain', root: null, variant: null } },
    ],
  });
});

test('json columns count UTF-16 code units, as editors do', () => {
  const root = workspace('utf16', { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web, annotations: {note: "🚀é"}}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 1}]}\n'.replace('note: "🚀é"}}', 'note: "🚀é"}, labels: {"🚀": x}}') });
  const report = JSON.parse(run(['check', '--format=json', 'svc.yaml'], root).stdout);
  const label = report.diagnostics.find((item: { code: string }) => item.code === 'metadata/invalid-labels');
  // `metadata: {name: web, annotations: {note: "🚀é"}, labels: {` is 59 UTF-16 units (the rocket is 2).
  assert.equal(label.column, 60);
  assert.equal(label.endColumn, 64);
});

test('sarif: 2.1.0 with rule help and regions', () => {
  const root = workspace('sarif', { 'svc.yaml': nodePortService });
  const result = run(['check', '--format', 'sarif', 'svc.yaml'], root);
  assert.equal(result.status, 1);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const [runEntry] = sarif.runs;
  const rules = runEntry.tool.driver.rules;
  const [finding] = runEntry.results;
  assert.equal(finding.ruleId, 'service/node-port-out-of-range');
  assert.equal(rules[finding.ruleIndex].id, finding.ruleId);
  assert.ok(rules[finding.ruleIndex].help.text.length > 20 && rules[finding.ruleIndex].help.markdown.includes('node port'));
  assert.equal(finding.level, 'error');
  assert.deepEqual(finding.locations[0].physicalLocation, { artifactLocation: { uri: 'svc.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 9, startColumn: 17, endLine: 9, endColumn: 21 } });
  assert.deepEqual(finding.properties, { unit: { kind: 'plain', root: null, variant: null } });
  for (const rule of rules) assert.ok(rule.shortDescription.text && rule.fullDescription.text && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
});

test('directories: *.yaml and *.yml, skipping node_modules, .git and hidden folders; chart templates skipped with --no-render', () => {
  const root = workspace('walk', {
    'a.yaml': nodePortApp('a'),
    'nested/b.yml': nodePortApp('b', 'other'),
    'notes.txt': nodePortService,
    'node_modules/x/c.yaml': nodePortService,
    '.git/d.yaml': nodePortService,
    '.hidden/e.yaml': nodePortService,
    'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
    'chart/templates/svc.yaml': nodePortService,
  });
  const report = JSON.parse(run(['check', '--no-render', '--format', 'json', '.'], root).stdout);
  const seen = report.diagnostics.map((item: { file: string; code: string }) => `${item.file} ${item.code}`);
  assert.deepEqual(seen, ['a.yaml service/node-port-out-of-range', 'chart/templates/svc.yaml template/skipped', 'nested/b.yml service/node-port-out-of-range']);
  assert.equal(report.files, 4);
});

test('an unreadable path is reported on stderr, the rest is still checked, exit 2', () => {
  const root = workspace('unreadable', { 'ok.yaml': nodePortService, 'locked.yaml': cleanService });
  chmodSync(join(root, 'locked.yaml'), 0o000);
  const result = run(['check', 'missing-dir', 'ok.yaml', 'locked.yaml'], root);
  chmodSync(join(root, 'locked.yaml'), 0o644);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read missing-dir: no such file or directory/);
  assert.match(result.stdout, /ok\.yaml:9:17: error service\/node-port-out-of-range/);
  // Root can read a 000 file, so only assert on it when the read really failed.
  if (process.getuid?.() !== 0) assert.match(result.stderr, /cannot read locked\.yaml: permission denied/);
});

test('usage errors exit 2 with a message and the usage', () => {
  for (const args of [[], ['lint', '.'], ['check'], ['check', '--format', 'xml', '.'], ['check', '--node-port-range', '40000-30000', '.'], ['check', '--service-cidr', '10.0.0.0/99', '.'], ['check', '--disable', 'service/nope', '.'], ['check', '--bogus', '.'], ['check', '-x', '.']]) {
    const result = run(args);
    assert.equal(result.status, 2, `${args.join(' ')} should be a usage error`);
    assert.match(result.stderr, /^k8s-route: .+\n\nUsage: k8s-route check/, args.join(' '));
    assert.equal(result.stdout, '');
  }
});

test('- reads one manifest stream from stdin, as from helm template', () => {
  const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '-'], { input: `\ufeff${nodePortService}`, encoding: 'utf8' });
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.diagnostics.map((item: { file: string; line: number; column: number }) => [item.file, item.line, item.column]), [['-', 9, 17]]);
});

test('--help and --version', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--format text\|json\|sarif/);
  const version = run(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('options: node port range, service CIDR, namespace, disable', () => {
  const root = workspace('options', { 'svc.yaml': nodePortService, 'ip.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: ip}\nspec: {clusterIP: 10.0.0.10, selector: {app: ip}, ports: [{port: 80}]}\n---\n${deployment('ip')}` });
  const codes = (args: string[]): string[] => JSON.parse(run(['check', '--format', 'json', ...args, '.'], root).stdout).diagnostics.map((item: { code: string; object: string }) => `${item.code} ${item.object}`);
  assert.deepEqual(codes([]), ['service/node-port-out-of-range Service/shop/web']);
  assert.deepEqual(codes(['--node-port-range', '8000-9000']), []);
  assert.deepEqual(codes(['--service-cidr', '10.96.0.0/12']), ['service/cluster-ip-outside-cidr Service/default/ip', 'service/node-port-out-of-range Service/shop/web']);
  assert.deepEqual(codes(['--service-cidr', '10.96.0.0/12', '--namespace', 'dev', '--disable', 'service/node-port-out-of-range']), ['service/cluster-ip-outside-cidr Service/dev/ip', 'service/selector-matches-nothing Service/dev/ip']);
  // --namespace moves objects without one: the Service in dev no longer finds its Deployment in default.
  const split = workspace('split', { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: ip}\nspec: {selector: {app: ip}, ports: [{port: 80}]}\n', 'deploy.yaml': deployment('ip', 'default') });
  const splitCodes = (args: string[]): string[] => JSON.parse(run(['check', '--format', 'json', ...args, '.'], split).stdout).diagnostics.map((item: { code: string }) => item.code);
  assert.deepEqual(splitCodes([]), []);
  assert.deepEqual(splitCodes(['--namespace', 'dev']), ['service/selector-matches-nothing']);
  assert.equal(run(['check', '--disable', 'service/node-port-out-of-range', root]).status, 0);
});

test('files too large to be manifests are skipped with information', () => {
  const root = workspace('large', { 'big.yaml': `# ${'x'.repeat(9 * 1024 * 1024)}\n` });
  const report = JSON.parse(run(['check', '--format', 'json', '.'], root).stdout);
  assert.deepEqual(report.diagnostics.map((item: { code: string; severity: string }) => [item.code, item.severity]), [['file/too-large', 'information']]);
});

test('on a terminal: colour on stdout and progress on stderr for long runs', () => {
  const files: Record<string, string> = {};
  for (let index = 0; index < 250; index++) files[`m${String(index).padStart(3, '0')}.yaml`] = index === 7 ? nodePortService : cleanService.replace(/\bok\b/g, `ok${index}`);
  const root = workspace('tty', files);
  // `script` gives the CLI a real pseudo-terminal for stdout and stderr.
  const result = spawnSync('script', ['-qec', `${process.execPath} ${cli} check .`, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /reading \d+\/250 files/);
  assert.match(result.stdout, /\u001b\[31merror\u001b\[0m/);
  const piped = run(['check', '--format', 'json', '.'], root);
  assert.doesNotMatch(piped.stderr, /reading|analysing/);
  assert.equal(JSON.parse(piped.stdout).files, 250);
});

test('route draws the path of one Service, one lane per port, exit 0 when it works', () => {
  const result = run(['route', '--service', 'shop/frontend', 'examples/']);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], 'Service shop/frontend (LoadBalancer)  examples/shop/frontend.yaml:34:9');
  assert.equal(lines[2], 'port http 80/TCP, targetPort http');
  assert.match(result.stdout, / 7 → pods {10}Deployment\/frontend × 3\n/);
  assert.match(result.stdout, / 8 → container {5}web:8080\/TCP\n/);
  assert.match(result.stdout, /the port reaches its containers\n$/);
});

test('route marks a broken hop with its finding and exits 1', () => {
  const result = run(['route', '--service', 'api-grpc', 'examples/']);
  assert.equal(result.status, 1);
  assert.match(result.stdout, / 4 ✗ pods {10}Deployment\/api × 2\n/);
  assert.match(result.stdout, /warning service\/target-port-unresolved: targetPort "grpc" names no TCP container port of Deployment\/api/);
  assert.match(result.stdout, /1 of 1 port cannot deliver traffic\n$/);
});

test('route --format json prints the RouteModel', () => {
  const result = run(['route', '--format', 'json', '--service', 'db', 'examples/shop']);
  assert.equal(result.status, 0);
  const model = JSON.parse(result.stdout);
  assert.equal(model.version, 2);
  assert.deepEqual(model.service, { kind: 'Service', namespace: 'shop', name: 'db', type: 'ClusterIP', headless: true, file: 'examples/shop/database.yaml', range: { start: { line: 5, character: 8 }, end: { line: 5, character: 10 } } });
  assert.deepEqual(model.lanes[0].hops.map((hop: { kind: string }) => hop.kind), ['client', 'dns', 'pod', 'container']);
});

test('route with an unknown or ambiguous Service exits 2 listing the Services that exist', () => {
  const unknown = run(['route', '--service', 'nope', 'examples/shop']);
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stdout, '');
  assert.equal(unknown.stderr, 'k8s-route: no Service "nope" in the given files\nServices found:\n  shop/admin\n  shop/api\n  shop/db\n  shop/frontend\n  shop/payments\n');
  const root = workspace('ambiguous', { 'a.yaml': nodePortApp('web', 'one'), 'b.yaml': nodePortApp('web', 'two') });
  const ambiguous = run(['route', '--service', 'web', '.'], root);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /"web" names 2 Services; add the namespace/);
  assert.equal(run(['route', '--service', 'two/web', '.'], root).status, 1, 'nodePort 8080 is out of range: the node hop is broken');
  assert.equal(run(['route', '.'], root).status, 2, 'route without --service is a usage error');
});

test('--cluster-domain names Services and their DNS records in the route', () => {
  const root = workspace('domain', { 'svc.yaml': cleanService });
  const result = run(['route', '--service', 'ok', '--cluster-domain', 'corp.internal', '.'], root);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /DNS: ok\.default\.svc\.corp\.internal:80\./);
  assert.match(result.stdout, /ok\.default\.svc\.corp\.internal\. A 10\.\d+\.\d+\.\d+ {2}; example/);
  assert.equal(run(['route', '--service', 'ok', '--cluster-domain', 'not a domain', '.'], root).status, 2);
});

test('--fail-on warning turns warnings into a failing exit status', () => {
  const root = workspace('fail-on', { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: lonely}\nspec: {selector: {app: lonely}, ports: [{port: 80}]}\n' });
  assert.equal(run(['check', '.'], root).status, 0);
  assert.equal(run(['check', '--fail-on', 'warning', '.'], root).status, 1);
  assert.equal(run(['check', '--fail-on', 'hint', '.'], root).status, 2);
});

test('a folder walk reads JSON manifests and leaves other JSON alone', () => {
  const root = workspace('json-walk', {
    'controller.json': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api', ports: [{ name: 'http', containerPort: 8080 }] }] } } } }, null, 2),
    'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: http}]\n',
    'broken-service.json': '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "edge"},\n  "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 80}]}\n}\n',
    'package.json': '{"name": "app", "version": "1.0.0"}',
    'tsconfig.json': '{\n  // comment\n  "compilerOptions": {},\n}\n',
  });
  const result = run(['check', '--format', 'json', root]);
  const report = JSON.parse(result.stdout) as { files: number; diagnostics: Array<{ file: string; code: string; line: number; column: number }> };
  assert.deepEqual(
    report.diagnostics.map((finding) => [finding.file.replace(/.*[\\/]/, ''), finding.code, finding.line, finding.column]),
    [
      ['broken-service.json', 'service/no-selector', 5, 20],
      ['broken-service.json', 'service/node-port-out-of-range', 5, 67],
    ],
  );
  assert.equal(result.status, 1);
});
