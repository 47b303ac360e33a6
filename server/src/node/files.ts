/**
 * Finding and reading manifest files for the CLI: directory walks, Helm chart detection, size
 * limits and read errors. Everything here is I/O; the analysis itself happens in core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../core/model';

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
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/** Expands the given paths into manifest files, in a stable order, keeping the user's spelling. */
export function collectFiles(paths: readonly string[]): Collected {
  const files: string[] = [];
  const problems: ReadProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
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
    if (stat.isDirectory()) walk(given, add, problems);
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

/** Reads one file as the editor would see it: UTF-8, without a byte order mark. `-` is stdin. */
export function readSource(file: string, chartTemplates: ChartTemplateCache): SourceFile | ReadProblem | { path: string; tooLarge: number } {
  try {
    if (file === '-') return { path: file, text: fs.readFileSync(0, 'utf8').replace(/^\ufeff/, '') };
    const size = fs.statSync(file).size;
    if (size > maxFileBytes) return { path: file, tooLarge: size };
    let text = fs.readFileSync(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { path: file, text, isChartTemplate: chartTemplates.isChartTemplate(file) };
  } catch (error) {
    return { path: file, message: describeError(error) };
  }
}

/** Answers "is this file inside a Helm chart's templates/ folder?", caching Chart.yaml lookups. */
export class ChartTemplateCache {
  private readonly chartRoots = new Map<string, boolean>();

  isChartTemplate(file: string): boolean {
    let directory = path.dirname(path.resolve(file));
    for (;;) {
      if (path.basename(directory) === 'templates' && this.hasChart(path.dirname(directory))) return true;
      const parent = path.dirname(directory);
      if (parent === directory) return false;
      directory = parent;
    }
  }

  private hasChart(directory: string): boolean {
    let known = this.chartRoots.get(directory);
    if (known === undefined) {
      known = fs.existsSync(path.join(directory, 'Chart.yaml')) || fs.existsSync(path.join(directory, 'Chart.yml'));
      this.chartRoots.set(directory, known);
    }
    return known;
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
