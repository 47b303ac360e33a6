/**
 * Render units in the built language server over stdio, with the pinned helm and kubectl: findings
 * of charts and overlays on the template and patch lines that wrote them, hover, navigation, lens,
 * route and quick fixes on rendered objects, renders following unsaved edits and touching only the
 * units that read the edited file, plain files never waiting for a render, and no tool run in an
 * untrusted workspace.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeAction, CodeLens, Hover, Location } from 'vscode-languageserver-protocol';
import { repoRoot, toolsDirectory } from '../helpers';
import { LspClient, positionOf } from './lspClient';

const tools = toolsDirectory();
const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-lsp-units-'));
cpSync(join(repoRoot, 'test', 'repos'), workspace, { recursive: true });
const uriOf = (relative: string): string => pathToFileURL(join(workspace, relative)).toString();
const textOf = (relative: string): string => readFileSync(join(workspace, relative), 'utf8');
const codes = (diagnostics: Array<{ code?: string | number }>): string[] => diagnostics.map((item) => String(item.code));
const renderLogs = (client: LspClient): string[] => client.notifications.filter((note) => note.method === 'window/logMessage' && /^k8s-route: rendered /.test(note.params.message)).map((note) => note.params.message);

let client: LspClient;
before(async () => {
  client = new LspClient();
  client.settings = { helm: { path: join(tools, 'helm') }, kustomize: { path: join(tools, 'kubectl') } };
  await client.initialize(workspace, { initializationOptions: { debounceMs: 0 } });
});
after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
  assert.equal(client.stderr, '');
});

test('findings of rendered charts and overlays land on the template and patch lines', async () => {
  const template = await client.diagnosticsOf(uriOf('charts/shop/templates/service.yaml'), (items) => items.length === 2);
  const unresolved = template.find((item) => item.code === 'service/target-port-unresolved')!;
  assert.equal(unresolved.range.start.line, 14);
  assert.match(unresolved.message, /\(targetPort renders to "metrics"\)/);
  assert.equal(unresolved.relatedInformation![0].location.uri, uriOf('charts/shop/templates/deployment.yaml'));
  assert.match(unresolved.relatedInformation![0].message, /\(charts\/shop\/templates\)$/);
  const nodePort = template.find((item) => item.code === 'service/node-port-out-of-range')!;
  assert.match(nodePort.message, /\(with values-production\.yaml\)/);
  const patch = await client.diagnosticsOf(uriOf('kustomize/overlays/production/service-type.yaml'), (items) => items.length === 1);
  assert.deepEqual([codes(patch), patch[0].range.start], [['service/node-port-out-of-range'], { line: 9, character: 16 }]);
  await client.diagnosticsOf(uriOf('plain/web.yaml'), (items) => items.length === 2);
  for (const quiet of ['kustomize/base/team-labels.yaml', 'kustomize/base/deployment.yaml', 'charts/shop/values.yaml']) assert.equal(client.diagnostics.get(uriOf(quiet))?.diagnostics.length ?? 0, 0, `${quiet} stays silent`);
});

test('a values line that makes a template finding shows it too, with the template linked, and its value fix lands there', async () => {
  const values = 'charts/shop/values-production.yaml';
  const uri = uriOf(values);
  const diagnostics = await client.diagnosticsOf(uri, (items) => items.length === 1);
  const [nodePort] = diagnostics;
  assert.equal(nodePort.code, 'service/node-port-out-of-range');
  assert.equal(nodePort.severity, 1, 'the API server rejects what this value renders');
  assert.deepEqual(nodePort.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 16 } });
  assert.match(nodePort.message, /\(\.Values\.service\.nodePort renders into charts\/shop\/templates\/service\.yaml\)/);
  assert.equal(nodePort.relatedInformation![0].location.uri, uriOf('charts/shop/templates/service.yaml'));
  assert.equal(nodePort.relatedInformation![0].location.range.start.line, 16);
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: nodePort.range, context: { diagnostics: [nodePort] } })) as CodeAction[];
  const use = actions.find((action) => /^Use nodePort \d+ \(free, in range\)$/.test(action.title));
  assert.ok(use, actions.map((action) => action.title).join(' | '));
  const edits = use.edit!.changes![uri];
  assert.equal(edits.length, 1);
  assert.deepEqual(edits[0].range, nodePort.range);
  assert.match(edits[0].newText, /^3\d{4}$/);
  // Removing the key is not a value: it is not offered where a template writes the key.
  assert.ok(!actions.some((action) => /^Remove nodePort/.test(action.title)));
});

test('hover, definition, code lens and route work on a template', async () => {
  const uri = uriOf('charts/shop/templates/service.yaml');
  const text = textOf('charts/shop/templates/service.yaml');
  // Three values variants and three overlays, all rendered.
  await client.until(() => renderLogs(client).length >= 6);
  client.open(uri, text);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'targetPort: {{', 14) })) as Hover;
  const markdown = (hover.contents as { value: string }).value;
  assert.match(markdown, /^\*Renders to `http`, `metrics` with values\.yaml \(and 2 more\)\*/);
  assert.match(markdown, /\]\(file:\/\/[^)]*charts\/shop\/templates\/deployment\.yaml#L\d+\)/, 'links point at the template, not the rendered text');
  const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'targetPort: {{', 14) })) as Location[];
  assert.ok(definition.length > 0 && definition.every((location) => location.uri === uriOf('charts/shop/templates/deployment.yaml')), JSON.stringify(definition));
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
  assert.equal(lenses.length, 2, 'one summary and one Show route, not one pair per variant');
  assert.match(lenses[0].command!.title, /→ Deployment\/shop-shop × \d · .* · with values\.yaml \(\+2 more\)/);
  const model = (await client.connection.sendRequest('k8sRoute/route', { textDocument: { uri }, position: positionOf(text, 'kind: Service') })) as any;
  assert.equal(model.service.name, 'shop-shop');
  assert.equal(model.service.unit.kind, 'helm');
  assert.equal(model.service.file, uri);
  const files = new Set(model.lanes.flatMap((lane: any) => lane.hops.map((hop: any) => hop.file).filter(Boolean)));
  assert.ok([...files].every((file) => String(file).startsWith(uriOf('charts/shop/templates/'))), [...files].join(', '));
  const named = (await client.connection.sendRequest('k8sRoute/route', { namespace: 'default', name: 'shop-shop', unit: lenses[1].command!.arguments![0].unit })) as any;
  assert.equal(named.service.unit.id, lenses[1].command!.arguments![0].unit);
  // The panel can switch between the values variants that render this template.
  assert.deepEqual(model.service.alternatives.map((alternative: any) => alternative.label).sort(), ['with values-production.yaml', 'with values-staging.yaml', 'with values.yaml'].sort());
  const services = (await client.connection.sendRequest('k8sRoute/services', {})) as any[];
  assert.equal(services.filter((service) => service.name === 'shop-shop').length, 3, 'one per values variant, each with its unit');
});

test('a kustomize patch file has a route and a lens: the Service it patches, rendered in its overlay', async () => {
  await client.until(() => renderLogs(client).length >= 6);
  const uri = uriOf('kustomize/overlays/production/service-type.yaml');
  const text = textOf('kustomize/overlays/production/service-type.yaml');
  // From the patch's kind line, which the rendered Service takes from its base.
  const model = (await client.connection.sendRequest('k8sRoute/route', { textDocument: { uri }, position: positionOf(text, 'kind: Service', 2) })) as any;
  assert.ok(model, 'a route from the patch');
  assert.equal(model.service.name, 'checkout');
  assert.equal(model.service.namespace, 'checkout');
  assert.match(model.service.unit.root, /overlays\/production$/);
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
  const show = lenses.find((lens) => lens.command?.command === 'k8sRoute.showRoute');
  assert.ok(show, JSON.stringify(lenses));
  assert.equal(show!.command!.arguments![0].name, 'checkout');
  assert.match(lenses[0].command!.title, /→ Deployment\/checkout/);
});

test('a quick fix on a rendered object edits the patch that wrote the value', async () => {
  const uri = uriOf('kustomize/overlays/production/service-type.yaml');
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 9, character: 16 }, end: { line: 9, character: 20 } }, context: { diagnostics: [] } })) as CodeAction[];
  const replace = actions.find((action) => /30080|in range|range/.test(action.title) && action.edit?.changes?.[uri]);
  assert.ok(replace, actions.map((action) => action.title).join('; '));
  for (const edit of replace!.edit!.changes![uri]) assert.equal(edit.range.start.line, 9);
});

test('completion in a kustomize base offers the rendered workload\'s ports, nothing in a templated line', async () => {
  const uri = uriOf('kustomize/base/service.yaml');
  const text = textOf('kustomize/base/service.yaml');
  const items = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'targetPort: http', 14) })) as Array<{ label: string; textEdit?: { range: { start: { character: number }; end: { character: number } } } }>;
  const http = items.find((item) => item.label === 'http');
  assert.ok(http, items.map((item) => item.label).join(', '));
  assert.deepEqual([http!.textEdit?.range.start.character, http!.textEdit?.range.end.character], [18, 22], 'replaces the word typed there');
  const template = textOf('charts/shop/templates/service.yaml');
  const none = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf('charts/shop/templates/service.yaml') }, position: positionOf(template, 'targetPort: {{', 14) })) as unknown[];
  assert.deepEqual(none, []);
});

test('an unsaved edit to a base re-renders the overlays that use it, not the chart', async () => {
  const uri = uriOf('kustomize/base/deployment.yaml');
  const text = textOf('kustomize/base/deployment.yaml');
  await client.until(() => renderLogs(client).length >= 6);
  const before = renderLogs(client).length;
  client.open(uri, text);
  client.change(uri, 2, text.replace('- name: http', '- name: web'));
  const service = await client.diagnosticsOf(uriOf('kustomize/base/service.yaml'), (items) => items.some((item) => item.code === 'service/target-port-unresolved'));
  assert.match(service.find((item) => item.code === 'service/target-port-unresolved')!.message, /it has web \(8080\/TCP\)/);
  await client.until(() => renderLogs(client).length >= before + 3);
  const since = renderLogs(client).slice(before);
  assert.deepEqual(since.map((line) => /rendered (\S+)/.exec(line)![1]).sort(), ['kustomize/overlays/dev/kustomization.yaml', 'kustomize/overlays/production/kustomization.yaml', 'kustomize/overlays/staging/kustomization.yaml']);
  client.change(uri, 3, text);
  await client.diagnosticsOf(uriOf('kustomize/base/service.yaml'), (items) => items.length === 0);
});

test('a failed render of unsaved text names the user\'s folders, never the temporary copy', async () => {
  const uri = uriOf('kustomize/overlays/staging/kustomization.yaml');
  const text = textOf('kustomize/overlays/staging/kustomization.yaml');
  await client.until(() => renderLogs(client).length >= 6);
  client.open(uri, text);
  client.change(uri, 2, text.replace('../../base', '../../no-such-base'));
  const failed = await client.diagnosticsOf(uri, (items) => items.some((item) => String(item.code).startsWith('render/')));
  const message = failed.find((item) => String(item.code).startsWith('render/'))!.message;
  assert.doesNotMatch(message, /k8s-route-unsaved-/, message);
  assert.match(message, /no-such-base/);
  client.change(uri, 3, text);
  await client.diagnosticsOf(uri, (items) => !items.some((item) => String(item.code).startsWith('render/')));
  // Renders a newer edit replaced are logged as cancelled, not as failed.
  const logs = client.notifications.filter((note) => note.method === 'window/logMessage').map((note) => String(note.params.message));
  assert.ok(!logs.some((line) => /cancel/.test(line) && /\(failed\)/.test(line)), logs.filter((line) => /cancel/.test(line)).join('\n'));
});

test('plain files never wait for a render, and the state says what is rendering', async () => {
  const slow = mkdtempSync(join(tmpdir(), 'k8s-route-slow-helm-'));
  writeFileSync(join(slow, 'helm'), `#!/bin/sh\nexec "${process.execPath}" -e "setTimeout(() => {}, 4000)"\n`);
  chmodSync(join(slow, 'helm'), 0o755);
  const other = new LspClient();
  other.settings = { helm: { path: join(slow, 'helm') }, kustomize: { path: join(tools, 'kubectl') } };
  try {
    await other.initialize(workspace, { initializationOptions: { debounceMs: 0 } });
    await other.diagnosticsOf(uriOf('plain/web.yaml'), (items) => items.length === 2);
    await other.until(() => other.notifications.some((note) => note.method === 'k8sRoute/indexState' && note.params.rendering?.charts === 1));
    assert.equal(other.diagnostics.get(uriOf('charts/shop/templates/service.yaml'))?.diagnostics.length ?? 0, 0, 'the chart is still rendering');
  } finally {
    await other.stop();
    rmSync(slow, { recursive: true, force: true });
  }
});

test('an untrusted workspace runs no tool: units say why, kustomize is approximated', async () => {
  const other = new LspClient();
  other.settings = { helm: { path: join(tools, 'helm') }, kustomize: { path: join(tools, 'kubectl') } };
  try {
    await other.initialize(workspace, { initializationOptions: { debounceMs: 0, trusted: false } });
    const chart = await other.diagnosticsOf(uriOf('charts/shop/Chart.yaml'), (items) => items.length === 1);
    assert.deepEqual(codes(chart), ['render/untrusted']);
    await other.diagnosticsOf(uriOf('charts/shop/templates/service.yaml'), (items) => codes(items).includes('template/skipped'));
    await other.diagnosticsOf(uriOf('kustomize/overlays/dev/kustomization.yaml'), (items) => codes(items).includes('render/untrusted'));
    assert.equal(renderLogs(other).filter((line) => !/\((failed|off)\)$/.test(line)).length, 0, 'nothing was rendered');
    // "Show Service route" in a template says why there is no route instead of listing other Services.
    const text = textOf('charts/shop/templates/service.yaml');
    const uri = uriOf('charts/shop/templates/service.yaml');
    assert.equal(await other.connection.sendRequest('k8sRoute/route', { textDocument: { uri }, position: positionOf(text, 'kind: Service') }), null);
    const reason = (await other.connection.sendRequest('k8sRoute/routeUnavailable', { textDocument: { uri } })) as string;
    assert.match(reason, /^charts\/shop\/Chart\.yaml with values\.yaml could not be rendered: the workspace is not trusted/);
  } finally {
    await other.stop();
  }
});

test('Show route from a values file offers the Services of the charts that read it', async () => {
  const uri = uriOf('charts/shop/values-production.yaml');
  client.open(uri, textOf('charts/shop/values-production.yaml'));
  const services = (await client.connection.sendRequest('k8sRoute/services', { textDocument: { uri }, position: { line: 0, character: 0 } })) as Array<{ name: string; unit?: string }>;
  assert.ok(services.length > 0, 'the chart\'s Services');
  // Only the variant that reads this file (values.yaml is read by every variant; this one is not).
  assert.deepEqual([...new Set(services.map((service) => service.unit?.replace(/^.*#/, '')))], ['values-production.yaml'], JSON.stringify(services));
});
