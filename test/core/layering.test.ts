/**
 * Architecture invariants, checked mechanically by scanning import statements: the core is pure,
 * the CLI uses only the core, only lsp/ knows the LSP library, and the client reaches into the
 * server only for the shared protocol types.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { listFiles, repoRoot } from '../helpers';

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? match[4]);
}

interface Layer {
  readonly folder: string;
  readonly packages: readonly string[];
  readonly folders: readonly string[];
}

const layers: readonly Layer[] = [
  { folder: 'server/src/core', packages: ['yaml', 'ipaddr.js'], folders: ['server/src/core', 'server/src/protocol'] },
  { folder: 'server/src/protocol', packages: [], folders: ['server/src/protocol'] },
  // tsx/cjs: the analysis pool's worker, started from source (tests, the bench), loads the source through it.
  { folder: 'server/src/node', packages: ['node:fs', 'node:path', 'node:url', 'node:os', 'node:crypto', 'node:child_process', 'node:worker_threads', 'yaml', 'tsx/cjs'], folders: ['server/src/node', 'server/src/core', 'package.json'] },
  { folder: 'server/src/cli', packages: ['node:path', 'sarif'], folders: ['server/src/cli', 'server/src/core', 'server/src/node', 'server/src/protocol', 'package.json'] },
  { folder: 'server/src/lsp', packages: ['vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', 'node:path', 'node:url'], folders: ['server/src/lsp', 'server/src/core', 'server/src/node', 'server/src/protocol'] },
  { folder: 'client/src', packages: ['vscode', 'vscode-languageclient/node', 'node:path', 'node:crypto'], folders: ['client/src', 'client/webview/messages', 'client/webview/strings', 'server/src/protocol'] },
  { folder: 'client/webview', packages: [], folders: ['client/webview', 'server/src/protocol'] },
];

for (const layer of layers) {
  test(`${layer.folder} imports only what its layer allows`, () => {
    const files = listFiles(join(repoRoot, layer.folder), ['.ts']);
    assert.ok(files.length > 0, `no files in ${layer.folder}`);
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        const where = relative(repoRoot, file);
        if (specifier.startsWith('.')) {
          const target = relative(repoRoot, resolve(dirname(file), specifier));
          const allowed = layer.folders.some((folder) => target === folder || target.startsWith(`${folder}/`));
          assert.ok(allowed, `${where} imports ${specifier} (${target}), outside ${layer.folders.join(', ')}`);
        } else {
          assert.ok(layer.packages.includes(specifier), `${where} imports package "${specifier}"; ${layer.folder} may import only ${layer.packages.join(', ') || 'no packages'}`);
        }
      }
    }
  });
}

test('the import scanner sees every import form', () => {
  const sample = join(repoRoot, 'test', 'core', 'layering.test.ts');
  const found = importsOf(sample);
  assert.ok(found.includes('node:assert/strict') && found.includes('../helpers'), `scanner found ${found.join(', ')}`);
});

test('server/src/core uses no process, clock, timers or console', () => {
  for (const file of listFiles(join(repoRoot, 'server/src/core'), ['.ts'])) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = /\b(process\.|process\[|Date\b|setTimeout|setInterval|console\.)/.exec(code);
    assert.equal(found, null, `${relative(repoRoot, file)} uses ${found?.[0]}`);
  }
});
