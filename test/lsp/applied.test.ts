/**
 * What is applied together, in the built language server over stdio with the real kubectl: files
 * of alternatives side by side give no duplicate warnings and their hover names the other
 * definitions; a hand-applied Service finds the Pods a kustomization places in its namespace,
 * with the related location on the resource line and the unit named; GitOps clusters say which
 * object deploys a finding.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { toolsDirectory, writeTree } from '../helpers';
import { LspClient, positionOf } from './lspClient';

const tools = toolsDirectory();
const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-lsp-applied-'));
const uriOf = (relative: string): string => pathToFileURL(join(workspace, relative)).toString();
const textOf = (relative: string): string => readFileSync(join(workspace, relative), 'utf8');

const deployment = (name: string, port: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}\n          ports:\n            - {name: http, containerPort: ${port}}\n`;
const service = (name: string, targetPort: string, namespace = ''): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector: {app: ${name.replace(/-.*$/, '')}}\n  ports:\n    - {port: 80, targetPort: ${targetPort}}\n`;

writeTree(workspace, {
  'samples/reviews.yaml': `${service('reviews', 'http')}---\n${deployment('reviews', 9080)}`,
  'samples/reviews-v2.yaml': `${service('reviews', 'http')}---\n${deployment('reviews', 9081)}`,
  'k8s/kustomization.yaml': 'namespace: shop\nresources: [api.yaml]\n',
  'k8s/api.yaml': deployment('api', 8080),
  'ops/metrics.yaml': service('api-metrics', 'metrics', 'shop'),
  // A Flux cluster folder deploying an overlay into its target namespace.
  'clusters/staging/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  sourceRef: {kind: GitRepository, name: flux-system}\n  path: ./apps/staging\n  targetNamespace: web-staging\n',
  'apps/base/kustomization.yaml': 'resources: [web.yaml]\n',
  'apps/base/web.yaml': `${deployment('web', 8080)}---\n${service('web-metrics', 'metrics')}`,
  'apps/staging/kustomization.yaml': 'resources: [../base]\n',
});

let client: LspClient;
before(async () => {
  client = new LspClient();
  client.settings = { kustomize: { path: join(tools, 'kubectl') } };
  await client.initialize(workspace, { initializationOptions: { debounceMs: 0 } });
});
after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
  assert.equal(client.stderr, '');
});

test('alternatives side by side: no duplicate warning, and the hover on the name lists the other definitions', async () => {
  await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files > 0));
  for (const file of ['samples/reviews.yaml', 'samples/reviews-v2.yaml']) assert.deepEqual(client.diagnostics.get(uriOf(file))?.diagnostics ?? [], [], `${file} is clean`);
  const uri = uriOf('samples/reviews.yaml');
  const text = textOf('samples/reviews.yaml');
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'reviews', 0) })) as Hover;
  const markdown = (hover.contents as { value: string }).value;
  assert.match(markdown, /Also defined in \[samples\/reviews-v2\.yaml:4\]\(file:[^)]*samples\/reviews-v2\.yaml#L4\)/);
});

test('a route panel stays on its Service: editing a same-named Service in another file never redraws it, and the title names the file', async () => {
  const uri = uriOf('samples/reviews.yaml');
  const other = uriOf('samples/reviews-v2.yaml');
  const text = textOf('samples/reviews.yaml');
  const model = (await client.connection.sendRequest('k8sRoute/route', { textDocument: { uri }, position: positionOf(text, 'kind: Service', 7) })) as any;
  assert.equal(model.service.file, uri);
  assert.equal(model.service.definedElsewhere, true);
  // By name and file (as the code lens asks), the other definition is the other route.
  const byName = (await client.connection.sendRequest('k8sRoute/route', { namespace: 'default', name: 'reviews', file: other })) as any;
  assert.equal(byName.service.file, other);
  const seen = client.notifications.length;
  // Edit the other file: its route changes, this one must not be redrawn as it.
  const otherText = textOf('samples/reviews-v2.yaml');
  client.open(other, otherText);
  client.change(other, 2, otherText.replace('containerPort: 9081', 'containerPort: 9082'));
  await client.until(() => client.notifications.slice(seen).some((note) => note.method === 'k8sRoute/routeChanged' && note.params.service.file === other));
  client.open(uri, text);
  client.change(uri, 2, text.replace('containerPort: 9080', 'containerPort: 9079'));
  await client.until(() => client.notifications.slice(seen).some((note) => note.method === 'k8sRoute/routeChanged' && note.params.service.file === uri));
  for (const note of client.notifications.slice(seen).filter((candidate) => candidate.method === 'k8sRoute/routeChanged')) {
    assert.equal(note.params.model?.service.file ?? note.params.service.file, note.params.service.file, 'each notification carries the route of its own file');
  }
  client.change(uri, 3, text);
  client.change(other, 3, otherText);
});

test('a hand-applied Service finds the Pods a kustomization places in its namespace, and names where they are', async () => {
  // Until the kustomization is rendered, nothing in the cluster has those labels; then the Pods are found.
  const diagnostics = await client.diagnosticsOf(uriOf('ops/metrics.yaml'), (items) => items.some((item) => item.code === 'service/target-port-unresolved'));
  assert.deepEqual(diagnostics.map((item) => item.code), ['service/target-port-unresolved']);
  const related = diagnostics[0].relatedInformation![0];
  assert.equal(related.location.uri, uriOf('k8s/api.yaml'));
  assert.equal(related.location.range.start.line, 9);
  assert.match(related.message, /Deployment\/api pod template \(in k8s\/, kustomize\)$/);
});

test('a GitOps cluster\'s findings say which object deploys them where, and its units render in their target namespace', async () => {
  const diagnostics = await client.diagnosticsOf(uriOf('apps/base/web.yaml'), (items) => items.some((item) => item.code === 'service/target-port-unresolved'));
  const unresolved = diagnostics.find((item) => item.code === 'service/target-port-unresolved')!;
  assert.match(unresolved.message, /\(via Kustomization flux-system\/apps, clusters\/staging\)/);
  const services = (await client.connection.sendRequest('k8sRoute/services', {})) as Array<{ namespace: string; name: string }>;
  assert.ok(services.some((item) => item.namespace === 'web-staging' && item.name === 'web-metrics'), JSON.stringify(services));
});
