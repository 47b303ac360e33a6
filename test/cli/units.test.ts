/**
 * Render units through the built CLI with the real, pinned helm and kubectl: a chart with
 * helpers, ranges, values variants and a subchart; a kustomize base with components and three
 * overlays (strategic-merge, JSON 6902 and inline patches, namePrefix, labels); plain files beside
 * them (test/repos). Each planted mistake must land on the exact template, patch or resource line;
 * the clean parts stay silent. Then the fallbacks: no tools, failing tools, slow tools.
 * `UPDATE_EXPECT=1` rewrites the expected outputs for review.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, toolsDirectory, writeTree } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const repos = join(repoRoot, 'test', 'repos');
const tools = toolsDirectory();
const helm = join(tools, 'helm');
const kubectl = join(tools, 'kubectl');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-units-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const update = process.env.UPDATE_EXPECT === '1';

/** A PATH that holds node and, optionally, links to some tools: nothing of the machine's own. */
function pathWith(...links: Array<[string, string]>): string {
  const bin = mkdtempSync(join(scratch, 'bin-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const [name, target] of links) symlinkSync(target, join(bin, name));
  return bin;
}

function run(args: string[], cwd: string, path: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: path, HOME: scratch, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOutput(actual: string, file: string): void {
  const path = join(repos, file);
  if (update) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `output differs from test/repos/${file}; rerun with UPDATE_EXPECT=1 and review the diff`);
}

function workspace(name: string, files: Record<string, string>): string {
  return writeTree(join(scratch, name), files);
}

test('rendered with helm and kubectl kustomize: every planted mistake on the line that wrote it', () => {
  const result = run(['check', '--helm', helm, '--kustomize', kubectl, '.'], repos, pathWith());
  assert.equal(result.status, 1, result.stderr);
  expectOutput(result.stdout, 'expected.txt');
  const lines = result.stdout.split('\n');
  // The template line with the action, and what it rendered to.
  assert.ok(lines.includes('charts/shop/templates/service.yaml:15:19: warning service/target-port-unresolved: targetPort "metrics" names no TCP container port of Deployment/shop-shop; it has http (8080/TCP), metric (9090/TCP) (targetPort renders to "metrics")'));
  // Only one values variant sets a NodePort: the finding says which, and notes the values line.
  const nodePort = lines.findIndex((line) => line.startsWith('charts/shop/templates/service.yaml:17:17: error service/node-port-out-of-range') && line.endsWith('(with values-production.yaml)'));
  assert.ok(nodePort !== -1);
  assert.equal(lines[nodePort + 1], '  charts/shop/values-production.yaml:4:3: note: .Values.service.nodePort is set here (charts/shop)');
  // The strategic-merge patch line, not the base Service.
  assert.ok(lines.some((line) => line.startsWith('kustomize/overlays/production/service-type.yaml:10:17: error service/node-port-out-of-range')));
  // No false errors on patches, no duplicate objects across overlays, no transformer config as an object.
  assert.doesNotMatch(result.stdout, /ports-required|duplicate-object|team-labels|template\/skipped/);
});

test('tools found on PATH: helm, and kubectl for kustomize when kustomize is absent', () => {
  const result = run(['check', '.'], repos, pathWith(['helm', helm], ['kubectl', kubectl]));
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, readFileSync(join(repos, 'expected.txt'), 'utf8'));
});

test('without the tools: one finding per unit saying why, kustomize approximated, templates skipped', () => {
  const result = run(['check', '.'], repos, pathWith());
  expectOutput(result.stdout, 'expected-no-tools.txt');
  assert.match(result.stdout, /charts\/shop\/Chart\.yaml:1:1: information render\/tool-missing: helm is not installed/);
  assert.equal(result.stdout.match(/render\/tool-missing: neither kustomize nor kubectl/g)?.length, 3, 'one per overlay');
  // --no-render: the same approximation, and no tool-missing findings.
  const off = run(['check', '--no-render', '.'], repos, pathWith(['helm', helm]));
  assert.doesNotMatch(off.stdout, /render\/tool-missing/);
  assert.match(off.stdout, /template\/skipped/);
});

test('json gives each finding its unit', () => {
  const report = JSON.parse(run(['check', '--format', 'json', '--helm', helm, '--kustomize', kubectl, '.'], repos, pathWith()).stdout);
  const byCode = (code: string, file: string) => report.diagnostics.find((item: { code: string; file: string }) => item.code === code && item.file === file);
  assert.deepEqual(byCode('service/node-port-out-of-range', 'charts/shop/templates/service.yaml').unit, { kind: 'helm', root: 'charts/shop', variant: 'charts/shop/values-production.yaml' });
  assert.deepEqual(byCode('service/node-port-out-of-range', 'kustomize/overlays/production/service-type.yaml').unit, { kind: 'kustomize', root: 'kustomize/overlays/production', variant: null });
  assert.deepEqual(byCode('workload/selector-mismatch', 'plain/web.yaml').unit, { kind: 'plain', root: null, variant: null });
  const sharedBy = byCode('service/target-port-unresolved', 'charts/shop/templates/service.yaml');
  assert.equal(sharedBy.units.length, 3, 'the same finding from three variants is one finding');
});

test('route resolves a Service within its unit; --unit picks one when several define it', () => {
  const path = pathWith();
  const ambiguous = run(['route', '--service', 'shop-shop', '--helm', helm, '--kustomize', kubectl, '.'], repos, path);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /"shop-shop" names 3 Services in different units; choose one with --unit/);
  assert.match(ambiguous.stderr, /^ {2}default\/shop-shop {2}\(--unit charts\/shop@values-production\.yaml\)$/m);
  const production = run(['route', '--service', 'checkout/checkout', '--unit', 'kustomize/overlays/production', '--format', 'json', '--helm', helm, '--kustomize', kubectl, '.'], repos, path);
  assert.equal(production.status, 1, 'nodePort 3080 is outside the range: the node hop is broken');
  const model = JSON.parse(production.stdout);
  assert.deepEqual(model.service.unit, { id: 'kustomize:kustomize/overlays/production/kustomization.yaml', kind: 'kustomize', root: 'kustomize/overlays/production', variant: null, label: 'in kustomize/overlays/production' });
  assert.equal(model.service.file, 'kustomize/base/service.yaml');
  const node = model.lanes[0].hops.find((hop: { kind: string }) => hop.kind === 'node');
  assert.equal(node.file, 'kustomize/overlays/production/service-type.yaml', 'the node port hop opens the patch that sets it');
  assert.equal(node.range.start.line, 9);
  const variant = run(['route', '--service', 'shop-shop', '--unit', 'charts/shop@values-production.yaml', '--helm', helm, '.'], repos, path);
  assert.match(variant.stdout, /Service default\/shop-shop \(NodePort\)/);
  const plain = run(['route', '--service', 'tools/web', '--unit', 'plain', '--no-render', '.'], repos, path);
  assert.match(plain.stdout, /Service tools\/web \(ClusterIP\)/);
});

test('an overlay checked alone still reads the base it builds from', () => {
  const result = run(['check', '--kustomize', kubectl, 'kustomize/overlays/production'], repos, pathWith());
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^kustomize\/overlays\/production\/service-type\.yaml:10:17: error service\/node-port-out-of-range/m);
  assert.match(result.stdout, /in 6 files/, 'the overlay, its patch, and the base with its transformer configuration');
});

test('a chart that fails to render: the tool\'s error on Chart.yaml and on the template line it names', () => {
  const root = workspace('broken-chart', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
    'chart/values.yaml': 'port: 80\n',
    'chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: {{ .Values.port | nosuchfunction }}\n',
  });
  const result = run(['check', '--helm', helm, '.'], root, pathWith());
  assert.match(result.stdout, /^chart\/Chart\.yaml:1:1: warning render\/failed: helm template failed: .*nosuchfunction/m);
  assert.match(result.stdout, /^chart\/templates\/svc\.yaml:7:5: warning render\/failed: /m);
  assert.match(result.stdout, /template\/skipped/);
});

test('a YAML error counts lines of the rendered output: it goes on the template line that wrote that line, also for a chart at the checked root', () => {
  // Rendered, the template's line 12 becomes line 10 (the if/end lines write nothing): helm says "line 10".
  const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  # a comment\n  labels:\n    a: b\ndata:\n  {{- if true }}\n  k: v\n  {{- end }}\n  bad: {{ .Values.extra }}\n';
  const chart = { 'Chart.yaml': 'apiVersion: v2\nname: yamlerr\nversion: 0.1.0\n', 'values.yaml': 'extra: "a: b: c"\n', 'templates/cm.yaml': template };
  for (const [name, prefix] of [['yaml-error', 'chart/'], ['yaml-error-root', '']] as const) {
    const root = workspace(name, Object.fromEntries(Object.entries(chart).map(([file, text]) => [`${prefix}${file}`, text])));
    const result = run(['check', '--helm', helm, '.'], root, pathWith());
    assert.match(result.stdout, new RegExp(`^${prefix}templates/cm\\.yaml:12:3: warning render/failed: helm template failed: YAML parse error on yamlerr/templates/cm\\.yaml: error converting YAML to JSON: yaml: line 10 of its rendered output \\(template line 12\\): mapping values are not allowed in this context$`, 'm'), result.stdout);
    assert.match(result.stdout, new RegExp(`^${prefix}Chart\\.yaml:1:1: warning render/failed: `, 'm'));
    assert.doesNotMatch(result.stdout, /--debug|Error: YAML/);
  }
});

test('items a toYaml line writes: the finding goes on that line, with the values file that set them as a note', () => {
  const root = workspace('to-yaml', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: np\nversion: 0.1.0\n',
    'chart/values.yaml': 'networkPolicy:\n  extraIngressRules:\n    - from:\n        - podSelector: {matchLabels: {app: scraper}}\n      ports:\n        - port: metricz\n',
    'chart/templates/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n        - name: app\n          image: app\n          ports:\n            - {name: http, containerPort: 8080}\n            - {name: metrics, containerPort: 9090}\n',
    'chart/templates/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: app\nspec:\n  podSelector:\n    matchLabels: {app: app}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n      ports:\n        - port: http\n    {{- with .Values.networkPolicy.extraIngressRules }}\n    {{- toYaml . | nindent 4 }}\n    {{- end }}\n',
  });
  const result = run(['check', '--helm', helm, '.'], root, pathWith());
  assert.match(result.stdout, /^chart\/templates\/np\.yaml:14:5: warning networkpolicy\/unknown-port: port "metricz" names no TCP container port/m, result.stdout);
  assert.match(result.stdout, /^ {2}chart\/values\.yaml:2:3: note: \.Values\.networkPolicy\.extraIngressRules is set here/m);
});

test('a chart\'s HTTPRoute to the platform\'s shared Gateway, which no chart ships: only information', () => {
  const root = workspace('shared-gateway', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    'chart/values.yaml': 'gateway: {name: shared, namespace: gateway-system}\nhost: shop.example.com\n',
    'chart/templates/route.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  parentRefs:\n    - name: {{ .Values.gateway.name }}\n      namespace: {{ .Values.gateway.namespace }}\n  hostnames: [{{ .Values.host }}]\n  rules:\n    - backendRefs:\n        - name: {{ .Release.Name }}\n          port: 80\n',
    'chart/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: {app: shop}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: {matchLabels: {app: shop}}\n  template:\n    metadata: {labels: {app: shop}}\n    spec: {containers: [{name: shop, image: shop, ports: [{containerPort: 8080}]}]}\n',
  });
  const result = run(['check', '--format', 'json', '--helm', helm, '.'], root, pathWith());
  const diagnostics = (JSON.parse(result.stdout) as { diagnostics: Array<{ file: string; line: number; severity: string; code: string }> }).diagnostics;
  assert.deepEqual(diagnostics.map((item) => `${item.file}:${item.line} ${item.severity} ${item.code}`), ['chart/templates/route.yaml:7 information gateway/parent-not-in-files']);
  assert.equal(result.status, 0);
});

test('a hand-applied Service beside a kustomization: it reaches the Pods kustomize puts in its namespace, and its route names their resource file', () => {
  const root = workspace('ops-beside', {
    'k8s/kustomization.yaml': 'namespace: shop\nresources: [api.yaml]\n',
    'k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api, ports: [{name: metrics, containerPort: 9090}]}]}\n',
    'ops/metrics.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api-metrics, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 9090, targetPort: metrics}]}\n',
  });
  const check = run(['check', '--format', 'json', '--kustomize', kubectl, '.'], root, pathWith());
  assert.deepEqual(JSON.parse(check.stdout).diagnostics, []);
  const route = run(['route', '--format', 'json', '--kustomize', kubectl, '--service', 'shop/api-metrics', '.'], root, pathWith());
  const model = JSON.parse(route.stdout) as { lanes: Array<{ hops: Array<{ kind: string; file?: string; range?: { start: { line: number } } }> }> };
  const pods = model.lanes[0].hops.find((hop) => hop.kind === 'pod')!;
  assert.equal(pods.file, 'k8s/api.yaml');
  assert.equal(pods.range!.start.line, 6);
});

test('missing chart dependencies: a finding on Chart.yaml, helm never asked to download', () => {
  const root = workspace('deps', {
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: postgresql\n    version: 15.x.x\n    repository: https://charts.example.com\n',
    'app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n',
  });
  const result = run(['check', '--helm', helm, '.'], root, pathWith());
  assert.match(result.stdout, /^app\/Chart\.yaml:4:1: warning render\/missing-dependencies: the chart's dependencies postgresql are listed in Chart\.yaml but missing from charts\/: run `helm dependency build`/m);
});

test('a tool that runs past the time limit is stopped and reported', () => {
  const bin = mkdtempSync(join(scratch, 'slow-'));
  writeFileSync(join(bin, 'helm'), '#!/bin/sh\nexec node -e "setTimeout(() => {}, 30000)"\n');
  chmodSync(join(bin, 'helm'), 0o755);
  const root = workspace('slow', { 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'c/templates/a.yaml': 'kind: ConfigMap\n' });
  const started = Date.now();
  const result = run(['check', '--render-timeout', '0.5', '.'], root, `${bin}:${pathWith()}`);
  assert.ok(Date.now() - started < 15_000, 'the run did not wait for the tool');
  assert.match(result.stdout, /^c\/Chart\.yaml:1:1: warning render\/timeout: helm template did not finish within 0\.5 s and was stopped/m);
});

test('remote kustomize resources are not fetched: a finding on their line, the rest approximated', () => {
  const root = workspace('remote', {
    'k/kustomization.yaml': 'resources:\n  - https://github.com/example/app//deploy?ref=v1\n  - svc.yaml\n',
    'k/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, selector: {app: s}, ports: [{port: 80, nodePort: 80}]}\n',
  });
  const result = run(['check', '--kustomize', kubectl, '.'], root, pathWith());
  assert.match(result.stdout, /^k\/kustomization\.yaml:2:5: information render\/remote-resource: remote resource https:\/\/github\.com\/example\/app\/\/deploy\?ref=v1 is not fetched/m);
  assert.match(result.stdout, /^k\/svc\.yaml:4:73: error service\/node-port-out-of-range/m);
});

test('a kustomization the tool rejects: its error on the line it names, and the approximation checks the rest', () => {
  const root = workspace('rejected', {
    'k/kustomization.yaml': 'namespace: legacy\nresources: [svc.yaml]\npatches:\n  - path: missing-patch.yaml\n',
    'k/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, selector: {app: s}, ports: [{port: 80, nodePort: 80}]}\n',
  });
  const result = run(['check', '--kustomize', kubectl, '.'], root, pathWith());
  assert.match(result.stdout, /^k\/kustomization\.yaml:4:3: warning render\/failed: kubectl kustomize failed: .*missing-patch\.yaml/m);
  assert.match(result.stdout, /^k\/svc\.yaml:4:24: warning service\/selector-matches-nothing: selector app=s matches no pod template in namespace legacy/m);
  assert.match(result.stdout, /^k\/svc\.yaml:4:73: error service\/node-port-out-of-range/m);
});

test('a packaged subchart (charts/x.tgz): its findings go to Chart.yaml, saying which template wrote them', () => {
  const root = workspace('packaged', {
    'sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
    'sub/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: sub}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 80}], selector: {app: sub}}\n',
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n',
  });
  spawnSync(helm, ['package', join(root, 'sub'), '--destination', join(root, 'app', 'charts')], { encoding: 'utf8', env: { HOME: scratch } });
  rmSync(join(root, 'sub'), { recursive: true, force: true });
  const result = run(['check', '--helm', helm, '.'], root, pathWith());
  assert.match(result.stdout, /^app\/Chart\.yaml:1:1: error service\/node-port-out-of-range: nodePort 80 is outside the node port range 30000-32767 \(in app\/charts\/sub\/templates\/svc\.yaml, which is not a file of the workspace\)$/m);
});

test('a component no kustomization uses yet is approximated, not built: its resources checked, its patches not objects', () => {
  const root = workspace('component', {
    'components/https/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [ingress.yaml]\npatches:\n  - path: service.patch.yaml\n',
    'components/https/service.patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec: {type: NodePort}\n',
    'components/https/ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: frontend}\nspec: {defaultBackend: {service: {name: frontend, port: {number: 80}}}}\n',
  });
  const result = run(['check', '--kustomize', kubectl, '.'], root, pathWith());
  assert.doesNotMatch(result.stdout, /render\/failed|ports-required/);
  assert.match(result.stdout, /^components\/https\/ingress\.yaml:4:\d+: warning ingress\/unknown-service/m);
});
