/**
 * Finding and reading manifest files for the CLI and the server: directory walks, size limits and
 * read errors. Everything here is I/O; the analysis itself happens in core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../core/model';
import { isKustomizationPath, parseKustomization } from '../core/units/kustomization';

/** Files larger than this are skipped with a finding instead of being parsed. */
export const maxFileBytes = 8 * 1024 * 1024;

export interface ReadProblem {
  readonly path: string;
  readonly message: string;
}

export interface Collected {
  readonly files: string[];
  readonly problems: ReadProblem[];
}

const skippedFolders = new Set(['node_modules', '.git']);

function isManifestName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml') || name.endsWith('.json') || name === 'Kustomization';
}

/** Expands the given paths into manifest files, in a stable order, keeping the user's spelling. */
export function collectFiles(paths: readonly string[], walked: (file: string) => boolean = () => true): Collected {
  const files: string[] = [];
  const problems: ReadProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): boolean => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
    return true;
  };
  for (const given of paths) {
    if (given === '-') {
      files.push(given);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ path: given, message: describeError(error) });
      continue;
    }
    // Files found by walking a folder pass the project's include and exclude globs; named files are always read.
    if (stat.isDirectory()) walk(given, (file) => walked(file) && add(file), problems);
    else add(given);
  }
  return { files, problems };
}

function walk(directory: string, add: (file: string) => void, problems: ReadProblem[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: directory, message: describeError(error) });
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !skippedFolders.has(entry.name)) walk(full, add, problems);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isManifestName(entry.name)) {
      add(full);
    }
  }
}

/**
 * Files outside the given paths that the given kustomizations build from (an overlay's `../base`),
 * so that checking one overlay still reads, and reports on, the lines of its base. Follows nested
 * kustomizations; `known` holds the files already collected, by resolved path.
 */
export function kustomizeInputs(files: readonly string[], readText: (file: string) => string | undefined): string[] {
  const known = new Set(files.map((file) => path.resolve(file)));
  const added: string[] = [];
  const queue = files.filter((file) => isKustomizationPath(file.split(path.sep).join('/')));
  const visited = new Set<string>();
  while (queue.length > 0 && visited.size < 10_000) {
    const file = queue.shift()!;
    const resolved = path.resolve(file);
    if (visited.has(resolved)) continue;
    visited.add(resolved);
    const text = readText(file);
    if (text === undefined) continue;
    const directory = path.dirname(file);
    for (const reference of parseKustomization(file, text).references) {
      if (reference.role === 'input') continue;
      const target = path.join(directory, reference.value);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(target);
      } catch {
        continue;
      }
      const candidates = stat.isDirectory() ? collectFiles([target]).files : [target];
      for (const candidate of candidates) {
        const key = path.resolve(candidate);
        if (known.has(key)) continue;
        known.add(key);
        added.push(candidate);
        if (isKustomizationPath(basename(candidate))) queue.push(candidate);
      }
    }
  }
  return added;
}

function basename(file: string): string {
  return path.basename(file);
}

/** Reads one file as the editor would see it: UTF-8, without a byte order mark. `-` is stdin. */
export function readSource(file: string): SourceFile | ReadProblem | { path: string; tooLarge: number } {
  try {
    if (file === '-') return { path: file, text: fs.readFileSync(0, 'utf8').replace(/^\ufeff/, '') };
    // One open for the size and the text: a scan reads tens of thousands of files.
    const descriptor = fs.openSync(file, 'r');
    let text: string;
    try {
      const size = fs.fstatSync(descriptor).size;
      if (size > maxFileBytes) return { path: file, tooLarge: size };
      text = fs.readFileSync(descriptor, 'utf8');
    } finally {
      fs.closeSync(descriptor);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { path: file, text };
  } catch (error) {
    return { path: file, message: describeError(error) };
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Every file below `root` whose path relative to it matches an include glob and no exclude glob.
 * node_modules and .git are never entered. Unreadable folders are skipped silently.
 */
export function walkMatching(root: string, include: (relative: string) => boolean, exclude: (relative: string) => boolean): string[] {
  const found: string[] = [];
  const visit = (directory: string, relative: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (skippedFolders.has(entry.name) || exclude(`${childRelative}/`) || exclude(childRelative)) continue;
        visit(full, childRelative);
      } else if (entry.isFile() && include(childRelative) && !exclude(childRelative)) {
        found.push(full);
      }
    }
  };
  visit(root, '');
  return found.sort();
}

/** The first of the candidates that is a file, or undefined. */
export function firstExistingFile(candidates: readonly string[]): string | undefined {
  return candidates.find((candidate) => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

/** Whether a path is a folder (false when it does not exist). */
export function isDirectory(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
