/**
 * GitOps repositories in their usual layout, through the built CLI with the real helm and kubectl:
 * `clusters/<env>/` holds Flux Kustomizations (and an Argo CD Application) that deploy
 * `apps/<env>` overlays of one base and a local chart with per-environment values. Each
 * environment is checked as its own cluster, under its own options (target namespace,
 * substitutions, values files); a finding only one environment gives says which object deploys
 * it there; what the repository does not hold is named, not fetched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, toolsDirectory, writeTree } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const tools = toolsDirectory();
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-gitops-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

function check(root: string, ...extra: string[]): Diagnostic[] {
  const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--helm', join(tools, 'helm'), '--kustomize', join(tools, 'kubectl'), ...extra, '.'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  assert.ok(result.stdout, result.stderr);
  return (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

const fluxKustomization = (name: string, path: string, extra = ''): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ${path}\n  prune: true\n${extra}`;

const deployment = (name: string, port: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}\n          ports:\n            - {name: ${port}, containerPort: 8080}\n`;

const layout: Record<string, string> = {
  // Staging and production, each with its Flux Kustomizations and the same names: no duplicate.
  'clusters/staging/apps.yaml': fluxKustomization('apps', './apps/staging', '  targetNamespace: shop-staging\n  postBuild:\n    substitute:\n      api_port: "8080"\n'),
  'clusters/staging/web.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/shop.git\n    path: charts/web\n    helm:\n      valueFiles: [values-staging.yaml]\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: web-staging\n',
  'clusters/staging/podinfo.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef: {kind: HelmRepository, name: podinfo}\n',
  'clusters/production/apps.yaml': fluxKustomization('apps', './apps/production', '  targetNamespace: shop\n  postBuild:\n    substitute:\n      api_port: "8080"\n'),
  'clusters/production/web.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/shop.git\n    path: charts/web\n    helm:\n      valueFiles: [values-production.yaml]\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: web\n',
  // The base: the Service's targetPort comes from a substitution.
  'apps/base/kustomization.yaml': 'resources: [api.yaml, service.yaml]\n',
  'apps/base/api.yaml': deployment('api', 'http'),
  'apps/base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports:\n    - name: http\n      port: 80\n      targetPort: ${api_port}\n',
  'apps/staging/kustomization.yaml': 'resources: [../base]\n',
  // Production adds a metrics Service whose named port the Pods lack: production only.
  'apps/production/kustomization.yaml': 'resources: [../base, metrics.yaml]\n',
  'apps/production/metrics.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api-metrics\nspec:\n  selector: {app: api}\n  ports:\n    - {name: metrics, port: 9090, targetPort: metrics}\n',
  // A local chart with per-environment values: production's node port is outside the range.
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'nodePort: 30080\n',
  'charts/web/values-staging.yaml': 'nodePort: 30081\n',
  'charts/web/values-production.yaml': 'nodePort: 40080\n',
  'charts/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n    - port: 80\n      nodePort: {{ .Values.nodePort }}\n',
  'charts/web/templates/deployment.yaml': deployment('web', 'http'),
};

test('each environment of a GitOps repository is its own cluster, deployed with its own options', () => {
  const root = writeTree(join(scratch, 'fleet'), layout);
  const diagnostics = check(root);
  const lines = diagnostics.map((item) => `${item.file}:${item.line} ${item.severity} ${item.code}`);
  // No duplicate objects between the environments, nothing about the substituted targetPort.
  assert.ok(!lines.some((line) => /duplicate-object|invalid-target-port|wrong-type/.test(line)), lines.join('\n'));
  // Production's metrics Service: reported on its line, saying which object deploys it where.
  const metrics = diagnostics.find((item) => item.code === 'service/target-port-unresolved')!;
  assert.equal(`${metrics.file}:${metrics.line}`, 'apps/production/metrics.yaml:8');
  assert.match(metrics.message, /\(via Kustomization flux-system\/apps, clusters\/production\)$/);
  assert.ok(!diagnostics.some((item) => item.code === 'render/failed'), lines.join('\n'));
  // The chart is rendered once per environment, with that environment's values: only production's node port is refused.
  const nodePort = diagnostics.filter((item) => item.code === 'service/node-port-out-of-range');
  // The template line that writes it, and the production values line that set it.
  assert.deepEqual(nodePort.map((item) => `${item.file}:${item.line}`), ['charts/web/templates/service.yaml:10', 'charts/web/values-production.yaml:1']);
  assert.match(nodePort[0].message, /40080/);
  assert.match(nodePort[0].message, /via Application argocd\/web, clusters\/production/);
  assert.doesNotMatch(nodePort[0].message, /clusters\/staging/);
  // What the repository does not hold is named, not fetched.
  const outside = diagnostics.find((item) => item.code === 'gitops/source-not-checked')!;
  assert.equal(`${outside.file}:${outside.line} ${outside.severity}`, 'clusters/staging/podinfo.yaml:4 information');
  assert.match(outside.message, /HelmRelease\/podinfo installs chart podinfo from a HelmRepository/);
});

test('a GitOps cluster deploys under its target namespace: route and reach see the objects there', () => {
  const root = writeTree(join(scratch, 'fleet-route'), layout);
  const route = spawnSync(process.execPath, [cli, 'route', '--format', 'json', '--kustomize', join(tools, 'kubectl'), '--helm', join(tools, 'helm'), '--service', 'shop-staging/api', '.'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(route.status, 0, route.stderr);
  const model = JSON.parse(route.stdout) as { service: { namespace: string; file: string } };
  assert.equal(model.service.namespace, 'shop-staging');
  assert.equal(model.service.file, 'apps/base/service.yaml');
});

test('the configuration\'s clusters win over the GitOps definitions', () => {
  const root = writeTree(join(scratch, 'fleet-config'), { ...layout, '.k8s-route.yaml': 'clusters:\n  - name: everything\n    folders: [.]\n' });
  const diagnostics = check(root);
  // One cluster holding both environments: the overlays clash as duplicates? No — each overlay is
  // its own unit; but the two Flux Kustomizations named apps are now in one plain unit, in two files.
  assert.ok(!diagnostics.some((item) => item.code === 'gitops/source-not-checked'), 'GitOps definitions are not read when clusters are configured');
});

test('an ApplicationSet\'s git directory and list generators deploy each folder they name, to the cluster of their destination', () => {
  const app = (name: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  selector: {app: ${name}}\n  ports:\n    - {port: 80, nodePort: 30080}\n`;
  const root = writeTree(join(scratch, 'appset'), {
    // Every folder under apps/ goes to the in-cluster destination; the list generator sends one to another cluster.
    'argocd/apps.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\n  namespace: argocd\nspec:\n  generators:\n    - git:\n        repoURL: https://example.com/repo.git\n        revision: HEAD\n        directories:\n          - path: apps/*\n          - path: apps/legacy\n            exclude: true\n  template:\n    metadata:\n      name: \'{{path.basename}}\'\n    spec:\n      project: default\n      source:\n        repoURL: https://example.com/repo.git\n        path: \'{{path}}\'\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: \'{{path.basename}}\'\n',
    'argocd/edge.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: edge\n  namespace: argocd\nspec:\n  generators:\n    - list:\n        elements:\n          - {name: gateway}\n  template:\n    metadata:\n      name: \'{{name}}\'\n    spec:\n      source:\n        repoURL: https://example.com/repo.git\n        path: \'edge/{{name}}\'\n      destination:\n        server: https://edge.example.com\n        namespace: edge\n',
    // Two apps in one cluster with one node port: a real clash. The excluded legacy app and the
    // edge cluster's gateway use it too, but elsewhere.
    'apps/shop/app.yaml': app('shop'),
    'apps/blog/app.yaml': app('blog'),
    'apps/legacy/app.yaml': app('legacy'),
    'edge/gateway/app.yaml': app('gateway'),
  });
  const clashes = check(root).filter((item) => item.code === 'service/node-port-conflict');
  assert.deepEqual(clashes.map((item) => item.file).sort(), ['apps/blog/app.yaml', 'apps/shop/app.yaml']);
  assert.match(clashes[0].message, /via ApplicationSet argocd\/apps, argocd/);
  // Plain folders deploy into their destination namespace: the shop Service is shop/shop.
  const route = spawnSync(process.execPath, [cli, 'route', '--format', 'json', '--no-render', '--service', 'shop/shop', '.'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.ok(route.stdout !== '', route.stderr);
  assert.equal((JSON.parse(route.stdout) as { service: { namespace: string } }).service.namespace, 'shop');
});
