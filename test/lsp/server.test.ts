/**
 * The built language server over stdio, driven with vscode-languageserver-protocol the way an
 * editor drives it: a scanned workspace (a copy of examples/), unopened files, cross-file edits,
 * hover, completion, every quick fix, navigation, code lenses, the route request and file watching.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, Hover, Location } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers';
import { applyEdits, LspClient, positionOf } from './lspClient';

const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-lsp-'));
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const uriOf = (relative: string): string => pathToFileURL(join(workspace, relative)).toString();
const textOf = (relative: string): string => readFileSync(join(workspace, relative), 'utf8');
const codes = (diagnostics: Array<{ code?: string | number }>): string[] => diagnostics.map((item) => String(item.code));

let client: LspClient;
before(async () => {
  client = new LspClient();
  const result = await client.initialize(workspace);
  assert.ok(result.capabilities.hoverProvider && result.capabilities.completionProvider && result.capabilities.codeActionProvider && result.capabilities.codeLensProvider && result.capabilities.definitionProvider && result.capabilities.referencesProvider);
});
after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
  assert.equal(client.stderr, '');
});

test('files never opened get diagnostics after the scan, with related information and rule links', async () => {
  // A file's own findings come first, while the scan goes on; the cross-object ones when it is done.
  const metrics = await client.diagnosticsOf(uriOf('mistakes/metrics.yaml'), (items) => items.some((item) => item.code === 'service/target-port-undeclared'));
  assert.deepEqual(codes(metrics), ['service/port-name-required', 'service/invalid-target-port-name', 'service/node-port-out-of-range', 'service/port-name-required', 'service/target-port-undeclared']);
  const nodePort = metrics.find((item) => item.code === 'service/node-port-out-of-range')!;
  assert.match(nodePort.codeDescription!.href, /\/docs\/rules\.md#servicenode-port-out-of-range$/);
  assert.ok(readFileSync(new URL(nodePort.codeDescription!.href.replace(/#.*/, '')), 'utf8').includes('## service/node-port-out-of-range'));
  const routing = await client.diagnosticsOf(uriOf('mistakes/routing.yaml'), (items) => items.length === 2);
  const unresolved = routing.find((item) => item.code === 'service/target-port-unresolved')!;
  assert.equal(unresolved.relatedInformation![0].location.uri, uriOf('shop/api.yaml'));
  assert.equal(client.diagnostics.has(uriOf('shop/frontend.yaml')), false, 'a clean file gets no diagnostics');
  await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files > 0));
  const state = client.notifications.filter((note) => note.method === 'k8sRoute/indexState').pop()!.params;
  assert.deepEqual(state, { indexing: false, files: 8, services: 8, errors: 4, warnings: 2 });
});

test('the workspace is indexed once at start-up: the settings the editor announces again change nothing', async () => {
  await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files > 0));
  // Each scan announces itself once before it counts files (later states carry `scanned`).
  const scans = (): number => client.notifications.filter((note) => note.method === 'k8sRoute/indexState' && note.params.indexing && note.params.scanned === undefined).length;
  assert.equal(scans(), 1, 'one scan at start-up');
  // What VS Code does right after start: send the (unchanged) settings.
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: {} } });
  await client.connection.sendRequest('k8sRoute/services', {});
  assert.equal(scans(), 1, 'no second scan for settings that change nothing');
});

test('settings announced while the start-up scan is under way do not start a second pass', async () => {
  const early = new LspClient();
  try {
    await early.initialize(workspace);
    // At once, as VS Code does: the scan has only begun.
    await early.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: {} } });
    await early.until(() => early.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files > 0));
    await early.connection.sendRequest('k8sRoute/services', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    const passes = early.notifications.filter((note) => note.method === 'window/logMessage' && /^k8s-route: indexed \d+ files/.test(note.params.message));
    assert.equal(passes.length, 1, passes.map((note) => note.params.message).join(' | '));
  } finally {
    await early.stop();
  }
});

test('an edit in one file republishes another, and undoing it restores the findings', async () => {
  const api = textOf('shop/api.yaml');
  client.open(uriOf('shop/api.yaml'), api);
  client.change(uriOf('shop/api.yaml'), 2, api.replace('      labels:\n        app: api', '      labels:\n        app: api-v2'));
  const broken = await client.diagnosticsOf(uriOf('mistakes/routing.yaml'), (items) => codes(items).filter((code) => code === 'service/selector-matches-nothing').length === 2);
  assert.match(broken[1].message, /selector app=api matches no pod template in namespace shop; closest: Deployment\/api has app=api-v2/);
  client.change(uriOf('shop/api.yaml'), 3, api);
  const restored = await client.diagnosticsOf(uriOf('mistakes/routing.yaml'), (items) => codes(items).includes('service/target-port-unresolved'));
  assert.deepEqual(codes(restored), ['service/selector-matches-nothing', 'service/target-port-unresolved']);
});

test('hover explains a field and shows what it computes to', async () => {
  const frontend = textOf('shop/frontend.yaml');
  client.open(uriOf('shop/frontend.yaml'), frontend);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('shop/frontend.yaml') }, position: positionOf(frontend, 'targetPort: http', 14) })) as Hover;
  const text = (hover.contents as { value: string }).value;
  assert.match(text, /^\*\*targetPort\*\*/);
  assert.match(text, new RegExp(`\\[Deployment/frontend\\]\\(${uriOf('shop/frontend.yaml').replace(/[.]/g, '\\.')}#L3\\): \`http\` → \`8080/TCP\` \\(web\\)`));
  const selector = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('shop/frontend.yaml') }, position: positionOf(frontend, 'app: frontend\n  ports') })) as Hover;
  assert.match((selector.contents as { value: string }).value, /Selects \[Deployment\/frontend\]\(.*#L3\) × 3/);
  const type = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('shop/frontend.yaml') }, position: positionOf(frontend, 'type: LoadBalancer', 6) })) as Hover;
  assert.match((type.contents as { value: string }).value, /Route \(LoadBalancer\): External client → <external IP>:80 → <any node IP>:<allocated 30000-32767> → ClusterIP <cluster IP>:80 → kube-proxy → Deployment\/frontend × 3 → web:8080\/TCP/);
  // Simplified Chinese, by setting: the editor's settings change and it says so.
  const states = (): number => client.notifications.filter((note) => note.method === 'k8sRoute/indexState').length;
  client.settings = { hoverLanguage: 'zh-cn' };
  let before = states();
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: { hoverLanguage: 'zh-cn' } } });
  await client.until(() => states() > before);
  const chinese = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('shop/frontend.yaml') }, position: positionOf(frontend, 'targetPort: http', 14) })) as Hover;
  assert.match((chinese.contents as { value: string }).value, /^\*\*targetPort（目标端口）\*\*/);
  // The route the server sends is in Chinese too, with full-width punctuation.
  const route = (await client.connection.sendRequest('k8sRoute/route', { namespace: 'shop', name: 'frontend' })) as { lanes: Array<{ hops: Array<{ label: string; detail: string }> }> };
  assert.equal(route.lanes[0].hops[0].label, '集群外客户端');
  assert.match(route.lanes[0].hops.find((hop) => hop.label === 'kube-proxy')!.detail, /把目的地址改写（DNAT）/);
  // And the lenses: the summary, its action.
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf('shop/frontend.yaml') } })) as CodeLens[];
  assert.deepEqual(lenses.map((lens) => lens.command!.title), ['→ Deployment/frontend × 3 · 80→http(8080)', '显示流量路径']);
  client.settings = {};
  before = states();
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: { hoverLanguage: 'en' } } });
  await client.until(() => states() > before);
});

test('completion offers the selected workloads\' ports, the namespace\'s labels and field values', async () => {
  const uri = uriOf('draft.yaml');
  const draft = 'apiVersion: v1\nkind: Service\nmetadata: {name: draft, namespace: shop}\nspec:\n  type: \n  selector:\n    app: api\n    \n  ports:\n    - port: 80\n      targetPort: \n';
  client.open(uri, draft);
  const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label).sort();
  const target = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 10, character: 18 } })) as CompletionItem[];
  assert.deepEqual(labels(target), ['3000', '9464', 'http', 'metrics']);
  assert.match(target.find((item) => item.label === 'http')!.detail!, /3000\/TCP in Deployment\/api, container api/);
  const keys = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 4 } })) as CompletionItem[];
  assert.deepEqual(labels(keys), ['tier']);
  const values = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 9 } })) as CompletionItem[];
  assert.ok(labels(values).includes('frontend') && labels(values).includes('api') && labels(values).includes('checkout-v2'));
  const types = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 8 } })) as CompletionItem[];
  assert.deepEqual(labels(types), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

/** Asks for the quick fixes at a finding, applies the one whose title matches, and waits for the finding to go. */
async function applyFix(relative: string, code: string, title: RegExp, occurrence = 0): Promise<void> {
  const uri = uriOf(relative);
  const current = client.diagnostics.get(uri)!.diagnostics;
  const diagnostic = current.filter((item) => item.code === code)[occurrence];
  assert.ok(diagnostic, `no ${code} in ${relative}`);
  const before = current.filter((item) => item.code === code).length;
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action, `no fix matching ${title} among ${actions.map((candidate) => candidate.title).join(' | ')}`);
  for (const [target, edits] of Object.entries(action.edit!.changes!)) {
    const path = new URL(target).pathname;
    const next = applyEdits(readFileSync(path, 'utf8'), edits);
    writeFileSync(path, next);
    // Like an editor: the edited file is open with the new text.
    client.open(target, next, 100 + client.diagnostics.size);
  }
  await client.diagnosticsOf(uri, (items) => items.filter((item) => item.code === code).length === before - 1);
}

test('every quick fix applies and removes its finding', async () => {
  await applyFix('mistakes/metrics.yaml', 'service/node-port-out-of-range', /^Remove nodePort/);
  await applyFix('mistakes/metrics.yaml', 'service/invalid-target-port-name', /^Write targetPort 9464 as a number$/);
  await applyFix('mistakes/metrics.yaml', 'service/port-name-required', /^Name this port "tcp-9464"$/);
  await applyFix('mistakes/routing.yaml', 'service/selector-matches-nothing', /^Select Deployment\/checkout \(app=checkout-v2\)$/);
  await applyFix('mistakes/routing.yaml', 'service/target-port-unresolved', /^Add port "grpc" \(50051\) to container api of Deployment\/api$/);
  assert.match(textOf('shop/api.yaml'), /- \{name: grpc, containerPort: 50051\}\n            - name: http/);
  const metrics = textOf('mistakes/metrics.yaml');
  assert.doesNotMatch(metrics, /nodePort/);
  assert.match(metrics, /- name: tcp-9464\n      port: 9464\n      targetPort: 9464\n/);
});

test('quick fixes for a nodePort in range, a named targetPort, and a headless NodePort', async () => {
  const uri = uriOf('fixes.yaml');
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: fixes, namespace: shop}\nspec:\n  type: NodePort\n  clusterIP: None\n  selector: {app: api}\n  ports:\n    - {name: web, port: 80, targetPort: web, nodePort: 99}\n';
  writeFileSync(join(workspace, 'fixes.yaml'), text);
  client.open(uri, text);
  await client.diagnosticsOf(uri, (items) => items.length === 3);
  await applyFix('fixes.yaml', 'service/node-port-out-of-range', /^Use nodePort 30000 \(free, in range\)$/);
  await applyFix('fixes.yaml', 'service/target-port-unresolved', /^Use targetPort "http" \(3000\/TCP in Deployment\/api\)$/);
  await applyFix('fixes.yaml', 'service/headless-not-allowed', /^Remove clusterIP: None/);
  assert.equal(textOf('fixes.yaml'), text.replace('  clusterIP: None\n', '').replace('targetPort: web, nodePort: 99', 'targetPort: http, nodePort: 30000'));
  assert.deepEqual(client.diagnostics.get(uri)!.diagnostics, []);
});

test('definition and references cross between Services and pod templates', async () => {
  const api = textOf('shop/api.yaml');
  const uri = uriOf('shop/api.yaml');
  client.open(uri, api, 200);
  const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(api, 'targetPort: metrics', 13) })) as Location[];
  assert.deepEqual(definition.map((location) => [location.uri, location.range.start]), [[uri, positionOf(api, 'name: metrics', 6)]]);
  const selector = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(api, 'selector:\n    app: api', 14) })) as Location[];
  assert.deepEqual(selector.map((location) => [location.uri, location.range.start]), [[uri, positionOf(api, 'app: api\n    spec')]]);
  const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: positionOf(api, 'app: api\n    spec'), context: { includeDeclaration: false } })) as Location[];
  const relative = (location: Location): string => location.uri.slice(pathToFileURL(workspace).toString().length + 1);
  assert.deepEqual(references.map(relative).sort(), ['fixes.yaml', 'mistakes/metrics.yaml', 'mistakes/routing.yaml', 'shop/api.yaml']);
  const portReferences = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: positionOf(api, 'name: http', 6), context: { includeDeclaration: false } })) as Location[];
  assert.deepEqual(portReferences.map((location) => [relative(location), location.range.start]), [['fixes.yaml', { line: 7, character: 40 }], ['shop/api.yaml', positionOf(api, 'targetPort: http', 12)]]);
});

test('code lenses summarise each Service and offer its route', async () => {
  const uri = uriOf('shop/api.yaml');
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string; command: string; arguments?: unknown[] } }>;
  assert.deepEqual(lenses.map((lens) => lens.command.title), ['→ Deployment/api × 2 · 80→http(3000), 9464→metrics(9464)', 'Show route']);
  assert.deepEqual(lenses[1].command, { title: 'Show route', command: 'k8sRoute.showRoute', arguments: [{ namespace: 'shop', name: 'api', file: uri }] });
});

test('the route request answers a RouteModel and follows later edits', async () => {
  const api = textOf('shop/api.yaml');
  const uri = uriOf('shop/api.yaml');
  const byPosition = (await client.connection.sendRequest('k8sRoute/route', { textDocument: { uri }, position: positionOf(api, 'kind: Service', 7) })) as any;
  assert.equal(byPosition.service.name, 'api');
  assert.deepEqual(byPosition.lanes.map((lane: any) => lane.port.name), ['http', 'metrics']);
  // The kube-proxy hop carries the node's rules for its port in each mode.
  const proxyRules = byPosition.lanes[0].hops.find((hop: any) => hop.kind === 'kubeProxy').proxyRules;
  assert.match(proxyRules.text.iptables.join('\n'), /-A KUBE-SERVICES .*--comment "shop\/api:http cluster IP"/);
  assert.ok(proxyRules.names.nftables.some((name: string) => /^service-[A-Z2-7]{8}-shop\/api\/tcp\/http$/.test(name)));
  assert.ok(proxyRules.text.ipvs.some((line: string) => line.startsWith('add KUBE-CLUSTER-IP ')));
  const byName = (await client.connection.sendRequest('k8sRoute/route', { namespace: 'shop', name: 'api' })) as any;
  assert.deepEqual(byName, byPosition);
  assert.equal(await client.connection.sendRequest('k8sRoute/route', { namespace: 'shop', name: 'nope' }), null);
  client.change(uri, 201, api.replace('replicas: 2', 'replicas: 5'));
  await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/routeChanged' && note.params.model?.lanes[0].hops.some((hop: any) => hop.label === 'Deployment/api × 5')));
  const services = (await client.connection.sendRequest('k8sRoute/services', {})) as Array<{ namespace: string; name: string; type: string; status: string }>;
  assert.ok(services.some((service) => service.name === 'db' && service.type === 'headless'));
  // Each Service carries the worst finding on it, for the Services view.
  assert.ok(services.every((service) => ['error', 'warning', 'ok'].includes(service.status)));
  assert.ok(services.some((service) => service.status !== 'ok') && services.some((service) => service.status === 'ok'), JSON.stringify(services.map((service) => [service.name, service.status])));
  // "Show route" on a Deployment: the Services that select it.
  const selecting = (await client.connection.sendRequest('k8sRoute/services', { textDocument: { uri }, position: positionOf(api, 'kind: Deployment', 7) })) as Array<{ namespace: string; name: string; uri: string }>;
  assert.deepEqual(selecting.map((service) => `${service.namespace}/${service.name}`), ['shop/api', 'shop/api-grpc', 'shop/fixes', 'shop/metrics']);
  assert.deepEqual(await client.connection.sendRequest('k8sRoute/services', { textDocument: { uri }, position: { line: 0, character: 0 } }), []);
});

test('files created and deleted on disk are followed through watched-file events', async () => {
  const relative = 'added/svc.yaml';
  cpSync(join(repoRoot, 'examples', 'mistakes', 'metrics.yaml'), join(workspace, relative), { recursive: true });
  const uri = uriOf(relative);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
  await client.diagnosticsOf(uri, (items) => codes(items).includes('service/node-port-out-of-range'));
  unlinkSync(join(workspace, relative));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await client.diagnosticsOf(uri, (items) => items.length === 0);
});

test('a Gateway and its route in an unsaved editor: listener lens, hover, definition into the Service file, and a warning', async () => {
  const uri = uriOf('edge/gateway.yaml');
  const text = [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: Gateway',
    'metadata: {name: edge, namespace: shop}',
    'spec:',
    '  gatewayClassName: eg',
    '  listeners:',
    '  - {name: http, protocol: HTTP, port: 80}',
    '---',
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata: {name: api, namespace: shop}',
    'spec:',
    '  parentRefs: [{name: edge, sectionName: http}]',
    '  rules: [{backendRefs: [{name: api, port: 80}, {name: api, port: 8080}]}]',
    '',
  ].join('\n');
  client.open(uri, text);
  const diagnostics = await client.diagnosticsOf(uri, (items) => items.some((item) => item.code === 'gateway/backend-not-found'));
  assert.match(diagnostics.find((item) => item.code === 'gateway/backend-not-found')!.message, /Service shop\/api has no port 8080/);
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string } }>;
  assert.ok(lenses.some((lens) => lens.command.title === '1 route attached'), JSON.stringify(lenses));
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'sectionName: http', 2) })) as Hover;
  assert.match((hover.contents as { value: string }).value, /Attached to `Gateway shop\/edge listener http \(HTTP 80\)`/);
  const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(text, '{name: api, port: 80}', 8) })) as Location[];
  assert.deepEqual(definition.map((location) => location.uri), [uriOf('shop/api.yaml')]);
  // "Send a request…": a lens above the Gateway and the route, a suggestion from the route, and the answer with its places.
  assert.deepEqual((lenses as Array<{ command: { title: string; command?: string; arguments?: unknown[] } }>).filter((lens) => lens.command.command === 'k8sRoute.sendRequest').map((lens) => lens.command.arguments), [[{ uri, position: { line: 1, character: 6 } }], [{ uri, position: { line: 9, character: 6 } }]]);
  const suggestion = await client.connection.sendRequest('k8sRoute/requestSuggestion', { textDocument: { uri }, position: positionOf(text, 'rules:', 2) });
  assert.deepEqual(suggestion, { url: 'http://example.com/', gateway: 'shop/edge' });
  const answer = (await client.connection.sendRequest('k8sRoute/request', { url: 'http://shop.example.com/items', method: 'GET', headers: [], gateway: 'shop/edge' })) as any;
  assert.equal(answer.answer.status, 200);
  assert.deepEqual(answer.answer.backends, [{ kind: 'Service', namespace: 'shop', name: 'api', port: 80, weight: 1 }]);
  const ruleStep = answer.steps.find((step: any) => step.text.startsWith('HTTPRoute shop/api spec.rules[0]'));
  assert.deepEqual(ruleStep.location, { uri, range: { start: positionOf(text, '{backendRefs', 0), end: ruleStep.location.range.end } });
  // The invalid backend's share answers 500, and the step says so on its line.
  assert.ok(answer.steps.some((step: any) => /port 8080.*50%|50%.*500/.test(step.text) || /get 500/.test(step.text)), JSON.stringify(answer.steps));
  const usage = (await client.connection.sendRequest('k8sRoute/request', { url: 'http://shop.example.com/', method: 'GET', headers: [], gateway: 'shop/nope' })) as any;
  assert.match(usage.usage, /no Gateway "shop\/nope" in the files/);
  client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('"Turn off" a rule: the action creates .k8s-route.yaml with the code in disabledRules, and the finding goes', async () => {
  const uri = uriOf('turnoff/orphan.yaml');
  client.open(uri, 'apiVersion: v1\nkind: Service\nmetadata: {name: orphan, namespace: lonely}\nspec:\n  selector: {app: nobody}\n  ports: [{port: 80}]\n');
  const diagnostic = (await client.diagnosticsOf(uri, (items) => items.some((item) => item.code === 'service/selector-matches-nothing'))).find((item) => item.code === 'service/selector-matches-nothing')!;
  const code = String(diagnostic.code);
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
  const action = actions.find((candidate) => candidate.title === `Turn off ${code} in .k8s-route.yaml (for this project)`);
  assert.ok(action, actions.map((candidate) => candidate.title).join(' | '));
  const config = uriOf('.k8s-route.yaml');
  const changes = action.edit!.documentChanges as any[];
  assert.deepEqual(changes[0], { kind: 'create', uri: config, options: { ignoreIfExists: true } });
  assert.equal(changes[1].edits[0].newText, `disabledRules: [${code}]\n`);
  writeFileSync(new URL(config), changes[1].edits[0].newText);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 1 }] });
  await client.diagnosticsOf(uri, (items) => !items.some((item) => String(item.code) === code));
  unlinkSync(new URL(config));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 3 }] });
  await client.diagnosticsOf(uri, (items) => items.some((item) => String(item.code) === code));
  client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('.k8s-route.yaml is served by our own server: hover on keys, completion of keys and rule codes', async () => {
  const uri = uriOf('.k8s-route.yaml');
  const text = 'failOn: warning\ndisabledRules:\n  - \n';
  client.open(uri, text);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } })) as Hover;
  assert.match((hover.contents as { value: string }).value, /^\*\*failOn\*\* \(string\)/);
  const codes = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 4 } })) as CompletionItem[];
  assert.ok(codes.some((item) => item.label === 'service/no-selector'), codes.map((item) => item.label).slice(0, 5).join(', '));
  const keys = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 } })) as CompletionItem[];
  assert.ok(keys.some((item) => item.label === 'serviceCidrs') && !keys.some((item) => item.label === 'failOn'), keys.map((item) => item.label).join(', '));
  client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});
