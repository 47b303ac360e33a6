/**
 * An index built from records with the seed of the same inputs (what the language server stores
 * after a start and hands back at the next one with unchanged files) has every finding an index
 * computing them has, without reading one object's model; after the seed is dropped it follows
 * edits exactly as an index that never had one.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateManifests } from '../../bench/generate';
import { defaultSettings } from '../../server/src/core/model';
import type { SourceFile } from '../../server/src/core/model';
import { analyseFile } from '../../server/src/core/record';
import type { FileAnalysis, ObjectAnalysis } from '../../server/src/core/record';
import { RepositoryIndex } from '../../server/src/core/units/repository';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import type { IndexSeed } from '../../server/src/core/workspace';
import { repoRoot } from '../helpers';

/** Policies of every tier, Gateway API routes, operators' custom resources and Services that select nothing, beside generated workloads. */
function inputs(): SourceFile[] {
  const files: SourceFile[] = generateManifests(400, 3);
  for (const folder of ['test/reach', 'test/request', 'examples/shop', 'examples/mistakes']) {
    for (const name of readdirSync(join(repoRoot, folder)).filter((file) => file.endsWith('.yaml')).sort()) files.push({ path: `${folder}/${name}`, text: readFileSync(join(repoRoot, folder, name), 'utf8') });
  }
  return files;
}

/** The files with records whose models count their reads, as a store would give them. */
function recorded(files: readonly SourceFile[], reads: { count: number }): SourceFile[] {
  return files.map((file) => {
    const analysis = analyseFile(file, defaultSettings);
    const objects = analysis.objects.map((object): ObjectAnalysis => {
      const { decoded, ...fields } = object;
      return {
        ...fields,
        get decoded() {
          reads.count++;
          return decoded;
        },
      };
    });
    const counted: FileAnalysis = { ...analysis, objects };
    return { ...file, analyses: [counted] };
  });
}

function findingsOf(index: WorkspaceIndex): Map<string, string> {
  return new Map(index.paths().map((path) => [path, JSON.stringify(index.findings(path))]));
}

/** Builds in batches, as the server does. */
function build(index: WorkspaceIndex, files: readonly SourceFile[]): void {
  for (let start = 0; start < files.length; start += 150) index.update(...files.slice(start, start + 150));
}

test('a seeded index has every finding without reading a model, then follows edits as an unseeded one', () => {
  const files = inputs();
  const computed = new WorkspaceIndex(defaultSettings);
  build(computed, recorded(files, { count: 0 }));
  const expected = findingsOf(computed);
  const codes = new Set([...expected.values()].flatMap((text) => (JSON.parse(text) as Array<{ code: string }>).map((finding) => finding.code)));
  for (const family of ['service/selector-matches-nothing', 'service/pods-from-operator', 'networkpolicy/', 'adminpolicy/', 'gateway/', 'service/target-port']) assert.ok([...codes].some((code) => code.startsWith(family)), `the inputs give ${family} findings: ${[...codes].join(' ')}`);
  // The seed goes through JSON, as it is stored.
  const seed = JSON.parse(JSON.stringify(computed.exportSeed())) as IndexSeed;

  const reads = { count: 0 };
  const seeded = new WorkspaceIndex(defaultSettings);
  seeded.useSeed(seed);
  build(seeded, recorded(files, reads));
  assert.deepEqual(findingsOf(seeded), expected);
  assert.equal(reads.count, 0, 'no model was read');
  assert.equal(seeded.seeded, seeded.objects().length);
  seeded.dropSeed();
  // What policies and gateways answer is worked out when asked, and the same.
  const connectivity = seeded.connectivity();
  assert.ok(connectivity && reads.count > 0, 'the policy analysis reads the models when asked for');
  assert.deepEqual(connectivity.workloads.map((workload) => workload.id), computed.connectivity()!.workloads.map((workload) => workload.id));
  assert.deepEqual(JSON.stringify(seeded.gateways()?.findings), JSON.stringify(computed.gateways()?.findings));
  assert.equal(seeded.gateways()?.attachments.length, computed.gateways()?.attachments.length);

  // The same edits to both: a selector that stops matching, a workload removed, a policy and a route changed.
  const edits: Array<(index: WorkspaceIndex) => unknown> = [];
  const service = files.find((file) => /kind: Service\n/.test(file.text) && /selector:\n\s+app: /.test(file.text))!;
  edits.push((index) => index.update({ path: service.path, text: service.text.replace(/(selector:\n\s+app: )/, '$1x') }));
  const workload = files.find((file) => file.path.startsWith('examples/shop') && /kind: Deployment/.test(file.text))!;
  edits.push((index) => index.remove(workload.path));
  const policy = files.find((file) => /kind: NetworkPolicy/.test(file.text))!;
  edits.push((index) => index.update({ path: policy.path, text: policy.text.replace(/podSelector: \{\}/, 'podSelector: {matchLabels: {none: here}}') }));
  const route = files.find((file) => /kind: HTTPRoute/.test(file.text))!;
  edits.push((index) => index.update({ path: route.path, text: route.text.replace(/name: (\S+)\n/, 'name: $1-renamed\n') }));
  edits.push((index) => index.update(service));
  for (const [step, edit] of edits.entries()) {
    edit(computed);
    edit(seeded);
    assert.deepEqual(findingsOf(seeded), findingsOf(computed), `after edit ${step}`);
  }
  assert.ok(reads.count > 0, 'edits read the models they need');
});

test('a seeded object that looked into the rest of the repository is recomputed when a render lands there', () => {
  const files: SourceFile[] = [
    { path: 'app/kustomization.yaml', text: 'resources:\n  - deployment.yaml\n' },
    { path: 'app/deployment.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}\n' },
    { path: 'plain/service.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n' },
  ];
  const computed = new RepositoryIndex(defaultSettings);
  computed.update(...files);
  const before = computed.findings('plain/service.yaml').map((finding) => finding.code);
  assert.ok(before.includes('service/selector-matches-nothing'), before.join(' '));
  const seed = JSON.parse(JSON.stringify(computed.plainIndex.exportSeed())) as IndexSeed;

  const seeded = new RepositoryIndex(defaultSettings);
  seeded.plainIndex.useSeed(seed);
  seeded.update(...files);
  seeded.plainIndex.dropSeed();
  assert.ok(seeded.plainIndex.seeded > 0);
  assert.deepEqual(seeded.findings('plain/service.yaml'), computed.findings('plain/service.yaml'));
  // The kustomization is approximated (no tool): its Deployment is what the Service selects.
  for (const repository of [computed, seeded]) for (const unit of repository.units()) repository.setRender(unit.id, { status: 'off' });
  const after = seeded.findings('plain/service.yaml');
  assert.ok(!after.some((finding) => finding.code === 'service/selector-matches-nothing'), JSON.stringify(after));
  assert.deepEqual(after, computed.findings('plain/service.yaml'));
});
