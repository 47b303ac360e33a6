/**
 * What the index keeps of an analysed file, as plain data: each object's identity, spans, decoded
 * model and single-object findings, and the file's parse findings, without the YAML documents.
 * Hosts move it between threads and store it on disk (it holds only plain objects, arrays, strings,
 * numbers, booleans and null); the index builds its objects from it without parsing. An object's
 * YAML (`view`, `root`), which only editor features and a few cross-object readings of unmodelled
 * kinds need, is rebuilt from the file's text on first use.
 *
 * Invariant: a recorded model has no YAML nodes. `Read.node` is absent, and so is the value of a
 * `Read` that held a YAML mapping or list; only single-object rules read those, and they have run.
 */
import { Document, isNode } from 'yaml';
import type { AnalysisSettings, Finding, SourceFile } from './model';
import { parseFile } from './parse';
import { analyzeObjects } from './singleObject';
import type { KubeObject, ParsedFile } from './parse';
import type { IndexedObject } from './routing';
import type { DecodedObject } from './rules/registry';
import { DocumentView } from './yamlView';
import type { YAMLMap } from './yamlView';

/** Bump when the shape below changes: stored analyses of another format are not read. */
export const analysisFormat = 1;

/** An object as the index keeps it: its identity and spans (a KubeObject without its YAML), its model and findings. */
export interface ObjectAnalysis extends Omit<KubeObject, 'file' | 'view' | 'root'> {
  readonly decoded: DecodedObject;
  /** Single-object findings, disabled rules removed; `object` is set again when the index places it. */
  readonly findings: readonly Finding[];
}

export interface FileAnalysis {
  /** `analysisKey` of the settings the rules ran with. */
  readonly settings: string;
  /** Parse findings (yaml/*, template/*), disabled rules removed. */
  readonly findings: readonly Finding[];
  readonly objects: readonly ObjectAnalysis[];
}

/** Everything in the settings that single-object analysis reads, as one string. */
export function analysisKey(settings: AnalysisSettings): string {
  return JSON.stringify([
    analysisFormat,
    settings.nodePortRange.min,
    settings.nodePortRange.max,
    settings.serviceCidrs,
    settings.serviceCidrsOrigin ?? '',
    settings.defaultNamespace,
    [...settings.disabledRules].sort(),
    settings.clusterDomain ?? '',
  ]);
}

/**
 * Parses one file and runs the single-object rules over it, as the index would, and returns the
 * record: what a worker thread does for the index.
 */
export function analyseFile(source: SourceFile, settings: AnalysisSettings): FileAnalysis {
  const { objects, findings } = analyzeObjects(parseFile(source), settings, (written) => written || settings.defaultNamespace);
  return recordAnalysis(objects, findings, analysisKey(settings));
}

/** The plain record of a file's analysed objects and parse findings. */
export function recordAnalysis(objects: readonly IndexedObject[], findings: readonly Finding[], settings: string): FileAnalysis {
  return {
    settings,
    findings,
    objects: objects.map(({ object, decoded, findings: own }) => ({
      apiVersion: object.apiVersion,
      kind: object.kind,
      recognized: object.recognized,
      name: object.name,
      namespace: object.namespace,
      anchorSpan: object.anchorSpan,
      span: object.span,
      decoded: withoutNodes(decoded) as DecodedObject,
      findings: own,
    })),
  };
}

/**
 * A copy of a model without YAML nodes: a field holding one is left out (`Read.node`), a list item
 * that is one becomes null. Models are trees: no cycles.
 */
function withoutNodes(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isNode(value)) return null;
  if (Array.isArray(value)) return value.map(withoutNodes);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined && !isNode(child)) copy[key] = withoutNodes(child);
  return copy;
}

/**
 * The objects of a recorded file, whose `view` and `root` parse `source` the first time one of
 * them is read (once for the whole file). The text must be the one recorded: the host keys
 * records by content.
 */
export function restoreObjects(source: SourceFile, analysis: FileAnalysis): KubeObject[] {
  let parsed: ParsedFile | undefined;
  const yamlOf = (index: number): { view: DocumentView; root: YAMLMap } => {
    parsed ??= parseFile(source);
    const found = parsed.objects[index];
    return found ?? { view: emptyView(), root: emptyView().document.contents as YAMLMap };
  };
  return analysis.objects.map((recorded, index) => ({
    file: source.path,
    apiVersion: recorded.apiVersion,
    kind: recorded.kind,
    recognized: recorded.recognized,
    name: recorded.name,
    namespace: recorded.namespace,
    anchorSpan: recorded.anchorSpan,
    span: recorded.span,
    get view(): DocumentView {
      return yamlOf(index).view;
    },
    get root(): YAMLMap {
      return yamlOf(index).root;
    },
  }));
}

let empty: DocumentView | undefined;
function emptyView(): DocumentView {
  empty ??= new DocumentView(new Document({}));
  return empty;
}
