/**
 * `check --cache` through the built CLI with the real, pinned helm and kubectl, on a copy of
 * test/repos (charts, kustomize overlays, plain files): a second run reads every file and render
 * from the cache and prints the same; what changes (a file, the settings, a values file) is analysed
 * or rendered again, alone; a cache that is garbage, cut short or of another engine is ignored and
 * rewritten; two runs writing one cache at once leave a valid cache. The cache's own checks are
 * tested in-process too.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CacheFolder, defaultCacheLocation, FileStore } from '../../server/src/node/cache';
import { repoRoot, toolsDirectory } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const tools = toolsDirectory();
const scratch = mkdtempSync(join(tmpdir(), 'k8s-route-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of test/repos to change. */
function copyOfRepos(name: string): string {
  const folder = join(scratch, name);
  cpSync(join(repoRoot, 'test', 'repos'), folder, { recursive: true });
  rmSync(join(folder, 'expected.txt'), { force: true });
  return folder;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the debug line: files read from the cache, files read anew, tool runs. */
  readonly fromCache: number;
  readonly anew: number;
  readonly toolRuns: number;
}

function check(cwd: string, ...extra: string[]): Run {
  const result = spawnSync(process.execPath, [cli, 'check', '--helm', join(tools, 'helm'), '--kustomize', join(tools, 'kubectl'), '--format', 'json', ...extra, '.'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_DEBUG: '1' }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ...counts(result.stderr) };
}

function counts(stderr: string): { fromCache: number; anew: number; toolRuns: number } {
  // A run answered whole from the cache analyses and renders nothing.
  const whole = /(\d+) files(?: and \d+ renders)? unchanged since the last run/.exec(stderr);
  if (whole) return { fromCache: Number(whole[1]), anew: 0, toolRuns: 0 };
  const match = /(?:(\d+) files from the cache, )?(\d+) read anew \(\d+ in worker threads\); (\d+) tool runs/.exec(stderr);
  assert.ok(match, `no debug line in: ${stderr}`);
  return { fromCache: Number(match[1] ?? 0), anew: Number(match[2] ?? 0), toolRuns: Number(match[3]) };
}

test('a second run with --cache reads every file and render from the cache and prints the same', () => {
  const repos = copyOfRepos('warm');
  const cache = join(scratch, 'warm-cache');
  const plain = check(repos);
  const cold = check(repos, '--cache-location', cache);
  assert.equal(cold.stdout, plain.stdout);
  assert.equal(cold.fromCache, 0);
  assert.ok(cold.toolRuns > 0);
  const warm = check(repos, '--cache-location', cache);
  assert.equal(warm.stdout, plain.stdout, 'the same findings from the cache');
  assert.equal(warm.status, plain.status);
  assert.equal(warm.toolRuns, 0, 'no chart or kustomization rendered again');
  assert.equal(warm.anew, 0, 'every file from the cache');
  assert.equal(warm.fromCache, cold.anew);
});

test('a file edited behind the cache, same size and time, is analysed again; settings and values changes invalidate what they touch', () => {
  const repos = copyOfRepos('edits');
  const cache = join(scratch, 'edits-cache');
  check(repos, '--cache-location', cache);
  // Same length, same modification time: only the text tells.
  const file = join(repos, 'plain', 'web.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(/port: (\d)(\d+)/, (_whole, first: string, rest: string) => `port: ${first === '9' ? '8' : '9'}${rest}`);
  assert.notEqual(edited, text);
  assert.equal(edited.length, text.length);
  const { atime, mtime } = statSync(file);
  writeFileSync(file, edited);
  utimesSync(file, atime, mtime);
  const afterEdit = check(repos, '--cache-location', cache);
  assert.equal(afterEdit.anew, 1, 'the edited file alone is read anew');
  assert.equal(afterEdit.stdout, check(repos).stdout);
  // Settings that change analysis: every file is analysed again, and the findings follow them.
  const ranged = check(repos, '--cache-location', cache, '--node-port-range', '30000-30100');
  assert.equal(ranged.fromCache, 0);
  assert.equal(ranged.stdout, check(repos, '--node-port-range', '30000-30100').stdout);
  // A values file edited: its chart renders again (each of its three variants, as a template may
  // read any file of its chart through .Files), and no other unit.
  check(repos, '--cache-location', cache);
  const values = join(repos, 'charts', 'shop', 'values-production.yaml');
  writeFileSync(values, `${readFileSync(values, 'utf8')}\n# edited\n`);
  const afterValues = check(repos, '--cache-location', cache);
  assert.equal(afterValues.toolRuns, 3, `the variants of charts/shop alone: ${afterValues.stderr}`);
  assert.match(afterValues.stderr, /for 6 units/);
  assert.equal(afterValues.stdout, check(repos).stdout);
});

test('without renders, an unchanged run prints the last run\'s findings at once; any input changed makes it analyse again', () => {
  const repos = copyOfRepos('whole');
  const cache = join(scratch, 'whole-cache');
  const plain = (...extra: string[]) => check(repos, '--no-render', ...extra);
  const cached = (...extra: string[]) => check(repos, '--no-render', '--cache-location', cache, ...extra);
  const unchanged = /files unchanged since the last run/;
  const cold = cached();
  assert.doesNotMatch(cold.stderr, unchanged);
  assert.equal(cold.stdout, plain().stdout);
  assert.ok(readdirSync(cache).some((name) => name.startsWith('check-')), 'the run is stored');
  const warm = spawnSync(process.execPath, [cli, 'check', '--no-render', '--cache-location', cache, '--format', 'json', '.'], { cwd: repos, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_DEBUG: '1' } });
  assert.match(warm.stderr, unchanged);
  assert.doesNotMatch(warm.stderr, /read anew/, 'nothing analysed');
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.status, cold.status);
  // How the findings are printed is not an input: the text and SARIF outputs come from it too.
  for (const format of ['text', 'sarif']) {
    const args = ['check', '--no-render', '--format', format, '.'];
    const fromCache = spawnSync(process.execPath, [cli, ...args.slice(0, 2), '--cache-location', cache, ...args.slice(2)], { cwd: repos, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_DEBUG: '1' } });
    const fresh = spawnSync(process.execPath, [cli, ...args], { cwd: repos, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch } });
    assert.match(fromCache.stderr, unchanged);
    assert.equal(fromCache.stdout, fresh.stdout, format);
    assert.equal(fromCache.status, fresh.status, format);
  }
  // --fail-on changes the exit status only, from the same findings.
  assert.equal(cached('--fail-on', 'warning').status, plain('--fail-on', 'warning').status);
  // A file edited with the same size and time: the run is analysed again and the finding follows.
  const file = join(repos, 'plain', 'web.yaml');
  const text = readFileSync(file, 'utf8');
  // The misspelt Pod label put right: the selector finding goes.
  const edited = text.replace('{app: wbe}', '{app: web}');
  assert.equal(edited.length, text.length);
  const { atime, mtime } = statSync(file);
  writeFileSync(file, edited);
  utimesSync(file, atime, mtime);
  const afterEdit = cached();
  assert.doesNotMatch(afterEdit.stderr, unchanged);
  assert.equal(afterEdit.anew, 1);
  assert.equal(afterEdit.stdout, plain().stdout);
  assert.notEqual(afterEdit.stdout, cold.stdout, 'the edit changes a finding');
  // A setting, a new file, a deleted file, a project configuration: each one misses.
  const ranged = cached('--node-port-range', '30000-30100');
  assert.doesNotMatch(ranged.stderr, unchanged);
  assert.equal(ranged.stdout, plain('--node-port-range', '30000-30100').stdout);
  writeFileSync(join(repos, 'plain', 'extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  selector:\n    app: nothing-here\n  ports:\n    - port: 80\n');
  const added = cached();
  assert.doesNotMatch(added.stderr, unchanged);
  assert.equal(added.stdout, plain().stdout);
  assert.match(added.stdout, /nothing-here/);
  rmSync(join(repos, 'plain', 'extra.yaml'));
  const removed = cached();
  assert.doesNotMatch(removed.stderr, unchanged);
  assert.doesNotMatch(removed.stdout, /nothing-here/);
  writeFileSync(join(repos, '.k8s-route.yaml'), 'disabledRules: [service/selector-matches-nothing]\n');
  const configured = cached();
  assert.doesNotMatch(configured.stderr, unchanged);
  assert.equal(configured.stdout, plain().stdout);
  rmSync(join(repos, '.k8s-route.yaml'));
  // A stored run that is garbage is not printed: the run is analysed and the store rewritten.
  cached();
  for (const name of readdirSync(cache).filter((entry) => entry.startsWith('check-'))) writeFileSync(join(cache, name), 'garbage');
  const afterGarbage = cached();
  assert.doesNotMatch(afterGarbage.stderr, unchanged);
  assert.equal(afterGarbage.stdout, plain().stdout);
  assert.match(cached().stderr, unchanged);
});

test('a run that renders is used again only while every unit reads the same: a chart file no manifest walk sees, or another tool, makes it render again', () => {
  const repos = copyOfRepos('rendered');
  const cache = join(scratch, 'rendered-cache');
  const unchanged = /files and (\d+) renders unchanged since the last run/;
  const cold = check(repos, '--cache-location', cache);
  assert.ok(readdirSync(cache).some((name) => name.startsWith('check-')), readdirSync(cache).join(', '));
  const warm = check(repos, '--cache-location', cache);
  assert.match(warm.stderr, unchanged);
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.status, cold.status);
  // A helper template is not a manifest the walk reads, but the chart's render reads it.
  const helpers = join(repos, 'charts', 'shop', 'templates', '_extra.tpl');
  writeFileSync(helpers, '{{- define "shop.extra" -}}extra{{- end -}}\n');
  const afterHelper = check(repos, '--cache-location', cache);
  assert.doesNotMatch(afterHelper.stderr, unchanged);
  assert.equal(afterHelper.toolRuns, 3, `the chart's three variants render again: ${afterHelper.stderr}`);
  assert.equal(afterHelper.stdout, check(repos).stdout);
  assert.match(check(repos, '--cache-location', cache).stderr, unchanged);
  // Another helm binary (a copy elsewhere): every chart variant renders again.
  const otherHelm = join(scratch, 'other-helm');
  cpSync(join(tools, 'helm'), otherHelm);
  const result = spawnSync(process.execPath, [cli, 'check', '--helm', otherHelm, '--kustomize', join(tools, 'kubectl'), '--format', 'json', '--cache-location', cache, '.'], { cwd: repos, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch, K8S_ROUTE_DEBUG: '1' }, timeout: 120_000 });
  assert.doesNotMatch(result.stderr, unchanged);
  assert.equal(counts(result.stderr).toolRuns, 3);
  assert.equal(result.stdout, cold.stdout);
});


test('a cache that is garbage, cut short or written by another engine is ignored and rewritten', () => {
  const repos = copyOfRepos('corrupt');
  const cache = join(scratch, 'corrupt-cache');
  const expected = check(repos).stdout;
  check(repos, '--cache-location', cache);
  const files = readdirSync(cache);
  assert.ok(files.some((name) => name.startsWith('files-')) && files.some((name) => name.startsWith('render-')), files.join(', '));
  for (const [label, damage] of [
    ['garbage', (bytes: Buffer) => Buffer.from(bytes.map((_, index) => (index * 7919) % 256))],
    ['cut short', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['one byte changed', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, bytes.length - 3), Buffer.from([bytes[bytes.length - 3] ^ 0xff]), bytes.subarray(bytes.length - 2)])],
  ] as const) {
    for (const name of readdirSync(cache)) writeFileSync(join(cache, name), damage(readFileSync(join(cache, name))));
    const damaged = check(repos, '--cache-location', cache);
    assert.equal(damaged.stdout, expected, label);
    assert.equal(damaged.fromCache, 0, label);
    assert.ok(damaged.toolRuns > 0, label);
    const rewritten = check(repos, '--cache-location', cache);
    assert.equal(rewritten.stdout, expected, label);
    assert.equal(rewritten.anew, 0, `${label}: rewritten and read back`);
    assert.equal(rewritten.toolRuns, 0, label);
  }
  // Another engine build wrote these files (or this one, with another stamp): not read.
  const folder = new CacheFolder(cache, 'another-engine');
  for (const name of readdirSync(cache)) {
    // The same payload under another stamp, with a valid digest: only the stamp tells.
    const envelope = JSON.parse(readFileSync(join(cache, name)).subarray('k8s-route cache 1\n'.length + 32).toString('utf8')) as { stamp: string; payload: unknown };
    assert.notEqual(envelope.stamp, 'another-engine');
    const list = name.startsWith('files-');
    assert.equal(list ? folder.writeList(name, envelope.payload as unknown[]) : folder.write(name, envelope.payload), true);
    assert.notEqual(list ? folder.readLines(name) : folder.read(name), undefined, 'valid for the engine that wrote it');
  }
  const foreign = check(repos, '--cache-location', cache);
  assert.equal(foreign.stdout, expected);
  assert.equal(foreign.fromCache, 0);
  assert.ok(foreign.toolRuns > 0);
});

test('a cache folder that cannot be made is a message, and the run goes on without it', () => {
  const repos = copyOfRepos('unwritable');
  const expected = check(repos, '--no-render').stdout;
  const blocker = join(scratch, 'a-file');
  writeFileSync(blocker, 'not a folder');
  // Under a file; and, on Linux, under /proc, where Node's recursive mkdir never returns.
  const places = [join(blocker, 'cache'), ...(existsSync('/proc/self') ? ['/proc/k8s-route-cache-test/cache'] : [])];
  for (const place of places) {
    const result = spawnSync(process.execPath, [cli, 'check', '--no-render', '--format', 'json', '--cache-location', place, '.'], { cwd: repos, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: scratch }, timeout: 60_000 });
    assert.equal(result.signal, null, `${place}: the run ended by itself`);
    assert.equal(result.stdout, expected, place);
    assert.equal(result.stderr.match(/cannot write the cache in /g)?.length, 1, `${place}, said once: ${result.stderr}`);
  }
});

test('two runs writing one cache at once leave a valid cache', async () => {
  const repos = copyOfRepos('concurrent');
  const cache = join(scratch, 'concurrent-cache');
  const expected = check(repos).stdout;
  const once = (): Promise<string> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, 'check', '--helm', join(tools, 'helm'), '--kustomize', join(tools, 'kubectl'), '--format', 'json', '--cache-location', cache, '.'], { cwd: repos, env: { PATH: process.env.PATH, HOME: scratch } });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('close', () => resolve(stdout));
    });
  const outputs = await Promise.all([once(), once(), once()]);
  for (const output of outputs) assert.equal(output, expected);
  assert.deepEqual(readdirSync(cache).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  const after = check(repos, '--cache-location', cache);
  assert.equal(after.stdout, expected);
  assert.equal(after.anew, 0);
  assert.equal(after.toolRuns, 0);
});

test('the cache folder: checks every file it reads, keys files by their text, and has a default place', () => {
  const folder = join(scratch, 'unit');
  const cache = new CacheFolder(folder, 'engine-a');
  assert.equal(cache.write('x.bin', { hello: ['world'] }), true);
  assert.deepEqual(cache.read('x.bin'), { hello: ['world'] });
  assert.equal(new CacheFolder(folder, 'engine-b').read('x.bin'), undefined, 'another engine build');
  writeFileSync(join(folder, 'x.bin'), 'not a cache');
  assert.equal(cache.read('x.bin'), undefined);
  assert.equal(cache.read('missing.bin'), undefined);
  assert.equal(cache.writeList('list.bin', [{ a: 1 }, 'two\nlines', null]), true);
  assert.deepEqual(cache.readLines('list.bin')?.map((line) => JSON.parse(line.toString('utf8')) as unknown), [{ a: 1 }, 'two\nlines', null]);
  assert.deepEqual(cache.read('list.bin'), [{ a: 1 }, 'two\nlines', null], 'a list file is one JSON envelope too');
  assert.equal(new CacheFolder(folder, 'engine-b').readLines('list.bin'), undefined);
  // A folder that cannot be written: false, no throw.
  writeFileSync(join(scratch, 'a-file'), '');
  assert.equal(new CacheFolder(join(scratch, 'a-file', 'below'), 'engine-a').write('x.bin', 1), false);

  const analysis = { settings: 's', findings: [], objects: [] };
  const store = new FileStore(cache, '/workspace');
  const first = store.lookup('a.yaml', 'kind: Service\n', 's');
  assert.equal(first.analyses, undefined);
  store.remember('a.yaml', first.hash, [analysis]);
  assert.equal(store.save(), true);
  const again = new FileStore(cache, '/workspace');
  assert.deepEqual(again.lookup('a.yaml', 'kind: Service\n', 's').analyses, [analysis]);
  assert.equal(again.lookup('a.yaml', 'kind: Service\n', 'other settings').analyses, undefined, 'other settings');
  assert.equal(again.lookup('a.yaml', 'kind: Servicf\n', 's').analyses, undefined, 'same size, other text');
  assert.equal(new FileStore(cache, '/other-workspace').lookup('a.yaml', 'kind: Service\n', 's').analyses, undefined, 'another workspace');
  // A stored entry of the wrong shape is dropped, not trusted.
  const name = readdirSync(folder).find((file) => file.startsWith('files-'))!;
  cache.writeList(name, [['a.yaml', { hash: again.lookup('a.yaml', 'kind: Service\n', 's').hash, analyses: [{ settings: 's', objects: 'no' }] }]]);
  assert.equal(cache.readLines(name)?.length, 1);
  assert.equal(new FileStore(cache, '/workspace').lookup('a.yaml', 'kind: Service\n', 's').analyses, undefined);

  const project = join(scratch, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  assert.equal(defaultCacheLocation(project, {}), join(project, 'node_modules', '.cache', 'k8s-route'));
  assert.equal(defaultCacheLocation(join(scratch, 'unit'), { XDG_CACHE_HOME: '/xdg' }), process.platform === 'linux' ? '/xdg/k8s-route' : defaultCacheLocation(join(scratch, 'unit'), {}));
});
