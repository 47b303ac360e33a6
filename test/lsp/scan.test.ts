/**
 * The workspace scan: work-done progress on long scans, include and exclude globs from the
 * settings, node_modules skipped, and over-large files reported instead of parsed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { generateManifests } from '../../bench/generate';
import { LspClient } from './lspClient';

test('a long scan reports progress and honours include and exclude globs', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'k8s-route-scan-'));
  const client = new LspClient();
  try {
    for (const file of generateManifests(80, 3)) {
      mkdirSync(join(workspace, file.path, '..'), { recursive: true });
      writeFileSync(join(workspace, file.path), file.text);
    }
    mkdirSync(join(workspace, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(workspace, 'node_modules', 'pkg', 'bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: Bad}\nspec: {ports: [{port: 0}]}\n');
    writeFileSync(join(workspace, 'vendor.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: Bad}\nspec: {ports: [{port: 0}]}\n');
    writeFileSync(join(workspace, 'dump.yaml'), `# ${'x'.repeat(9 * 1024 * 1024)}\n`);
    client.settings = { exclude: ['vendor.yaml', 'service-1/**'] };
    await client.initialize(workspace);
    const state = async (): Promise<any> => {
      await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files > 0));
      return client.notifications.filter((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing).pop()!.params;
    };
    // 80 generated files minus the two in service-1, excluded; dump.yaml is read but skipped as too large.
    assert.equal((await state()).files, 78);
    const begin = client.notifications.find((note) => note.method === '$/progress' && note.params.value.kind === 'begin');
    assert.ok(client.progressTokens.length === 1 && begin, 'work-done progress was created and begun');
    assert.equal(begin.params.value.message, 'Indexing 79 manifests');
    assert.ok(client.notifications.some((note) => note.method === '$/progress' && note.params.value.kind === 'end'));
    const dump = await client.diagnosticsOf(pathToFileURL(join(workspace, 'dump.yaml')).toString(), (items) => items.length > 0);
    assert.deepEqual(dump.map((item) => [item.code, item.severity]), [['file/too-large', 3]]);
    assert.equal(client.diagnostics.has(pathToFileURL(join(workspace, 'vendor.yaml')).toString()), false);
    assert.equal(client.diagnostics.has(pathToFileURL(join(workspace, 'node_modules', 'pkg', 'bad.yaml')).toString()), false);
  } finally {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  assert.equal(client.stderr, '');
});
