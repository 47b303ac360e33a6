/**
 * Localisation is complete: every `%key%` in package.json exists in package.nls.json and
 * package.nls.zh-cn.json, every runtime string of the client has a Simplified Chinese translation,
 * and every field the hover explains has both languages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { relative } from 'node:path';
import { computeRoute } from '../../server/src/core/features/route';
import { hoverAt } from '../../server/src/core/features/hover';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { chinese } from '../../client/webview/strings';
import { splitFixture } from '../fixtureFormat';
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

// ---------------------------------------------------------------------------------------------
// The route in Simplified Chinese: the route model's sentences, the route view's own words and
// the hovers' facts, with full-width punctuation in Chinese text.

/** English words that only a sentence left untranslated would contain. */
const englishWords = /\b(the|is|are|and|of|to|from|with|not|every|any|each|its|this|that|no|only|on|in|by|for|it|be|can|if|so|an|has|have|gets|sends|here|there|when|where|which|who|may|must|until|after)\b/i;

/** Prose with code spans, placeholders and identifiers (anything with / . : = _ digits or inner capitals) taken out. */
function prose(text: string): string {
  return text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]*>/g, ' ')
    .split(/\s+/)
    .filter((word) => !/[/.:=_\d@#*-]/.test(word) && !/[a-z][A-Z]/.test(word))
    .join(' ');
}

/** Each fixture and example as its own workspace. */
function workspaces(): Array<{ name: string; files: Array<{ path: string; text: string }> }> {
  const sets: Array<{ name: string; files: Array<{ path: string; text: string }> }> = [{ name: 'examples', files: listFiles(join(repoRoot, 'examples'), ['.yaml']).map((path) => ({ path, text: readFileSync(path, 'utf8') })) }];
  for (const fixture of [...listFiles(join(repoRoot, 'test', 'fixtures', 'routes'), ['.yaml']), ...listFiles(join(repoRoot, 'test', 'fixtures', 'rules'), ['.yaml'])]) {
    sets.push({ name: fixture, files: splitFixture(readFileSync(fixture, 'utf8'), 'manifest.yaml').map((file) => ({ path: file.path, text: file.text })) });
  }
  return sets;
}

test('every sentence of a route in Simplified Chinese is Chinese', () => {
  let checked = 0;
  for (const { name, files } of workspaces()) {
    const index = new WorkspaceIndex(defaultSettings);
    index.update(...files);
    for (const service of index.objects().filter((object) => object.object.recognized === 'Service' && object.decoded.service)) {
      const model = computeRoute(index, service, 2, 'zh-cn');
      const texts = model.lanes.flatMap((lane) => [
        ...lane.hops.flatMap((hop) => [hop.label, hop.detail, ...(hop.links ?? []).map((link) => link.label)]),
        ...(lane.picture?.walks ?? []).flatMap((walk) => walk.steps.flatMap((step) => [step.note, step.destination, ...(step.finding && !step.finding.includes('externalTrafficPolicy') ? [] : step.finding ? [step.finding] : [])])),
      ]);
      for (const text of texts) {
        checked++;
        const match = englishWords.exec(prose(text));
        assert.ok(!match, `${name}: Service ${service.object.name}: untranslated "${match?.[0]}" in: ${text}`);
      }
    }
  }
  assert.ok(checked > 500, `only ${checked} texts checked`);
});

test('Chinese hovers use full-width punctuation around Chinese words', () => {
  const halfWidth = /[\u4e00-\u9fff\uff08\uff09\uff1a\uff0c\u3002][,:;()]|[,:;(][\u4e00-\u9fff]|[\u4e00-\u9fff] [,:;)]/;
  let checked = 0;
  for (const { name, files } of workspaces()) {
    const index = new WorkspaceIndex(defaultSettings);
    index.update(...files);
    for (const file of files) {
      // A hover on every line's value.
      for (const [position] of [...file.text.matchAll(/: +\S/g)].map((match) => [match.index! + match[0].length - 1])) {
        const hover = hoverAt(index, file.path, position, 'zh-cn');
        if (!hover) continue;
        for (const line of hover.markdown.split('\n').filter((item) => item.startsWith('- '))) {
          checked++;
          const outsideCode = line.replace(/`[^`]*`/g, '`x`').replace(/\]\([^)]*\)/g, ']');
          assert.ok(!halfWidth.test(outsideCode), `${name}: half-width punctuation in: ${line}`);
          const match = englishWords.exec(prose(line));
          assert.ok(!match, `${name}: untranslated "${match?.[0]}" in: ${line}`);
        }
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} hover facts checked`);
});

test('the route view translates every word it writes itself', () => {
  const sources = [...listFiles(join(repoRoot, 'client', 'webview'), ['.ts']), join(repoRoot, 'client', 'src', 'routeHtml.ts')];
  const used = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\b(?:t|say)\(\s*'((?:[^'\\]|\\.)*)'/g)) used.add(match[1].replace(/\\'/g, "'"));
    // Captions set from a literal, bypassing t(): any letters in a string assigned to text or a label.
    for (const match of text.matchAll(/(?:textContent = |setAttribute\('(?:aria-label|title)', )(['`])([^'`]*)\1/g)) {
      const literal = match[2].replace(/\$\{[^}]*\}/g, '').replace(/\$\{.*$/, '');
      assert.ok(!/[A-Za-z]{3,}/.test(literal.replace(/\b(?:Service|IPVS)\b/g, '')), `${relative(repoRoot, file)} sets an untranslated caption: ${match[0]}`);
    }
    if (file.endsWith('routeHtml.ts')) {
      const page = text.slice(text.indexOf('<!DOCTYPE html>'));
      for (const match of page.matchAll(/>([^<>${}]*[A-Za-z]{3,}[^<>${}]*)</g)) if (!/^(?:SVG|PNG|Mermaid)$/.test(match[1].trim())) assert.fail(`routeHtml.ts writes untranslated HTML text: ${match[1]}`);
    }
  }
  // Words passed through tables (legend, mode tools, step captions) are translated too.
  const tables = readFileSync(join(repoRoot, 'client', 'src', 'routeHtml.ts'), 'utf8') + readFileSync(join(repoRoot, 'client', 'webview', 'main.ts'), 'utf8') + readFileSync(join(repoRoot, 'client', 'webview', 'render.ts'), 'utf8');
  for (const match of tables.matchAll(/\[\s*'([^']+)',\s*'((?:[^'\\]|\\.)*)'\]/g)) for (const text of [match[1], match[2]]) used.add(text.replace(/\\'/g, "'"));
  for (const match of tables.matchAll(/(?:iptables|nftables|ipvs|client|ingress|gateway|loadBalancer|node|kubeProxy|service|dns|policy|pod|container|external): '([^']+)'/g)) used.add(match[1]);
  const untranslatable = new Set(['port', 'targetPort', 'nodePort', 'iptables', 'nftables', 'IPVS', 'kube-proxy', 'NetworkPolicy']);
  for (const text of used) if (!untranslatable.has(text)) assert.ok(chinese[text], `no zh-cn translation for "${text}"`);
  for (const key of Object.keys(chinese)) assert.ok(used.has(key), `the zh-cn table has "${key}", which the view no longer uses`);
});

test('Chinese route texts join lists with 、, never with an English comma', () => {
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...listFiles(join(repoRoot, 'examples'), ['.yaml']).map((path) => ({ path: `file://${path}`, text: readFileSync(path, 'utf8') })));
  for (const fixture of ['test/fixtures/routes/extras.yaml', 'test/fixtures/routes/gateway.yaml', 'test/fixtures/routes/mesh.yaml', 'test/webview/cases.yaml']) {
    index.update(...splitFixture(readFileSync(join(repoRoot, fixture), 'utf8'), 'x.yaml').map((file) => ({ path: `file://${file.path}`, text: file.text })));
  }
  const lists: string[] = [];
  for (const object of index.objects()) {
    if (object.object.recognized !== 'Service') continue;
    for (const lane of computeRoute(index, object, 2, 'zh-cn').lanes) for (const hop of lane.hops) for (const text of [hop.label, hop.detail]) if (/, /.test(text)) lists.push(`${object.object.name}: ${text}`);
  }
  assert.deepEqual(lists, []);
});
