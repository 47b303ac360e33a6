/**
 * The built server over stdio with a multi-root workspace and project configurations: each folder
 * is indexed on its own with its own .k8s-route.yaml, a Service never selects Pods of another
 * folder (or of another cluster the configuration names), an editor setting the user set wins
 * over the file, and the file applies live as it is typed, saved and closed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';

const root = mkdtempSync(join(tmpdir(), 'k8s-route-folders-'));
const shop = join(root, 'shop');
const edge = join(root, 'edge');
const files: Record<string, string> = {
  // shop: a NodePort Service whose Pods live in the other folder, and its range from its configuration.
  'shop/.k8s-route.yaml': 'nodePortRange: 20000-22767\n',
  'shop/web-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, nodePort: 20080}]\n',
  // edge: the same Service with the default range, and the Deployment it selects.
  'edge/web-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, nodePort: 20080}]\n',
  'edge/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: web}]}\n',
  // edge's clusters: blue and green are checked apart.
  'edge/.k8s-route.yaml': 'clusters:\n  - name: blue\n    folders: [blue]\n  - name: green\n    folders: [green]\n',
  'edge/blue/api-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
  // JSON: a manifest the server reads, and a package.json it leaves alone.
  'shop/edge.json': '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "edge"},\n  "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 80}]}\n}\n',
  'shop/package.json': '{"name": "shop", "kind": "app", "apiVersion": "none", "scripts": {"build": "tsc"}}\n',
  'edge/green/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api}]}\n',
};
const uriOf = (path: string): string => pathToFileURL(join(root, path)).toString();
const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((item) => String(item.code)).sort();
let client: LspClient;

before(async () => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  client = new LspClient();
  await client.initialize(shop, { folders: [shop, edge], initializationOptions: { debounceMs: 20 } });
});
after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('each folder is indexed on its own, with its own configuration', async () => {
  // shop's Service selects nothing (the Deployment is in edge) and its nodePort is in shop's range.
  assert.deepEqual(codes(await client.diagnosticsOf(uriOf('shop/web-svc.yaml'), (items) => items.length > 0)), ['service/selector-matches-nothing']);
  // edge's Service finds its Deployment, and 20080 is outside edge's (default) range.
  assert.deepEqual(codes(await client.diagnosticsOf(uriOf('edge/web-svc.yaml'), (items) => items.length > 0)), ['service/node-port-out-of-range']);
  // Within edge, the blue cluster's Service does not see the green cluster's Deployment.
  assert.deepEqual(codes(await client.diagnosticsOf(uriOf('edge/blue/api-svc.yaml'), (items) => items.length > 0)), ['service/selector-matches-nothing']);
});

test('a JSON manifest in a folder is checked with exact ranges; other JSON gets nothing', async () => {
  const diagnostics = await client.diagnosticsOf(uriOf('shop/edge.json'), (items) => items.some((item) => item.code === 'service/node-port-out-of-range'));
  const error = diagnostics.find((item) => item.code === 'service/node-port-out-of-range')!;
  assert.deepEqual(error.range, { start: { line: 4, character: 66 }, end: { line: 4, character: 68 } });
  assert.equal(client.diagnostics.get(uriOf('shop/package.json')), undefined);
});

test('the same Service in two folders: its lens and the route name its folder', async () => {
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf('edge/web-svc.yaml') } })) as CodeLens[];
  const target = lenses.find((lens) => lens.command?.command === 'k8sRoute.showRoute')?.command?.arguments?.[0] as { namespace: string; name: string; unit?: string };
  assert.ok(target?.unit?.startsWith('scope:'), JSON.stringify(target));
  const route = (await client.connection.sendRequest('k8sRoute/route', target)) as { service: { file: string } };
  assert.equal(route.service.file, uriOf('edge/web-svc.yaml'));
  const other = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf('shop/web-svc.yaml') } })) as CodeLens[];
  const shopTarget = other.find((lens) => lens.command?.command === 'k8sRoute.showRoute')?.command?.arguments?.[0];
  assert.equal(((await client.connection.sendRequest('k8sRoute/route', shopTarget)) as { service: { file: string } }).service.file, uriOf('shop/web-svc.yaml'));
  const services = (await client.connection.sendRequest('k8sRoute/services', {})) as Array<{ name: string; unit?: string; unitLabel?: string; uri: string }>;
  const webs = services.filter((service) => service.name === 'web');
  assert.equal(webs.length, 2);
  assert.deepEqual(webs.map((service) => service.unitLabel).sort(), ['folder-1', 'folder-2']);
});

test('the configuration applies as it is typed, its mistakes are diagnostics on it, and closing restores the file on disk', async () => {
  const config = uriOf('shop/.k8s-route.yaml');
  client.open(config, 'nodePortRange: 30000-32767\nnodePortRnge: 1\n');
  // The range now excludes 20080 in shop, and the misspelt key is flagged where it is.
  const shopService = await client.diagnosticsOf(uriOf('shop/web-svc.yaml'), (items) => items.some((item) => item.code === 'service/node-port-out-of-range'));
  assert.deepEqual(codes(shopService), ['service/node-port-out-of-range', 'service/selector-matches-nothing']);
  const configDiagnostics = await client.diagnosticsOf(config, (items) => items.length > 0);
  assert.deepEqual(configDiagnostics.map((item) => [item.code, item.range.start.line, item.message]), [['config/unknown-key', 1, '"nodePortRnge" is not a configuration key; did you mean "nodePortRange"?']]);
  // edge is untouched.
  assert.deepEqual(codes(client.diagnostics.get(uriOf('edge/web-svc.yaml'))!.diagnostics), ['service/node-port-out-of-range']);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: config } });
  await client.diagnosticsOf(uriOf('shop/web-svc.yaml'), (items) => !items.some((item) => item.code === 'service/node-port-out-of-range'));
  await client.diagnosticsOf(config, (items) => items.length === 0);
});

test('an editor setting the user set wins over the configuration', async () => {
  const states = (): number => client.notifications.filter((note) => note.method === 'k8sRoute/indexState').length;
  client.settings = { nodePortRange: '30000-32767' };
  const before = states();
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: client.settings } });
  await client.until(() => states() > before);
  assert.deepEqual(codes(await client.diagnosticsOf(uriOf('shop/web-svc.yaml'), (items) => items.some((item) => item.code === 'service/node-port-out-of-range'))), ['service/node-port-out-of-range', 'service/selector-matches-nothing']);
  client.settings = {};
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { k8sRoute: {} } });
  await client.diagnosticsOf(uriOf('shop/web-svc.yaml'), (items) => !items.some((item) => item.code === 'service/node-port-out-of-range'));
});

test('a configuration saved on disk is picked up from the file watcher', async () => {
  writeFileSync(join(root, 'edge/.k8s-route.yaml'), 'nodePortRange: 20000-22767\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('edge/.k8s-route.yaml'), type: 2 }] });
  // The range now allows 20080; the clusters are gone, so blue's Service finds green's Deployment.
  await client.diagnosticsOf(uriOf('edge/web-svc.yaml'), (items) => items.length === 0);
  await client.diagnosticsOf(uriOf('edge/blue/api-svc.yaml'), (items) => items.length === 0);
});
