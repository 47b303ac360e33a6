/**
 * JSON manifests and typed lists: kubectl applies `*.json` like YAML, and the API returns lists
 * whose items omit apiVersion and kind. Both reach the rules with exact ranges; JSON that holds
 * no object is left alone, and quick fixes in JSON stay JSON.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/features/fixes';
import { hoverAt } from '../../server/src/core/features/hover';
import { defaultSettings } from '../../server/src/core/model';
import type { SourceFile } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse';
import { WorkspaceIndex } from '../../server/src/core/workspace';

const deploymentJson = JSON.stringify(
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'frontend' },
    spec: {
      selector: { matchLabels: { app: 'frontend' } },
      template: { metadata: { labels: { app: 'frontend' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ name: 'http-server', containerPort: 8080 }] }] } },
    },
  },
  null,
  2,
);
const serviceYaml = 'apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec:\n  selector: {app: frontend}\n  ports:\n    - port: 80\n      targetPort: http-server\n';

function codes(sources: SourceFile[]): string[] {
  return analyzeWorkspace(sources, defaultSettings).files.flatMap((file) => file.findings.map((finding) => `${file.path}: ${finding.code}`));
}

test('a workload written in JSON resolves the named targetPort of a YAML Service', () => {
  assert.deepEqual(codes([{ path: 'frontend.json', text: deploymentJson }, { path: 'service.yaml', text: serviceYaml }]), []);
  // Without the JSON file the same Service selects nothing: the JSON really was read.
  assert.ok(codes([{ path: 'service.yaml', text: serviceYaml }]).includes('service.yaml: service/selector-matches-nothing'));
});

test('findings in JSON sit exactly on the value, tabs and all', () => {
  const text = '{\n\t"apiVersion": "v1",\n\t"kind": "Service",\n\t"metadata": {"name": "web"},\n\t"spec": {\n\t\t"type": "NodePort",\n\t\t"ports": [{"port": 80, "nodePort": 8080}]\n\t}\n}\n';
  const [file] = analyzeWorkspace([{ path: 'svc.json', text }], defaultSettings).files;
  const finding = file.findings.find((item) => item.code === 'service/node-port-out-of-range');
  assert.ok(finding, JSON.stringify(file.findings));
  assert.equal(text.slice(finding.span.start, finding.span.end), '8080');
  assert.equal(finding.path, 'spec.ports[0].nodePort');
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'svc.json', text });
  const hover = hoverAt(index, 'svc.json', text.indexOf('8080') + 1, 'en');
  assert.match(hover?.markdown ?? '', /nodePort/i);
});

test('JSON that is no manifest gets no finding and is not parsed', () => {
  const packageJson = '{\n  "name": "app",\n  "scripts": {"build": "tsc"},\n  "kind": "of-a-joke"\n}\n';
  const tsconfig = '{\n  // comments are not JSON\n  "compilerOptions": {"strict": true,}\n}\n';
  const dashboard = '{"panels": [{"title": "{{ $labels.pod }}", "targets": [{"expr": "up"}]}]}';
  const arrayOfThings = '[{"apiVersion": "v1", "kind": "Service"}]';
  for (const text of [packageJson, tsconfig, dashboard, arrayOfThings]) {
    const parsed = parseFile({ path: 'x.json', text });
    assert.deepEqual([parsed.objects.length, parsed.findings.length], [0, 0], text);
  }
  // The same text named .yaml is YAML: its syntax error is reported.
  assert.ok(parseFile({ path: 'x.yaml', text: '{"apiVersion": "v1", "kind": "Service", ' }).findings.some((finding) => finding.code === 'yaml/syntax'));
  // A JSON manifest with a syntax error says so.
  const broken = parseFile({ path: 'svc.json', text: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}' });
  assert.ok(broken.findings.some((finding) => finding.code === 'yaml/syntax'), JSON.stringify(broken.findings));
});

test('typed lists give their items the kind their name implies, in YAML and JSON', () => {
  const podList = 'apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: a, labels: {app: a}}\n    spec: {containers: [{name: c, ports: [{name: web, containerPort: 80}]}]}\n  - metadata: {name: b}\n    spec: {containers: [{name: c}]}\n';
  const parsed = parseFile({ path: 'pods.yaml', text: podList });
  assert.deepEqual(parsed.objects.map((object) => [object.apiVersion, object.kind, object.recognized, object.name]), [
    ['v1', 'Pod', 'Pod', 'a'],
    ['v1', 'Pod', 'Pod', 'b'],
  ]);
  // The anchor of an item without `kind` is its first key, inside the item.
  assert.equal(podList.slice(parsed.objects[0].anchorSpan.start, parsed.objects[0].anchorSpan.end), 'metadata');
  const deployments = JSON.stringify({ apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: {}, items: [JSON.parse(deploymentJson), { metadata: { name: 'api' }, spec: {} }] });
  const fromJson = parseFile({ path: 'list.json', text: deployments });
  assert.deepEqual(fromJson.objects.map((object) => `${object.apiVersion} ${object.kind}/${object.name}`), ['apps/v1 Deployment/frontend', 'apps/v1 Deployment/api']);
  // An item that names its kind keeps it; `kind: List` items without one are not objects.
  const mixed = parseFile({ path: 'm.yaml', text: 'apiVersion: v1\nkind: ServiceList\nitems:\n  - {apiVersion: v1, kind: Endpoints, metadata: {name: e}}\n  - {metadata: {name: s}}\n---\napiVersion: v1\nkind: List\nitems:\n  - {metadata: {name: nothing}}\n' });
  assert.deepEqual(mixed.objects.map((object) => `${object.kind}/${object.name}`), ['Endpoints/e', 'Service/s']);
  // A Service of a ServiceList is checked like any Service; its Pods from a PodList are selected.
  const services = 'apiVersion: v1\nkind: ServiceList\nitems:\n  - metadata: {name: a}\n    spec: {selector: {app: a}, ports: [{port: 80, targetPort: web}]}\n';
  assert.deepEqual(codes([{ path: 'pods.yaml', text: podList }, { path: 'services.yaml', text: services }]), []);
});

test('quick fixes in a JSON manifest produce JSON', () => {
  const text = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "web"},\n  "spec": {\n    "type": "NodePort",\n    "ports": [{"port": 80, "nodePort": 8080}]\n  }\n}\n';
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'svc.json', text });
  const finding = index.findings('svc.json').find((item) => item.code === 'service/node-port-out-of-range')!;
  const fixes = fixesFor(index, finding);
  assert.ok(fixes.length >= 2, fixes.map((fix) => fix.title).join(', '));
  for (const fix of fixes) {
    let result = text;
    for (const edit of [...fix.edits].sort((left, right) => right.span.start - left.span.start)) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
    const parsed = JSON.parse(result) as { spec: { ports: Array<Record<string, unknown>> } };
    assert.ok(!('nodePort' in parsed.spec.ports[0]) || typeof parsed.spec.ports[0].nodePort === 'number', fix.title);
  }
  // A selector fix writes quoted keys and values.
  const service = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "frontend"}, "spec": {"selector": {"app": "frontnd"}, "ports": [{"port": 80}]}}';
  const selectorIndex = new WorkspaceIndex(defaultSettings);
  selectorIndex.update({ path: 'svc.json', text: service }, { path: 'frontend.json', text: deploymentJson });
  const mismatch = selectorIndex.findings('svc.json').find((item) => item.code === 'service/selector-matches-nothing')!;
  const [fix] = fixesFor(selectorIndex, mismatch);
  assert.ok(fix, 'a selector fix is offered');
  let fixed = service;
  for (const edit of [...fix.edits].sort((left, right) => right.span.start - left.span.start)) fixed = fixed.slice(0, edit.span.start) + edit.newText + fixed.slice(edit.span.end);
  assert.deepEqual((JSON.parse(fixed) as { spec: { selector: unknown } }).spec.selector, { app: 'frontend' });
});
