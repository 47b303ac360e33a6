/**
 * The fast YAML reader against the `yaml` package: whenever it answers, its documents must equal
 * the package's node for node (class, the three offsets of every range, value and its type, scalar
 * style, source text, number format), and it must leave whatever it does not know to the package.
 * Inputs: every YAML file of the repository's tests and examples, the bench's generated
 * manifests, a matrix of values in every position, and seeded mutations of all of them.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { generateBigFile, generateManifests, seededRandom } from '../../bench/generate';
import { fastDocuments } from '../../server/src/core/fastYaml';
import { documentChunks, parseFile } from '../../server/src/core/parse';

const options = { merge: true, prettyErrors: false, uniqueKeys: false, strict: false } as const;
const root = join(__dirname, '..', '..');

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) return `map${JSON.stringify(node.range)}${node.flow ? 'flow' : ''}{${node.items.map((pair) => `${describe(pair.key)}=>${describe(pair.value)}`).join(',')}}`;
  if (isSeq(node)) return `seq${JSON.stringify(node.range)}${node.flow ? 'flow' : ''}[${node.items.map(describe).join(',')}]`;
  if (isScalar(node)) {
    const value = typeof node.value === 'number' ? String(node.value) : typeof node.value === 'symbol' ? 'symbol' : JSON.stringify(node.value);
    const digits = (node as { minFractionDigits?: number }).minFractionDigits ?? '';
    return `scalar${JSON.stringify(node.range)}${typeof node.value}:${value}:${node.type}:${JSON.stringify(node.source)}:${node.format ?? ''}:${digits}:${node.tag ?? ''}:${node.anchor ?? ''}`;
  }
  return `other:${(node as object).constructor.name}`;
}

function describeDocuments(documents: readonly Document[]): string {
  return documents.map((document) => `doc${JSON.stringify(document.range)} errors ${document.errors.length} warnings ${document.warnings.length} ${describe(document.contents)}`).join(' | ');
}

/** Compares the readers on one chunk; true when the fast reader answered. */
function compare(text: string, where: string): boolean {
  const fast = fastDocuments(text, options);
  if (!fast) return false;
  const expected = describeDocuments(parseAllDocuments(text, options) as Document[]);
  assert.equal(describeDocuments(fast), expected, `${where}: ${JSON.stringify(text.slice(0, 400))}`);
  return true;
}

function yamlFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yamlFiles(path, found);
    } else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}

function chunksOf(text: string): string[] {
  return documentChunks(text).map((chunk) => chunk.text);
}

const repositoryChunks = [join(root, 'test'), join(root, 'examples')].flatMap((folder) => yamlFiles(folder)).flatMap((file) => chunksOf(readFileSync(file, 'utf8')));

test('equals the yaml package on every YAML file of the tests and examples', () => {
  let fast = 0;
  for (const [index, text] of repositoryChunks.entries()) if (compare(text, `chunk ${index}`)) fast++;
  // Most of them are in the subset: the reader is not a path taken by accident.
  assert.ok(repositoryChunks.length > 500, `${repositoryChunks.length} chunks`);
  assert.ok(fast / repositoryChunks.length > 0.6, `${fast} of ${repositoryChunks.length} chunks read fast`);
});

test('reads every generated bench manifest itself, equal to the yaml package', () => {
  const chunks = [...generateManifests(300, 11).flatMap((file) => chunksOf(file.text)), ...chunksOf(generateBigFile(2000, 5))];
  for (const [index, text] of chunks.entries()) assert.ok(compare(text, `generated chunk ${index}`), `generated chunk ${index} left the fast path: ${text.slice(0, 200)}`);
});

const values = [
  '[a, b]', '{a: 1, "b": 2}', '[ ]', '{}', '"x\\ny"', "'it''s'", '0x1F', '1e3', '.5', '-1', '~', 'null', 'yes', 'True', '"\\u00e9"',
  '[a, [b, c], {d: e}]', '[a , b ]', '{ a: b }', '{"a":1}', '{"a": 1 , b: 2 }', 'x # c', 'a: b', '|', '>-', 'foo:bar', '-x', '?x', '@x',
  '%x', '[a,b,]', '"unterminated', "'x' y", "'x'  # c", '0o17', '+12', '1_000', '.inf', '-.NaN', '012', '1.50', '"a" # c', '[a: b]', '{a}',
  '{a: }', '[a #c]', '"\\x41\\t"', '- a', 'a#b', 'a #b', '[1, 2.0, true, null, ~]', '*ref', '&a x', '!!str 1', '"\\q"', "''", '""', '[""]',
  'a  b  ', 'http://x:80/y', '[http://x:80]', '{a: http://x}', '{a: [1, 2]}', '[a]x', '{a: b}}', '[[]]', '{a: {b: {}}}', '"a"b', '1:2', '-',
  '- - x', '"\\""', '\'"\'', '9999999999999999999', '0.0', '-0', '1e', 'a,b', 'x]', '{a:b}', '["a":1]', "{'a': 1}", '<<', '# only',
];
const shapes = [
  (value: string) => `k: ${value}\n`,
  (value: string) => `- ${value}\n`,
  (value: string) => `k:\n  - ${value}\n  - x\n`,
  (value: string) => `a:\n  b: ${value}\nc: 1`,
  (value: string) => `- k: ${value}\n  j: 2\n- z\n`,
  (value: string) => `${value}: 1\n`,
  (value: string) => `---\nk:\n- ${value}\n# after\n`,
  // A comment at the indentation of a sequence that sits at its key's indentation: the sequence's.
  (value: string) => `a:\n  k:\n  - ${value}\n  # c\n  j: 1\n`,
];

test('equals the yaml package for every value in every position, and leaves what it does not know', () => {
  let fast = 0;
  for (const value of values) for (const shape of shapes) if (compare(shape(value), `value ${value}`)) fast++;
  assert.ok(fast > 250, `${fast} read fast`);
  // Anchors, aliases, tags, merge keys, multi-line quoted text and directives are the package's.
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a:\n  <<: {b: 1}\n', 'a: "one\n  two"\n', '%YAML 1.2\n---\na: 1\n', 'a: [1,\n  2]\n', 'a: |+\n  x\n\n', 'a: b\n\tc: d\n', 'a: 1\r\nb: 2\r\n']) {
    assert.equal(fastDocuments(text, options), undefined, JSON.stringify(text));
  }
  // Nesting deeper than this reader's stack goes to the package, whatever it makes of it.
  let deep = '';
  for (let level = 0; level < 3000; level++) deep += `${' '.repeat(level)}k:\n`;
  for (const text of [`k: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, `${deep}${' '.repeat(3000)}v: 1\n`]) assert.equal(fastDocuments(text, options), undefined);
});

test('equals the yaml package on seeded mutations of real manifests', () => {
  const random = seededRandom(23);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const bases = repositoryChunks.filter((text) => text.length < 20_000 && fastDocuments(text, options));
  let fast = 0;
  for (let round = 0; round < 6000; round++) {
    const lines = pick(bases).split('\n');
    for (let change = 0, changes = 1 + Math.floor(random() * 3); change < changes; change++) {
      const at = Math.floor(random() * lines.length);
      const indent = ' '.repeat(Math.floor(random() * 9));
      const line = lines[at] ?? '';
      switch (Math.floor(random() * 15)) {
        case 0: lines.splice(at, 0, `${indent}# c`); break;
        case 1: lines.splice(at, 0, ''); break;
        case 2: lines.splice(at, 0, indent); break;
        case 3: lines[at] = line.includes('#') ? line : `${line} # x`; break;
        case 4: lines[at] = `${line}  `; break;
        case 5: while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); break;
        case 6: lines.push(`${indent}# tail`, ''); break;
        case 7: lines[at] = line.replace(/: .*$/, ':'); break;
        case 8: lines[at] = line.replace(/: .*$/, ': # e'); break;
        case 9: lines[at] = random() < 0.5 ? ` ${line}` : line.replace(/^ /, ''); break;
        case 10: lines[at] = line.replace(/: .*$/, `: ${pick(values)}`); break;
        case 11: {
          const own = /^ */.exec(line)![0];
          lines.splice(at, 0, `${own}block: ${pick(['|', '>', '|-', '>-', '|+'])}`, `${own}  one`, ...(random() < 0.5 ? [''] : []), `${own}  two${random() < 0.3 ? '  ' : ''}`, ...(random() < 0.3 ? [`${own}    deeper`] : []), ...(random() < 0.5 ? ['', `${own} `] : []));
          break;
        }
        case 12: lines.splice(at, 0, line); break;
        // A comment at the indentation of the line before it where the next line is shallower:
        // where the package's rules for placing comments move a collection's end.
        case 13: {
          const width = (index: number): number => /^ */.exec(lines[index] ?? '')![0].length;
          const ends = lines.map((_, index) => index).filter((index) => index + 1 < lines.length && width(index) > width(index + 1) && lines[index + 1] !== '');
          if (ends.length > 0) {
            const end = pick(ends);
            lines.splice(end + 1, 0, `${' '.repeat(width(end))}# same`);
          }
          break;
        }
        default: lines.splice(at, 1);
      }
    }
    if (compare(lines.join('\n'), `mutation ${round}`)) fast++;
  }
  assert.ok(fast > 2000, `${fast} mutations read fast`);
});

test('parseFile reads a file the same whichever reader took each chunk', () => {
  // One file mixing chunks only the package reads (an alias) with chunks the fast reader takes.
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: &m {name: b}\nspec:\n  ports:\n  - port: 81\n    nodePort: 1\n';
  const chunks = documentChunks(text);
  assert.ok(fastDocuments(chunks[0].text, options) && !fastDocuments(chunks[1].text, options));
  const expected = chunks.map((chunk) => {
    const range = (parseAllDocuments(chunk.text, options) as Document[])[0].contents!.range!;
    return { start: chunk.start + range[0], end: chunk.start + range[1] };
  });
  const parsed = parseFile({ path: 'mixed.yaml', text });
  assert.deepEqual(parsed.objects.map((object) => [object.name, object.span]), [['a', expected[0]], ['b', expected[1]]]);
  assert.deepEqual(parsed.findings, []);
});
