/** Paths and small utilities shared by tests. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..');
export const fixturesRoot = join(repoRoot, 'test', 'fixtures');
export const corpusRoot = join(repoRoot, '..', 'shared', 'corpus', 'real');

/** Every file under a directory whose name ends with one of the extensions, sorted. */
export function listFiles(directory: string, extensions: readonly string[]): string[] {
  const result: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (extensions.some((extension) => entry.name.endsWith(extension))) result.push(full);
    }
  };
  walk(directory);
  return result.sort();
}
