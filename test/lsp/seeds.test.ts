/**
 * The server's seeds (lsp/seeds.ts) over a real cache folder and repository index: what a start
 * from nothing derived is kept under the hash of its inputs and taken by a start with the same
 * inputs; other inputs, or any change to the index while a scan runs, take and keep nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateManifests } from '../../bench/generate';
import { defaultSettings } from '../../server/src/core/model';
import type { SourceFile } from '../../server/src/core/model';
import { ScopedRepository } from '../../server/src/core/units/scoped';
import { CacheFolder, textHash } from '../../server/src/node/cache';
import { Seeds } from '../../server/src/lsp/seeds';

const directory = mkdtempSync(join(tmpdir(), 'k8s-route-seeds-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const web = (label: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${label}}}\n  template:\n    metadata: {labels: {app: ${label}}}\n    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}\n`;
/** Generated workloads, and a few objects with cross-object findings: a selector that matches nothing, a targetPort no container names. */
const files: SourceFile[] = [
  { path: 'shop/web.yaml', text: web('web') },
  { path: 'shop/service.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: http}, {name: admin, port: 81, targetPort: admin}]}\n' },
  { path: 'shop/lost.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: lost, namespace: shop}\nspec: {selector: {app: nobody}, ports: [{port: 80}]}\n' },
  ...generateManifests(300, 9),
];
const context = JSON.stringify({ settings: 'the same' });

function repository(): ScopedRepository {
  return new ScopedRepository(() => '', [{ key: '', label: undefined, settings: defaultSettings }]);
}

/** A scan as the server runs it: batches into a fresh index, the seeds handed out before each; `midway` runs between two batches. */
function scan(seeds: Seeds, sources: readonly SourceFile[], midway?: (index: ScopedRepository) => void): { index: ScopedRepository; seeded: boolean; taken: number; kept: boolean } {
  const index = repository();
  const since = seeds.mark();
  const seeded = seeds.begin(context, sources, new Map(sources.map((source) => [source.path, textHash(source.text)])), since);
  for (let start = 0; start < sources.length; start += 100) {
    if (start === 200) midway?.(index);
    seeds.install(index);
    index.update(...sources.slice(start, start + 100));
  }
  const taken = seeds.end();
  const captured = seeded ? undefined : seeds.capture(index, since);
  if (captured) assert.ok(seeds.save(captured));
  return { index, seeded, taken, kept: captured !== undefined };
}

function findingsOf(index: ScopedRepository, sources: readonly SourceFile[]): string {
  return JSON.stringify(sources.map((source) => index.findings(source.path)));
}

test('seeds are taken for the same inputs only, and a scan the index changed under keeps none', () => {
  const folder = new CacheFolder(directory, 'stamp');
  const first = scan(new Seeds(folder, 'workspace'), files);
  assert.deepEqual([first.seeded, first.kept], [false, true]);
  const expected = findingsOf(first.index, files);
  for (const code of ['service/selector-matches-nothing', 'service/target-port']) assert.ok(expected.includes(code), `the inputs give ${code}`);

  // The same inputs: every object takes its findings, and they are the same.
  const second = scan(new Seeds(folder, 'workspace'), files);
  assert.equal(second.seeded, true);
  assert.ok(second.taken > 500, `${second.taken} objects took seeds`);
  assert.equal(findingsOf(second.index, files), expected);

  // One text differs: nothing is taken; that scan keeps its own seeds, which the next one takes.
  const edited = files.map((file, position) => (position === 7 ? { ...file, text: `${file.text}\n# edited\n` } : file));
  const third = scan(new Seeds(folder, 'workspace'), edited);
  assert.deepEqual([third.seeded, third.taken, third.kept], [false, 0, true]);
  assert.equal(scan(new Seeds(folder, 'workspace'), edited).seeded, true);

  // Another workspace in the same folder has its own.
  assert.equal(scan(new Seeds(folder, 'another workspace'), files).seeded, false);

  // An edit while the scan runs: the seeding ends there, the rest is computed, nothing is kept,
  // and the findings are those of the edited inputs.
  const seeds = new Seeds(folder, 'workspace');
  // The Deployment the Service selects is renamed by the edit (its file came in the first batch).
  const renamed: SourceFile = { path: 'shop/web.yaml', text: web('web-v2') };
  const during = scan(seeds, edited, (index) => {
    seeds.changed();
    index.update(renamed);
  });
  assert.deepEqual([during.seeded, during.kept], [true, false]);
  const reference = repository();
  const final = edited.map((file) => (file.path === renamed.path ? renamed : file));
  reference.update(...final);
  assert.equal(findingsOf(during.index, final), findingsOf(reference, final));
  assert.ok(during.index.findings('shop/service.yaml').some((finding) => finding.code === 'service/selector-matches-nothing'), 'the edit made during the scan shows');

  // The same for a scan that had no seeds to take (other inputs): what it derived is not kept.
  const other = edited.map((file, position) => (position === 9 ? { ...file, text: `${file.text}\n# again\n` } : file));
  const untaken = new Seeds(folder, 'workspace');
  const computing = scan(untaken, other, (index) => {
    untaken.changed();
    index.update(renamed);
  });
  assert.deepEqual([computing.seeded, computing.kept], [false, false]);

  // A change after the scan started and before its files were read: no seeds at all.
  const early = new Seeds(folder, 'workspace');
  const since = early.mark();
  early.changed();
  assert.equal(early.begin(context, edited, new Map(edited.map((file) => [file.path, textHash(file.text)])), since), false);
  assert.equal(early.capture(repository(), since), undefined);
});
