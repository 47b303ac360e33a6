/**
 * Snapshot test of the TextMate injection grammar in syntaxes/: every line of a sample is
 * tokenized with vscode-textmate and vscode-oniguruma (VS Code's own engine) over a stand-in YAML
 * grammar, and the tokens carrying K8s Route scopes are compared with test/grammar/service.yaml.snap.
 * UPDATE_EXPECT=1 rewrites the snapshot.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import type { IGrammar } from 'vscode-textmate';
import { repoRoot } from '../helpers';

const here = join(repoRoot, 'test', 'grammar');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns), createOnigString: (text) => new oniguruma.OnigString(text) }),
    loadGrammar: async (scopeName) => {
      const file = scopeName === 'source.yaml' ? join(here, 'yaml-stand-in.tmLanguage.json') : scopeName === 'k8s-route.injection' ? join(repoRoot, 'syntaxes', 'k8s-route.injection.tmLanguage.json') : undefined;
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? ['k8s-route.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'the stand-in YAML grammar loads');
  return grammar;
}

test('the injection grammar marks networking keys and Service types, and nothing in comments or strings', async () => {
  const grammar = await loadGrammar();
  const lines = readFileSync(join(here, 'service.yaml'), 'utf8').split('\n');
  let state = INITIAL;
  const snapshot: string[] = [];
  lines.forEach((line, number) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    for (const token of result.tokens) {
      const ours = token.scopes.filter((scope) => scope.includes('k8s-route'));
      if (ours.length > 0) snapshot.push(`${number + 1}:${token.startIndex + 1} ${JSON.stringify(line.slice(token.startIndex, token.endIndex))} ${ours.join(' ')}`);
    }
  });
  const actual = `${snapshot.join('\n')}\n`;
  const file = join(here, 'service.yaml.snap');
  if (process.env.UPDATE_EXPECT === '1') writeFileSync(file, actual);
  assert.ok(existsSync(file), 'missing snapshot: run with UPDATE_EXPECT=1');
  assert.equal(actual, readFileSync(file, 'utf8'));
  // The facts the snapshot must keep, whatever else changes.
  assert.match(actual, /^8:9 "LoadBalancer" support\.constant\.k8s-route\.service-type$/m);
  assert.match(actual, /^15:7 "targetPort" keyword\.other\.k8s-route\.networking$/m);
  assert.doesNotMatch(actual, /^1:/m, 'comments are left alone');
  assert.doesNotMatch(actual, /^6:/m, 'strings are left alone');
  assert.doesNotMatch(actual, /"Something"|"transport"/, 'other keys and values are left alone');
});
