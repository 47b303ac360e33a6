/**
 * Cache files read ahead off the main thread (`CacheFolder.prefetch`) are checked as a plain read
 * checks them, handed out once, and never outlive a write of the same file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CacheFolder } from '../../server/src/node/cache';

const directory = mkdtempSync(join(tmpdir(), 'k8s-route-prefetch-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('prefetched cache files are trusted only when their digest holds, once, and not after a write', async () => {
  const folder = new CacheFolder(directory, 'stamp-1');
  assert.ok(folder.write('good.bin', { value: 1 }));
  assert.ok(folder.write('bad.bin', { value: 2 }));
  // One byte of the body changed: the digest no longer holds.
  const bad = readFileSync(join(directory, 'bad.bin'));
  bad[bad.length - 3] ^= 1;
  writeFileSync(join(directory, 'bad.bin'), bad);
  writeFileSync(join(directory, 'short.bin'), 'k8s-route cache 1\n');

  await folder.prefetch(['good.bin', 'bad.bin', 'short.bin', 'missing.bin']);
  // The file changes on the disk after the prefetch: the prefetched body is what is read, once.
  assert.ok(new CacheFolder(directory, 'stamp-1').write('good.bin', { value: 3 }));
  assert.deepEqual(folder.read('good.bin'), { value: 1 });
  assert.deepEqual(folder.read('good.bin'), { value: 3 }, 'a second read goes to the disk');
  assert.equal(folder.read('bad.bin'), undefined);
  assert.equal(folder.read('short.bin'), undefined);
  assert.equal(folder.read('missing.bin'), undefined);

  // A write through the same folder drops what was prefetched of that file.
  await folder.prefetch(['good.bin']);
  assert.ok(folder.write('good.bin', { value: 4 }));
  assert.deepEqual(folder.read('good.bin'), { value: 4 });
  // Another build's stamp is not trusted, prefetched or not.
  const other = new CacheFolder(directory, 'stamp-2');
  await other.prefetch(['good.bin']);
  assert.equal(other.read('good.bin'), undefined);
});
