/**
 * Route snapshots: the RouteModel of every Service in examples/ (one of each type, and two broken
 * routes) and in test/fixtures/routes, compared with the JSON snapshots beside them.
 * UPDATE_EXPECT=1 rewrites the snapshots for review.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { computeRoute } from '../../server/src/core/features/route';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import type { RouteModel } from '../../server/src/protocol/route';
import { splitFixture } from '../fixtureFormat';
import { fixturesRoot, listFiles, repoRoot } from '../helpers';

const update = process.env.UPDATE_EXPECT === '1';

function routesOf(index: WorkspaceIndex): RouteModel[] {
  return index
    .objects()
    .filter((object) => object.object.recognized === 'Service')
    .sort((left, right) => left.id.localeCompare(right.id))
    .map((service) => computeRoute(index, service));
}

function compareSnapshot(snapshotPath: string, routes: RouteModel[]): void {
  const actual = `${JSON.stringify(routes, null, 2)}\n`;
  if (update) {
    writeFileSync(snapshotPath, actual);
    return;
  }
  assert.ok(existsSync(snapshotPath), `missing snapshot ${relative(repoRoot, snapshotPath)}: run with UPDATE_EXPECT=1`);
  assert.equal(actual, readFileSync(snapshotPath, 'utf8'), `route snapshot ${relative(repoRoot, snapshotPath)} differs; rerun with UPDATE_EXPECT=1 and review`);
}

test('routes of the examples app', () => {
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...listFiles(join(repoRoot, 'examples'), ['.yaml']).map((path) => ({ path: relative(repoRoot, path), text: readFileSync(path, 'utf8') })));
  const routes = routesOf(index);
  compareSnapshot(join(fixturesRoot, 'routes', 'examples.routes.json'), routes);
  const byName = new Map(routes.map((route) => [route.service.name, route]));
  const kinds = (name: string): string => byName.get(name)!.lanes[0].hops.map((hop) => hop.kind).join(' ');
  // The shapes the product promises, independent of wording.
  assert.equal(kinds('api'), 'client service kubeProxy pod container');
  assert.equal(kinds('admin'), 'client node client service kubeProxy pod container');
  assert.equal(kinds('frontend'), 'client loadBalancer node client service kubeProxy pod container');
  assert.equal(kinds('db'), 'client dns pod container');
  assert.equal(kinds('payments'), 'client dns external');
  assert.deepEqual(byName.get('checkout')!.lanes[0].hops.map((hop) => hop.status), ['ok', 'ok', 'ok', 'broken']);
  assert.deepEqual(byName.get('api-grpc')!.lanes[0].hops.slice(-2).map((hop) => [hop.kind, hop.status]), [['pod', 'broken'], ['container', 'broken']]);
  assert.equal(byName.get('frontend')!.lanes[0].hops.find((hop) => hop.kind === 'container')!.label, 'web:8080/TCP');
});

for (const fixture of listFiles(join(fixturesRoot, 'routes'), ['.yaml'])) {
  test(`routes of ${relative(fixturesRoot, fixture)}`, () => {
    const files = splitFixture(readFileSync(fixture, 'utf8'), 'manifest.yaml');
    const index = new WorkspaceIndex(defaultSettings);
    index.update(...files.map((file) => ({ path: file.path, text: file.text })));
    compareSnapshot(fixture.replace(/\.yaml$/, '.routes.json'), routesOf(index));
  });
}

test('a Service whose Pods an operator creates: the route shows them as the operator\'s, not broken', () => {
  const files = splitFixture(readFileSync(join(fixturesRoot, 'rules', 'service', 'pods-from-operator.yaml'), 'utf8'), 'x.yaml');
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...files.map((file) => ({ path: file.path, text: file.text })));
  const service = index.objects().find((object) => object.id === 'Service/monitoring/prometheus-k8s')!;
  const pods = computeRoute(index, service).lanes[0].hops.find((hop) => hop.kind === 'pod')!;
  assert.equal(pods.label, 'Pods created by the operator of Prometheus/k8s');
  assert.equal(pods.status, 'ok');
  // Removing the resource brings the warning back.
  const resource = files.find((file) => file.path === 'invalid/monitoring.yaml')!;
  index.update({ path: resource.path, text: resource.text.replace(/kind: Prometheus\n/, 'kind: PrometheusRule\n').replace(/labels: \{app\.kubernetes\.io\/component: prometheus, app\.kubernetes\.io\/name: prometheus\}/, 'labels: {}') });
  assert.ok(index.findings(resource.path).some((finding) => finding.object === 'Service/monitoring/prometheus-k8s' && finding.code === 'service/selector-matches-nothing'));
});
