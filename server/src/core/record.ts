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
import { indexKeys } from './indexKeys';
import type { IndexKeys } from './indexKeys';
import type { YAMLMap } from './yamlView';

/** Bump when the shape below changes: stored analyses of another format are not read. */
export const analysisFormat = 2;

/** An object as the index keeps it: its identity and spans (a KubeObject without its YAML), its model and findings. */
export interface ObjectAnalysis extends Omit<KubeObject, 'file' | 'view' | 'root'> {
  /** The model; a record read from the disk parses it on first use (node/cache.ts). */
  readonly decoded: DecodedObject;
  /** What the index files the object under, so it is placed without reading the model. */
  readonly keys: IndexKeys;
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
      keys: indexKeys(decoded),
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
  const yaml = new RecordedYaml(source);
  return analysis.objects.map((recorded, position) => new RecordedObject(yaml, position, source.path, recorded));
}

/** A recorded file's YAML, parsed when one of its objects first asks for it. */
class RecordedYaml {
  private parsed: ParsedFile | undefined;
  constructor(private readonly source: SourceFile) {}
  of(position: number): { view: DocumentView; root: YAMLMap } {
    this.parsed ??= parseFile(this.source);
    return this.parsed.objects[position] ?? { view: emptyView(), root: emptyView().document.contents as YAMLMap };
  }
}

/** An object of a recorded file: its identity and spans as recorded, its YAML on first use. */
class RecordedObject implements KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly recognized: KubeObject['recognized'];
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly anchorSpan: KubeObject['anchorSpan'];
  readonly span: KubeObject['span'];
  constructor(
    private readonly yaml: RecordedYaml,
    private readonly position: number,
    readonly file: string,
    recorded: ObjectAnalysis,
  ) {
    this.apiVersion = recorded.apiVersion;
    this.kind = recorded.kind;
    this.recognized = recorded.recognized;
    this.name = recorded.name;
    this.namespace = recorded.namespace;
    this.anchorSpan = recorded.anchorSpan;
    this.span = recorded.span;
  }
  get view(): DocumentView {
    return this.yaml.of(this.position).view;
  }
  get root(): YAMLMap {
    return this.yaml.of(this.position).root;
  }
}

/**
 * An indexed object built from a record: placed by its recorded keys; its model is read from the
 * record when first asked for.
 */
export class RecordedIndexedObject implements IndexedObject {
  constructor(
    readonly object: KubeObject,
    private readonly recorded: ObjectAnalysis,
    readonly namespace: string,
    readonly id: string,
    readonly file: string,
    readonly findings: readonly Finding[],
  ) {}
  get decoded(): DecodedObject {
    return this.recorded.decoded;
  }
  get keys(): IndexKeys {
    return this.recorded.keys;
  }
}

let empty: DocumentView | undefined;
function emptyView(): DocumentView {
  empty ??= new DocumentView(new Document({}));
  return empty;
}
