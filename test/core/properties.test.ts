/**
 * Property-based tests (fast-check): random YAML, the real corpus and the examples with random
 * line edits, and wrong types at every field go through parsing, the index, every rule, hover,
 * completion, definition and the route at random positions. Nothing may throw, and every finding
 * must lie inside its document.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { completeAt } from '../../server/src/core/features/completion';
import { hoverAt } from '../../server/src/core/features/hover';
import { definitionAt, referencesAt } from '../../server/src/core/features/navigation';
import { computeRoute } from '../../server/src/core/features/route';
import { fixesFor } from '../../server/src/core/features/fixes';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { corpusRoot, listFiles, repoRoot } from '../helpers';

const samples = [...listFiles(join(repoRoot, 'examples'), ['.yaml']), ...(existsSync(corpusRoot) ? listFiles(corpusRoot, ['.yaml']).slice(0, 60) : [])].map((path) => readFileSync(path, 'utf8'));

/** Runs everything on one text and checks the invariants; positions are fractions of the text. */
function exercise(text: string, positions: readonly number[]): void {
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'a.yaml', text }, { path: 'b.yaml', text: samples[0] });
  for (const path of ['a.yaml', 'b.yaml']) {
    const length = index.source(path)!.text.length;
    for (const finding of index.findings(path)) {
      assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= length, `${finding.code} span ${finding.span.start}-${finding.span.end} outside 0-${length}`);
      assert.notEqual(finding.code, 'internal/error', finding.message);
      for (const fix of fixesFor(index, finding)) for (const edit of fix.edits) assert.ok(edit.span.start >= 0 && edit.span.end <= index.source(edit.file)!.text.length);
    }
  }
  for (const fraction of positions) {
    const offset = Math.floor(fraction * (text.length + 1));
    hoverAt(index, 'a.yaml', offset, 'en');
    hoverAt(index, 'a.yaml', offset, 'zh-cn');
    for (const item of completeAt(index, 'a.yaml', offset, 'en')) assert.ok(item.span.start >= 0 && item.span.end <= text.length && item.span.start <= item.span.end);
    definitionAt(index, 'a.yaml', offset);
    referencesAt(index, 'a.yaml', offset);
  }
  for (const object of index.objects()) if (object.object.recognized === 'Service') computeRoute(index, object);
}

const yamlish = fc.string({ unit: fc.constantFrom('a', 'k', ':', ' ', '  ', '\n', '-', '[', ']', '{', '}', ',', '"', "'", '&a', '*a', '<<', '#', '|', '>', '---', 'port', 'targetPort', 'selector', 'kind: Service', 'apiVersion: v1', '80', '0', '-1', 'None', '\t', '\r\n', '?', '!', '%', '{{', '…'), maxLength: 300 });

test('random YAML never breaks anything', () => {
  fc.assert(fc.property(yamlish, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), (text, positions) => exercise(`apiVersion: v1\nkind: Service\n${text}`, positions)), { numRuns: 300 });
});

test('real manifests with random line edits never break anything', () => {
  const edit = fc.record({ sample: fc.nat(samples.length - 1), line: fc.nat(400), kind: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent', 'insert', 'truncate'), text: fc.string({ maxLength: 12 }) });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), (edits, positions) => {
      let lines = samples[edits[0].sample].split('\n');
      for (const change of edits) {
        const at = change.line % Math.max(1, lines.length);
        if (change.kind === 'delete') lines.splice(at, 1);
        else if (change.kind === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
        else if (change.kind === 'indent') lines[at] = `  ${lines[at] ?? ''}`;
        else if (change.kind === 'dedent') lines[at] = (lines[at] ?? '').replace(/^ {1,2}/, '');
        else if (change.kind === 'insert') lines[at] = `${lines[at] ?? ''}${change.text}`;
        else lines = lines.slice(0, at + 1);
      }
      exercise(lines.join('\n'), positions);
    }),
    { numRuns: 300 },
  );
});

test('a value of any type at any field never breaks anything', () => {
  // Every node path of the examples' manifests, replaced one at a time by a value of another type.
  const texts = samples.slice(0, 8);
  const replacements = ['"80"', '80', '-7', '1.5', 'true', 'null', '[]', '[1, [2]]', '{}', '{a: {b: c}}', '"x y"', '""'];
  fc.assert(
    fc.property(fc.nat(texts.length - 1), fc.nat(10_000), fc.constantFrom(...replacements), (which, pick, replacement) => {
      const document = parseDocument(texts[which]);
      const nodes: Array<{ start: number; end: number }> = [];
      visit(document, {
        Node: (_key, node) => {
          if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range) nodes.push({ start: node.range[0], end: node.range[1] });
        },
      });
      const target = nodes[pick % nodes.length];
      const text = texts[which];
      exercise(`${text.slice(0, target.start)}${replacement}${text.slice(target.end)}`, [target.start / text.length]);
    }),
    { numRuns: 400 },
  );
});
