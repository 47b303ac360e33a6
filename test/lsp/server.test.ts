/**
 * The built language server (dist/server.js) over stdio, as Neovim or Helix would run it:
 * diagnostics with API-server field paths appear on open and follow edits.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers';
import { StdioClient } from './stdioClient';

const uri = 'file:///workspace/web.yaml';
const deployUri = 'file:///workspace/deploy.yaml';
const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n    - port: 80\n      nodePort: 8080\n';
const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n';

test('publishes diagnostics on open and clears them when an edit fixes the manifest', async () => {
  const client = new StdioClient(join(repoRoot, 'dist', 'server.js'));
  try {
    const initialized = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    assert.ok((initialized.result as { capabilities: unknown }).capabilities, 'initialize answered');
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri: deployUri, languageId: 'yaml', version: 1, text: deployment } });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const first = await client.waitFor('textDocument/publishDiagnostics', (params) => params.uri === uri && params.diagnostics.length > 0);
    assert.deepEqual(first.diagnostics.map((item: any) => [item.code, item.severity, item.range.start, item.range.end, item.source]), [
      ['service/node-port-out-of-range', 1, { line: 8, character: 16 }, { line: 8, character: 20 }, 'k8s-route'],
    ]);
    assert.match(first.diagnostics[0].message, /nodePort 8080 is outside the node port range 30000-32767 \(spec\.ports\[0\]\.nodePort\)/);

    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 8, character: 16 }, end: { line: 8, character: 20 } }, text: '30080' }],
    });
    const second = await client.waitFor('textDocument/publishDiagnostics', (params) => params.uri === uri && params.version === 2 && params.diagnostics.length === 0);
    assert.deepEqual(second.diagnostics, []);

    // An edit to the Deployment's template labels republishes the Service's file, with the other file as related information.
    client.notify('textDocument/didChange', { textDocument: { uri: deployUri, version: 2 }, contentChanges: [{ text: deployment.replace('labels: {app: web}', 'labels: {app: web-v2}') }] });
    const third = await client.waitFor('textDocument/publishDiagnostics', (params) => params.uri === uri && params.diagnostics.some((item: any) => item.code === 'service/selector-matches-nothing'));
    assert.equal(third.diagnostics[0].code, 'service/selector-matches-nothing');
    assert.match(third.diagnostics[0].message, /closest: Deployment\/web has app=web-v2/);
    assert.equal(third.diagnostics[0].relatedInformation[0].location.uri, deployUri);
    assert.deepEqual(third.diagnostics[0].relatedInformation[0].location.range.start, { line: 6, character: 23 });
  } finally {
    await client.stop();
  }
  assert.equal(client.stderr, '');
});
