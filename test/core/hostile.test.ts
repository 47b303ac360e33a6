/**
 * Hostile input, in the core: bounded work and memory, a finding instead of a failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';

const codesOf = (text: string): string[] => analyzeWorkspace([{ path: 'h.yaml', text }], defaultSettings).files[0].findings.map((finding) => finding.code);

test('an alias bomb costs neither time nor memory', () => {
  const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 20; level++) levels.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  const text = `bomb:\n${levels.map((line) => `  ${line}`).join('\n')}\napiVersion: v1\nkind: Service\nmetadata: {name: bomb, labels: *l20}\nspec: {selector: *l20, ports: *l20}\n`;
  const before = process.memoryUsage().heapUsed;
  const codes = codesOf(text);
  assert.ok(codes.includes('schema/wrong-type'));
  assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, 'the aliases were not expanded');
});

test('deeply nested flow collections end in a syntax finding', () => {
  for (const [open, close] of [['[', ']'], ['{a: ', '}']]) {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: deep}\nspec: ${open.repeat(20000)}1${close.repeat(20000)}\n`;
    assert.deepEqual([...new Set(codesOf(text))], ['yaml/syntax']);
  }
});

test('ten thousand documents in one file are all indexed', () => {
  const documents = Array.from({ length: 10000 }, (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${index}}\nspec: {type: NodePort, ports: [{port: 80, nodePort: ${index === 9999 ? 5 : 30000}}]}\n`);
  const index = new WorkspaceIndex(defaultSettings);
  index.update({ path: 'many.yaml', text: documents.join('---\n') });
  assert.equal(index.objects('many.yaml').length, 10000);
  const codes = index.findings('many.yaml').map((finding) => finding.code);
  assert.equal(codes.filter((code) => code === 'service/node-port-out-of-range').length, 1);
  // 9,999 Services share nodePort 30000: one clash finding each, not one per pair.
  assert.equal(codes.filter((code) => code === 'service/node-port-conflict').length, 9999);
});

test('binary content and invalid UTF-8 are findings, not failures', () => {
  assert.deepEqual(codesOf('\u0000\u0001\u0002ELF'), ['yaml/not-text']);
  // Invalid UTF-8 read as text becomes U+FFFD replacement characters.
  const decoded = Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).toString('utf8');
  assert.doesNotThrow(() => codesOf(`apiVersion: v1\n${decoded}metadata: {name: x}\n`));
});
