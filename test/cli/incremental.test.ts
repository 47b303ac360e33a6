/**
 * `check --cache` after a few files changed, through the built CLI on a generated workspace of 600
 * files in 20 namespaces: a run re-analyses only the files of the namespaces the change touches
 * (and the Services sharing its node ports), and prints exactly what a run without any cache
 * prints. Each kind of change is tried: a selector broken, a node port clashing across
 * namespaces, an object moved to another namespace, files removed and added, and changes that
 * reach further (a NetworkPolicy, many files), which analyse the whole workspace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { generateWorkspace } from '../../bench/generate';
import { affectedBy } from '../../server/src/core/units/shards';
import type { FileShape } from '../../server/src/core/units/shards';
import { repoRoot } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-incremental-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(folder: string, cache: string | undefined): { stdout: string; stderr: string; status: number | null } {
  const args = [cli, 'check', '--no-render', '--format', 'json', ...(cache ? ['--cache-location', cache] : []), '.'];
  const result = spawnSync(process.execPath, args, { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_DEBUG: '1' }, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const partial = /(\d+) files changed since the last run; (\d+) files of their namespaces analysed again/;

test('after a few changes, a cached check analyses the namespaces they touch and prints what a full check prints', () => {
  const folder = join(scratch, 'workspace');
  const cache = join(scratch, 'cache');
  const files = generateWorkspace(folder, 600, 7).map((file) => relative(folder, file));
  const text = (file: string): string => readFileSync(join(folder, file), 'utf8');
  const write = (file: string, content: string): void => writeFileSync(join(folder, file), content);
  const namespaceOf = (file: string): string => /namespace: (\S+)/.exec(text(file))![1];
  /** A cached run after a change: the same output as a run without cache; how much it analysed. */
  const step = (what: string, expectPartial: boolean): { changed: number; analysed: number } => {
    const cached = run(folder, cache);
    const plain = run(folder, undefined);
    assert.equal(cached.status, plain.status, what);
    assert.equal(cached.stdout, plain.stdout, `${what}: the cached run prints what a full run prints`);
    const match = partial.exec(cached.stderr);
    assert.equal(match !== null, expectPartial, `${what}: ${cached.stderr}`);
    return { changed: Number(match?.[1] ?? 0), analysed: Number(match?.[2] ?? 0) };
  };
  run(folder, cache);
  const findings = (): number => (JSON.parse(run(folder, undefined).stdout) as { diagnostics: unknown[] }).diagnostics.length;
  const before = findings();

  // A Service's selector misspelt: its namespace alone is analysed again.
  const service = files.find((file) => /\n {2}selector:\n {4}app: /.test(text(file)))!;
  write(service, text(service).replace(/\n {2}selector:\n {4}app: (\S+)/, '\n  selector:\n    app: $1-typo'));
  const typo = step('selector misspelt', true);
  assert.equal(typo.changed, 1);
  assert.ok(typo.analysed < files.length / 4, `only its namespace: ${typo.analysed} of ${files.length}`);
  assert.ok(findings() > before, 'the change made a finding');

  // A node port taken from a Service of another namespace: both sides clash.
  const nodePorts = files.filter((file) => /nodePort: \d+/.test(text(file)));
  const first = nodePorts[0];
  const second = nodePorts.find((file) => namespaceOf(file) !== namespaceOf(first))!;
  const port = /nodePort: (\d+)/.exec(text(first))![1];
  write(second, text(second).replace(/nodePort: \d+/, `nodePort: ${port}`));
  step('node port shared across namespaces', true);
  assert.match(run(folder, undefined).stdout, /service\/node-port-conflict/);

  // An object moved to another namespace: both namespaces are analysed again.
  const moved = files.find((file) => file !== service && file !== second && namespaceOf(file) !== namespaceOf(service))!;
  write(moved, text(moved).replaceAll(`namespace: ${namespaceOf(moved)}`, `namespace: ${namespaceOf(service)}`));
  step('objects moved to another namespace', true);

  // A file removed, and one added whose Service selects a workload of an existing file.
  rmSync(join(folder, files[10]));
  step('file removed', true);
  const target = files.find((file) => /kind: Deployment/.test(text(file)) && file !== moved)!;
  const app = /\n {6}labels:\n {8}app: (\S+)/.exec(text(target))![1];
  write('added.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: ${namespaceOf(target)}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 81\n      targetPort: no-such-port\n`);
  step('file added', true);
  assert.match(run(folder, undefined).stdout, /no-such-port/);

  // A NetworkPolicy relates namespaces: the whole workspace is analysed, with it and after it.
  write('policy.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${namespaceOf(target)}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`);
  step('a NetworkPolicy added', false);
  rmSync(join(folder, 'policy.yaml'));
  step('the NetworkPolicy removed', false);
  write(service, text(service).replace('-typo', ''));
  step('selector put right', true);

  // Many files changed: the whole workspace.
  for (const file of files.slice(100, 300)) if (readdirSync(join(folder, file, '..')).length > 0) write(file, `${text(file)}# touched\n`);
  step('a third of the files changed', false);
  step('nothing changed', false);
});

test('the files to analyse again: the namespaces touched, files that span them, and Services sharing a node port', () => {
  const shape = (namespaces: string[], keys: string[] = []): FileShape => ({ namespaces, keys, objects: namespaces.length, wide: false });
  const now = new Map<string, FileShape>([
    ['a.yaml', shape(['a'])],
    ['a2.yaml', shape(['a'], ['nodePort:30001'])],
    ['ab.yaml', shape(['a', 'b'])],
    ['b.yaml', shape(['b'])],
    ['c.yaml', shape(['c'], ['nodePort:30001'])],
    ['d.yaml', shape(['d'], ['nodePort:30002'])],
    ['e.yaml', shape(['e'], ['nodePort:30002'])],
  ]);
  // A change in a: a file spanning a and b brings b; c shares a node port with a2.
  const changed = affectedBy([{ before: shape(['a']), after: shape(['a']) }], now);
  assert.deepEqual([...changed.affected].sort(), ['a.yaml', 'a2.yaml', 'ab.yaml', 'b.yaml']);
  assert.deepEqual([...changed.context].sort(), ['c.yaml']);
  // A change that takes node port 30002: d and e, whose Services may clash with it, are analysed again.
  const port = affectedBy([{ before: undefined, after: shape(['f'], ['nodePort:30002']) }], new Map([...now, ['f.yaml', shape(['f'], ['nodePort:30002'])]]));
  assert.deepEqual([...port.affected].sort(), ['d.yaml', 'e.yaml', 'f.yaml']);
});
