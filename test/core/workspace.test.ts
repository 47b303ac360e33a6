/**
 * The workspace index is incremental: an edit re-derives only what depends on it, reports the
 * files whose findings changed, and leaves every file's findings exactly as a full rebuild would.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateManifests } from '../../bench/generate';
import { defaultSettings } from '../../server/src/core/model';
import type { SourceFile } from '../../server/src/core/model';
import { joinRelative } from '../../server/src/core/paths';
import { RepositoryIndex } from '../../server/src/core/units/repository';
import { WorkspaceIndex } from '../../server/src/core/workspace';

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: orders, namespace: team-3}\nspec: {selector: {app: orders}, ports: [{name: http, port: 80, targetPort: http}]}\n';
const deployment = (label: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders, namespace: team-3}\nspec:\n  selector: {matchLabels: {app: ${label}}}\n  template:\n    metadata: {labels: {app: ${label}}}\n    spec: {containers: [{name: orders, image: orders, ports: [{name: http, containerPort: 8080}]}]}\n`;

function snapshot(index: WorkspaceIndex): Map<string, string> {
  return new Map(index.paths().map((path) => [path, JSON.stringify(index.findings(path))]));
}

test('an edit in a 2,000-file workspace recomputes only its dependents and matches a full rebuild', () => {
  const files: SourceFile[] = [...generateManifests(2000, 7), { path: 'orders/service.yaml', text: service }, { path: 'orders/deployment.yaml', text: deployment('orders') }];
  const index = new WorkspaceIndex(defaultSettings);
  const initial = index.update(...files);
  const objectCount = index.objects().length;
  assert.ok(objectCount > 4000 && initial.recomputed >= objectCount, `initial load recomputed ${initial.recomputed} of ${objectCount}`);
  assert.deepEqual(index.findings('orders/service.yaml'), []);

  // Break the selector match from the other file.
  const edit = index.update({ path: 'orders/deployment.yaml', text: deployment('orders-v2') });
  assert.deepEqual([...edit.changedFiles].sort(), ['orders/deployment.yaml', 'orders/service.yaml']);
  assert.deepEqual([...edit.changedObjects].sort(), ['Deployment/team-3/orders', 'Service/team-3/orders']);
  assert.ok(edit.recomputed <= 3, `an edit recomputed ${edit.recomputed} objects`);
  assert.deepEqual(index.findings('orders/service.yaml').map((finding) => finding.code), ['service/selector-matches-nothing']);

  const rebuilt = new WorkspaceIndex(defaultSettings);
  rebuilt.update(...files.map((file) => (file.path === 'orders/deployment.yaml' ? { path: file.path, text: deployment('orders-v2') } : file)));
  assert.deepEqual(snapshot(index), snapshot(rebuilt));

  // Undo it: the warning goes, and an unrelated file's edit touches nothing else.
  const undo = index.update({ path: 'orders/deployment.yaml', text: deployment('orders') });
  assert.deepEqual([...undo.changedFiles].sort(), ['orders/deployment.yaml', 'orders/service.yaml']);
  assert.deepEqual(index.findings('orders/service.yaml'), []);
  const unrelated = index.update({ path: 'service-5/app-5.yaml', text: files.find((file) => file.path === 'service-5/app-5.yaml')!.text.replace('replicas:', 'minReadySeconds: 5\n  replicas:') });
  assert.deepEqual(unrelated.changedFiles, ['service-5/app-5.yaml']);
  assert.ok(unrelated.recomputed <= 4, `an unrelated edit recomputed ${unrelated.recomputed} objects`);
});

test('removing a file republishes the files that depended on it', () => {
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'svc.yaml', text: service }, { path: 'deploy.yaml', text: deployment('orders') });
  assert.deepEqual(index.findings('svc.yaml'), []);
  const removed = index.remove('deploy.yaml');
  assert.deepEqual([...removed.changedFiles].sort(), ['deploy.yaml', 'svc.yaml']);
  assert.deepEqual(index.findings('svc.yaml').map((finding) => finding.code), ['service/selector-matches-nothing']);
  assert.deepEqual(index.findings('deploy.yaml'), []);
});

test('a kustomization edit moves its files into a unit and out again', () => {
  const repository = new RepositoryIndex(defaultSettings);
  repository.update({ path: 'app/svc.yaml', text: service.replace('namespace: team-3', 'namespace: shop') }, { path: 'other/deploy.yaml', text: deployment('orders').replace('namespace: team-3', 'namespace: shop') });
  assert.deepEqual(repository.findings('app/svc.yaml'), []);
  const added = repository.update({ path: 'app/kustomization.yaml', text: 'namespace: staging\nresources: [svc.yaml]\n' });
  assert.ok(added.changedFiles.includes('app/svc.yaml'));
  assert.deepEqual(added.staleUnits.map((unit) => unit.id), ['kustomize:app/kustomization.yaml']);
  repository.setRender('kustomize:app/kustomization.yaml', { status: 'off' });
  // In the unit, the Service is in staging and the plain Deployment is not part of its world.
  assert.deepEqual(repository.findings('app/svc.yaml').map((finding) => [finding.object, finding.code]), [['Service/staging/orders', 'service/selector-matches-nothing']]);
  const removed = repository.remove('app/kustomization.yaml');
  assert.ok(removed.changedFiles.includes('app/svc.yaml'));
  assert.deepEqual(repository.findings('app/svc.yaml'), []);
});

test('paths resolve relative references as kustomize does', () => {
  assert.equal(joinRelative('deploy/prod', '../base'), 'deploy/base');
  assert.equal(joinRelative('/deploy/prod', './../base/'), '/deploy/base');
  assert.equal(joinRelative('file:///work/deploy/prod', '../base'), 'file:///work/deploy/base');
  assert.equal(joinRelative('deploy', '../../x'), undefined);
  assert.equal(joinRelative('deploy', 'https://example.com/x'), undefined);
  assert.equal(joinRelative('deploy', '/etc/x'), undefined);
});

test('an edit in a multi-document file being edited re-analyses only the documents it changed', () => {
  const big = Array.from({ length: 200 }, (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${index}}\nspec: {type: NodePort, selector: {app: s${index}}, ports: [{port: 80, nodePort: ${30000 + index}}]}\n`).join('---\n');
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'big.yaml', text: big, editing: true });
  const before = index.objects('big.yaml');
  // Same length: only document 100 changes.
  const sameLength = index.update({ path: 'big.yaml', text: big.replace('nodePort: 30100', 'nodePort: 00100'), editing: true });
  const after = index.objects('big.yaml');
  assert.equal(after.filter((object, position) => object !== before[position]).length, 1, 'one object re-analysed');
  assert.ok(sameLength.recomputed <= 2, `recomputed ${sameLength.recomputed}`);
  assert.deepEqual(index.findings('big.yaml').filter((finding) => finding.code === 'service/node-port-out-of-range').map((finding) => finding.object), ['Service/default/s100']);
  // Longer text: documents after the edit move, so they are analysed again, but not parsed again.
  index.update({ path: 'big.yaml', text: big.replace('name: s100}', 'name: s100-longer}'), editing: true });
  const moved = index.objects('big.yaml');
  assert.equal(moved.slice(0, 100).filter((object, position) => object !== before[position]).length, 0, 'documents before the edit are kept');
  const rebuilt = new WorkspaceIndex(defaultSettings);
  rebuilt.update({ path: 'big.yaml', text: big.replace('name: s100}', 'name: s100-longer}') });
  assert.deepEqual(index.findings('big.yaml'), rebuilt.findings('big.yaml'));
});
