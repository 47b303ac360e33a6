/**
 * The language server's persistent cache, over stdio with the pinned helm and kubectl: a server
 * started again on the same workspace, with the same cache folder (VS Code's workspace storage),
 * publishes the same diagnostics without parsing a file or running a tool. The workspace is
 * test/repos (charts, overlays, plain files) and 2,500 generated manifests, enough to share out to
 * worker threads on the first start.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generateWorkspace } from '../../bench/generate';
import { repoRoot, toolsDirectory } from '../helpers';
import { LspClient } from './lspClient';

const tools = toolsDirectory();
const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-lsp-cache-'));
cpSync(join(repoRoot, 'test', 'repos'), workspace, { recursive: true });
generateWorkspace(join(workspace, 'generated'), 2500, 5);
const cacheLocation = mkdtempSync(join(tmpdir(), 'k8s-route-lsp-cache-store-'));
after(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(cacheLocation, { recursive: true, force: true });
});
const template = pathToFileURL(join(workspace, 'charts/shop/templates/service.yaml')).toString();

const logs = (client: LspClient, pattern: RegExp): string[] => client.notifications.filter((note) => note.method === 'window/logMessage' && pattern.test(note.params.message)).map((note) => String(note.params.message));

/** Starts a server on the workspace, waits until its scan and the renders it started have landed, and returns it with its diagnostics. */
async function start(renders: number): Promise<{ client: LspClient; diagnostics: Map<string, Diagnostic[]>; indexed: string }> {
  const client = new LspClient();
  client.settings = { helm: { path: join(tools, 'helm') }, kustomize: { path: join(tools, 'kubectl') } };
  await client.initialize(workspace, { initializationOptions: { debounceMs: 0, cacheLocation } });
  await client.until(() => logs(client, /^k8s-route: indexed /).length > 0);
  await client.until(() => logs(client, /^k8s-route: rendered /).length >= renders);
  await client.diagnosticsOf(template, (items) => items.length === 2);
  // A round trip: every publish the server sent before answering has arrived.
  await client.connection.sendRequest('k8sRoute/services', {});
  const diagnostics = new Map([...client.diagnostics].map(([uri, published]) => [uri, published.diagnostics] as const).filter(([, items]) => items.length > 0));
  return { client, diagnostics, indexed: logs(client, /^k8s-route: indexed /)[0] };
}

test('a server started again reads every file and render from its cache: the same diagnostics, nothing parsed, no tool run', async () => {
  const cold = await start(6);
  await cold.client.stop();
  assert.match(cold.indexed, /: 0 from the cache, \d+ analysed \((\d+) in worker threads/);
  assert.ok(Number(/\((\d+) in worker threads/.exec(cold.indexed)![1]) > 0, `worker threads took part: ${cold.indexed}`);
  assert.equal(logs(cold.client, /^k8s-route: rendered /).length, 6);
  assert.ok(readdirSync(cacheLocation).some((name) => name.startsWith('files-')), 'the files were kept');
  assert.ok(cold.diagnostics.size >= 5, `${cold.diagnostics.size} files with diagnostics`);
  // Progress that counts: the status the client shows, and the window progress.
  const states = cold.client.notifications.filter((note) => note.method === 'k8sRoute/indexState').map((note) => note.params as { indexing: boolean; scanned?: { done: number; total: number }; rendering?: { done?: number; total?: number } });
  const scanned = states.flatMap((state) => (state.scanned ? [state.scanned] : []));
  assert.ok(scanned.length >= 3, 'the scan reports its counts as it goes');
  assert.ok(scanned.some((state) => state.done > 0 && state.done < state.total), 'a count part-way');
  assert.ok(scanned.some((state) => state.done === state.total && state.total >= 2500));
  const waves = states.flatMap((state) => (state.rendering?.total ? [state.rendering] : []));
  assert.ok(waves.some((wave) => wave.total === 6), 'the six units rendered are counted');
  const reports = cold.client.notifications.filter((note) => note.method === '$/progress').map((note) => String((note.params as { value: { message?: string } }).value.message ?? ''));
  for (const phase of ['Reading', 'Analysing', 'Indexed']) assert.ok(reports.some((message) => new RegExp(`^${phase} [\\d,]+ of [\\d,]+ manifests$`).test(message)), `${phase}: ${reports.join(' | ')}`);

  const warm = await start(0);
  await warm.client.stop();
  // Nothing changed: the cross-object findings are the last start's too, so no model is read.
  assert.match(warm.indexed, /: \d+ from the cache, 0 analysed \(0 in worker threads since start\), 0 parsed by the index since start; read by a worker thread; cross-object findings of \d+ objects from the last start$/);
  assert.ok(readdirSync(cacheLocation).some((name) => name.startsWith('index-')), 'what the index derived was kept');
  assert.deepEqual(logs(warm.client, /^k8s-route: rendered /), [], 'no chart or kustomization rendered again');
  assert.deepEqual([...warm.diagnostics.keys()].sort(), [...cold.diagnostics.keys()].sort());
  for (const [uri, items] of cold.diagnostics) assert.deepEqual(warm.diagnostics.get(uri), items, uri);
  assert.equal(warm.client.stderr, '');

  // A file changed behind the server's back, to the same size: the text the worker thread read is
  // the one analysed, and only that file is.
  const selecting = /(\n {2}selector:\n {4}app: )app-/;
  const generated = join(workspace, 'generated');
  const name = (readdirSync(generated, { recursive: true }) as string[]).sort().find((file) => file.endsWith('.yaml') && selecting.test(readFileSync(join(generated, file), 'utf8')));
  assert.ok(name, 'a generated Service with a selector');
  const edited = join(generated, name);
  const editedUri = pathToFileURL(edited).toString();
  const before = readFileSync(edited, 'utf8');
  const selector = selecting.exec(before)!;
  writeFileSync(edited, before.replace(selector[0], `${selector[1]}xpp-`));
  const again = await start(0);
  await again.client.stop();
  // The inputs differ from the last start's: every cross-object finding is computed.
  assert.match(again.indexed, /: \d+ from the cache, 1 analysed .*; read by a worker thread$/);
  assert.ok(again.diagnostics.get(editedUri)?.some((item) => item.code === 'service/selector-matches-nothing'), JSON.stringify(again.diagnostics.get(editedUri)));
  assert.equal(cold.diagnostics.get(editedUri)?.some((item) => item.code === 'service/selector-matches-nothing') ?? false, false);
  // That start kept what it derived: the next one with the same files takes it, with the same diagnostics.
  const third = await start(0);
  await third.client.stop();
  assert.match(third.indexed, /: \d+ from the cache, 0 analysed .*; cross-object findings of \d+ objects from the last start$/);
  assert.deepEqual([...third.diagnostics.keys()].sort(), [...again.diagnostics.keys()].sort());
  for (const [uri, items] of again.diagnostics) assert.deepEqual(third.diagnostics.get(uri), items, uri);
});
