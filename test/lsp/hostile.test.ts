/**
 * Hostile conditions over LSP against the built server: a burst of a thousand edits, requests
 * with garbage parameters, a 50 MB manifest, files that vanish while being read. The server must
 * stay up, stay responsive, keep its memory bounded and end with diagnostics of the final text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { peakRssMiB } from '../../bench/lsp';
import { LspClient } from './lspClient';

const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-hostile-'));
let client: LspClient;

before(async () => {
  writeFileSync(join(workspace, 'huge.yaml'), `# ${'x'.repeat(50 * 1024 * 1024)}\n`);
  client = new LspClient();
  await client.initialize(workspace);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('a 50 MB file is skipped with a finding and the server stays responsive', async () => {
  const huge = await client.diagnosticsOf(pathToFileURL(join(workspace, 'huge.yaml')).toString(), (items) => items.length > 0);
  assert.equal(huge[0].code, 'file/too-large');
  const uri = pathToFileURL(join(workspace, 'probe.yaml')).toString();
  client.open(uri, 'apiVersion: v1\nkind: Service\nmetadata: {name: probe}\nspec: {ports: [{port: 80, targetPort: http}]}\n');
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 29 } });
  assert.ok(hover, 'hover answered');
});

test('a burst of a thousand edits ends with the diagnostics of the final text and bounded memory', async () => {
  const uri = pathToFileURL(join(workspace, 'burst.yaml')).toString();
  const base = 'apiVersion: v1\nkind: Service\nmetadata: {name: burst}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30000\n';
  client.open(uri, base);
  const rssBefore = peakRssMiB(client.pid);
  for (let version = 2; version <= 1001; version++) {
    // Every edit changes the nodePort; the last one, 1001, leaves an invalid value.
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 7, character: 16 }, end: { line: 7, character: 21 } }, text: version === 1001 ? '01001' : String(30000 + (version % 2000)).padStart(5, '0') }] });
  }
  const final = await client.diagnosticsOf(uri, (items) => client.diagnostics.get(uri)!.version === 1001 && items.some((item) => item.code === 'service/node-port-out-of-range'));
  const nodePorts = final.filter((item) => item.code === 'service/node-port-out-of-range');
  assert.deepEqual(nodePorts.map((item) => item.range.start.line), [7]);
  assert.match(nodePorts[0].message, /nodePort 1001 is outside/);
  assert.ok(peakRssMiB(client.pid) - rssBefore < 200, `memory grew by ${peakRssMiB(client.pid) - rssBefore} MiB`);
});

test('requests with garbage parameters are answered with empty results, and the server carries on', async () => {
  const garbage = [null, {}, { textDocument: 5 }, { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: -4, character: 'x' } }];
  for (const params of garbage) {
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/codeLens', 'textDocument/codeAction', 'k8sRoute/route']) {
      const result = await client.connection.sendRequest(method, params).catch((error: Error) => ({ rejected: error.message }));
      assert.ok(result === null || (Array.isArray(result) && result.length === 0) || (typeof result === 'object' && 'rejected' in result), `${method} with ${JSON.stringify(params)} answered ${JSON.stringify(result)}`);
    }
  }
  const services = await client.connection.sendRequest('k8sRoute/services', {});
  assert.ok(Array.isArray(services), 'still answering');
});

test('a file announced but gone by the time it is read is skipped', async () => {
  const uri = pathToFileURL(join(workspace, 'gone.yaml')).toString();
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
  const probe = pathToFileURL(join(workspace, 'probe.yaml')).toString();
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: probe }, position: { line: 3, character: 29 } });
  assert.ok(hover, 'the server is still answering');
  assert.equal(client.diagnostics.has(uri), false);
});
