/** Paths and small utilities shared by tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/**
 * The folder holding the pinned helm and kubectl (scripts/tools.mjs). test/run.mjs extracts them
 * once and passes the folder in K8S_ROUTE_TOOLS; a test file run alone extracts them itself.
 * Never skipped: a test that needs the tools fails when they cannot be had.
 */
export function toolsDirectory(): string {
  const given = process.env.K8S_ROUTE_TOOLS;
  if (given) return given;
  const found = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'tools.mjs')], { encoding: 'utf8' }).trim();
  process.env.K8S_ROUTE_TOOLS = found;
  return found;
}

/** Writes files (relative path → text) under `root`, creating folders; returns `root`. */
export function writeTree(root: string, files: Readonly<Record<string, string>>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
