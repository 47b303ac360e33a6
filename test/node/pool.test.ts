/**
 * Reading ahead in a worker thread (AnalysisPool.readAhead): each file's answer equals what this
 * thread reads itself (text without its byte-order mark, the cache's hash, too large, or why it
 * could not be read), in the order given; with one thread, or few files, nothing is started.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { diskRead } from '../../server/src/node/analysisWorker';
import { maxFileBytes } from '../../server/src/node/files';
import { AnalysisPool } from '../../server/src/node/pool';

const folder = mkdtempSync(join(tmpdir(), 'k8s-route-read-ahead-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('a worker thread reads the files as this thread would, in order', async () => {
  const files: string[] = [];
  for (let index = 0; index < 2300; index++) {
    const file = join(folder, `m-${index}.yaml`);
    writeFileSync(file, `${index % 7 === 0 ? '\ufeff' : ''}apiVersion: v1\nkind: Service\nmetadata:\n  name: s-${index}\n`);
    files.push(file);
  }
  const large = join(folder, 'large.yaml');
  writeFileSync(large, Buffer.alloc(maxFileBytes + 1, 0x61));
  const directory = join(folder, 'a-folder.yaml');
  mkdirSync(directory);
  files.splice(100, 0, large, join(folder, 'missing.yaml'), directory);
  const pool = new AnalysisPool(2);
  try {
    const ahead = pool.readAhead(files);
    assert.ok(ahead, 'read ahead with two threads');
    const answers = await Promise.all(files.map((_, position) => ahead.get(position)));
    assert.deepEqual(answers, files.map(diskRead));
    assert.deepEqual(answers[100], { tooLarge: maxFileBytes + 1 });
    assert.deepEqual(answers[101], { message: 'no such file or directory' });
    assert.ok('text' in answers[0] && !answers[0].text.startsWith('\ufeff'), 'the byte-order mark is dropped');
  } finally {
    pool.close();
  }
  assert.equal(new AnalysisPool(1).readAhead(files), undefined, 'one thread: this thread reads');
  assert.equal(new AnalysisPool(2).readAhead(files.slice(0, 50)), undefined, 'too few files to pay for a thread');
});
