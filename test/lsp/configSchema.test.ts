/**
 * The JSON Schema of .k8s-route.yaml, as the Red Hat YAML extension uses it: yaml-language-server
 * gets the association our `yamlValidation` contribution makes (the extension prefixes a '/' to
 * a bare file name) and then completes the keys and flags what the schema forbids. The schema
 * file is generated from the same table the server validates with, and must be current.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { configSchema } from '../../server/src/core/config';
import { repoRoot } from '../helpers';
import { LspClient } from './lspClient';

const folder = mkdtempSync(join(tmpdir(), 'k8s-route-schema-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('schemas/k8s-route.schema.json is generated from the current table (npm run docs)', () => {
  assert.deepEqual(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'k8s-route.schema.json'), 'utf8')), configSchema());
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { yamlValidation: Array<{ fileMatch: string; url: string }> } };
  assert.deepEqual(manifest.contributes.yamlValidation.map((entry) => entry.fileMatch).sort(), ['.k8s-route.yaml', '.k8s-route.yml']);
  for (const entry of manifest.contributes.yamlValidation) assert.equal(entry.url, './schemas/k8s-route.schema.json');
});

test('yaml-language-server completes and validates .k8s-route.yaml with the contributed schema', async () => {
  const client = new LspClient([process.execPath, join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio']);
  client.settings = { schemaStore: { enable: false }, validate: true, hover: true, completion: true };
  try {
    await client.initialize(folder);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: client.settings } });
    const schemaUri = pathToFileURL(join(repoRoot, 'schemas', 'k8s-route.schema.json')).toString();
    await client.connection.sendNotification('json/schemaAssociations', [{ uri: schemaUri, fileMatch: ['/.k8s-route.yaml', '/.k8s-route.yml'] }]);
    const uri = pathToFileURL(join(folder, '.k8s-route.yaml')).toString();
    const text = 'nodePortRange: 30000-32767\nfailOn: info\nrender:\n  timeoutSeconds: 0\nservicCidrs: []\n';
    writeFileSync(join(folder, '.k8s-route.yaml'), text);
    client.open(uri, text);
    const diagnostics = await client.diagnosticsOf(uri, (items) => items.length >= 3);
    const lines = diagnostics.map((item) => item.range.start.line).sort();
    assert.deepEqual(lines, [1, 3, 4], JSON.stringify(diagnostics.map((item) => item.message)));
    const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 0 } })) as { items: Array<{ label: string }> } | Array<{ label: string }>;
    const labels = (Array.isArray(completion) ? completion : completion.items).map((item) => item.label);
    for (const key of ['serviceCidrs', 'clusterDomain', 'defaultNamespace', 'helm', 'clusters']) assert.ok(labels.includes(key), `${key} not completed: ${labels.join(', ')}`);
    // A file of another name gets no such schema.
    const other = pathToFileURL(join(folder, 'other.yaml')).toString();
    client.open(other, 'failOn: info\n');
    await client.diagnosticsOf(other, () => true);
    assert.deepEqual(client.diagnostics.get(other)!.diagnostics, []);
  } finally {
    await client.stop();
  }
});
