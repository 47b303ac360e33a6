/**
 * The one-call entry point: builds a WorkspaceIndex over a set of files and returns every file's
 * findings, cross-object ones included. Hosts that follow edits keep a WorkspaceIndex instead.
 */
import type { AnalysisSettings, Finding, SourceFile } from './model';
import type { IndexedObject } from './routing';
import { WorkspaceIndex } from './workspace';

export interface FileAnalysis {
  readonly path: string;
  readonly objects: readonly IndexedObject[];
  readonly findings: readonly Finding[];
}

export interface WorkspaceAnalysis {
  readonly files: readonly FileAnalysis[];
  readonly index: WorkspaceIndex;
}

/** Analyses a set of files as one workspace; results are in the order the files were given. */
export function analyzeWorkspace(files: readonly SourceFile[], settings: AnalysisSettings): WorkspaceAnalysis {
  const index = new WorkspaceIndex(settings);
  index.update(...files);
  return { index, files: files.map((file) => ({ path: file.path, objects: index.objects(file.path), findings: index.findings(file.path) })) };
}
