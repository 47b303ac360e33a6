/**
 * The one-call entry point: builds a RepositoryIndex over a set of files and returns every file's
 * findings, cross-object ones included. Without a host to run helm or kustomize, kustomize units
 * are approximated and chart templates skipped, as with rendering turned off. Hosts that follow
 * edits or render with the real tools keep a RepositoryIndex instead.
 */
import type { AnalysisSettings, Finding, SourceFile } from './model';
import type { IndexedObject } from './routing';
import { RepositoryIndex } from './units/repository';

export interface FileAnalysis {
  readonly path: string;
  readonly objects: readonly IndexedObject[];
  readonly findings: readonly Finding[];
}

export interface WorkspaceAnalysis {
  readonly files: readonly FileAnalysis[];
  readonly repository: RepositoryIndex;
}

/** Analyses a set of files as one workspace; results are in the order the files were given. */
export function analyzeWorkspace(files: readonly SourceFile[], settings: AnalysisSettings): WorkspaceAnalysis {
  const repository = new RepositoryIndex(settings);
  repository.update(...files);
  for (const unit of repository.units()) repository.setRender(unit.id, { status: 'off' });
  return { repository, files: files.map((file) => ({ path: file.path, objects: repository.plainIndex.objects(file.path), findings: repository.findings(file.path) })) };
}
