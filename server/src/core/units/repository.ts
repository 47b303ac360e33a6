/**
 * The repository index: a workspace seen as render units. Plain manifests share one WorkspaceIndex;
 * every Helm chart variant and kustomize root has its own, over the text the host rendered (or, for
 * kustomize without the tool, the built-in approximation). Findings of rendered objects are carried
 * back to the template, patch or resource line that wrote the value; one finding from several
 * units is shown once, saying where it applies when that is not everywhere. Hosts run the tools
 * and hand the text in through `setRender`; nothing here starts a process or reads a file.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { RouteModel, RouteRange } from '../../protocol/route';
import type { AnalysisSettings, Finding, RelatedLocation, SourceFile, Span } from '../model';
import { compareFindings } from '../model';
import { parseFile } from '../parse';
import type { KubeObject } from '../parse';
import { basenameOf, dirnameOf, isRenderedPath, isWithin, renderedPathOf } from '../paths';
import type { IndexedObject } from '../routing';
import { LineIndex } from '../text';
import { WorkspaceIndex } from '../workspace';
import type { DefinitionElsewhere } from '../features/hover';
import { nameSpanOf, objectIdentity } from '../rules/crossObject';
import { approximateKustomize } from './approximate';
import { detectUnits } from './detect';
import type { ChartOptions, KustomizeOptions, RenderUnit, UnitRef } from './detect';
import { isKustomizationPath, parseKustomization } from './kustomization';
import type { Kustomization } from './kustomization';
import { documentAt, readHelmOutput, readKustomizeOutput } from './rendered';
import { SourceMap } from './sourceMap';
import type { MappedPlace } from './sourceMap';
import type { RenderedText } from './rendered';

export type { RenderUnit, UnitRef } from './detect';

/** Why a unit could not be rendered by its tool. */
export type RenderProblemCode = 'render/tool-missing' | 'render/failed' | 'render/timeout' | 'render/output-too-large' | 'render/missing-dependencies' | 'render/untrusted';

/** What the host did with a unit. */
export type RenderOutcome =
  | {
      readonly status: 'rendered';
      readonly text: string;
      /** Kustomize: turns an origin annotation's path into a workspace file name. */
      readonly resolveOrigin?: (raw: string) => string | undefined;
    }
  | {
      readonly status: 'failed';
      readonly code: RenderProblemCode;
      readonly message: string;
      /** A top-level key of the root file to point at (`dependencies`), else its first line. */
      readonly key?: string;
      /** A place the tool's error names (`templates/service.yaml:9`), when it is a workspace file. */
      readonly at?: { readonly file: string; readonly line: number };
    }
  /** Rendering is turned off: kustomize units are approximated, chart templates skipped. */
  | { readonly status: 'off' };

/** A Service and the unit (and index) it lives in. */
export interface UnitService {
  readonly service: IndexedObject;
  readonly unit: RenderUnit | undefined;
  readonly index: WorkspaceIndex;
}

/** A rendered node a source position stands for. */
export interface RenderedPosition {
  readonly unit: RenderUnit;
  readonly index: WorkspaceIndex;
  /** The unit's rendered text, as its objects name their file. */
  readonly file: string;
  /** The position in the rendered text. */
  readonly offset: number;
  /** The rendered node (a key or a scalar). */
  readonly span: Span;
  /** The source line holds a template action: the rendered value differs from what is written. */
  readonly templated: boolean;
}

/** What an update changed. */
export interface RepositoryUpdate {
  readonly changedFiles: readonly string[];
  /** Units whose inputs changed: the host should render them (again). */
  readonly staleUnits: readonly RenderUnit[];
}

export interface RepositoryOptions {
  /** A path as users read it, for unit labels and related locations (default: as given). */
  readonly display?: (path: string) => string;
  /** A chart's options from the project configuration, by its folder. */
  readonly chart?: (root: string) => ChartOptions | undefined;
  /** A kustomization's options from the GitOps object that deploys it, by its folder. */
  readonly kustomize?: (root: string) => KustomizeOptions | undefined;
  /** Put before every unit id, so units of one folder in several scopes (GitOps clusters) stay apart. */
  readonly unitIdPrefix?: string;
  /**
   * false: each index (the plain files, each unit) answers only from its own objects, as before
   * the cluster model; the benchmark measures the model's cost against it. Default true.
   */
  readonly seeEachOther?: boolean;
  /** The namespace of a plain file's objects that name none, when a GitOps object deploys its folder into one. */
  readonly plainNamespace?: (path: string) => string | undefined;
}

interface UnitState {
  readonly unit: RenderUnit;
  outcome: RenderOutcome | undefined;
  index: WorkspaceIndex;
  readonly virtualPath: string;
  rendered: RenderedText | undefined;
  /** Mapped findings by source file, from the last render (kept while a new one is pending). */
  mapped: Map<string, Finding[]>;
  /** Each mapped finding with the finding of the rendered object it came from. */
  origins: Map<Finding, Finding>;
}

const plainRef: UnitRef = { kind: 'plain', root: null, variant: null };

export class RepositoryIndex {
  private readonly sources = new Map<string, SourceFile>();
  private plain: WorkspaceIndex;
  private readonly states = new Map<string, UnitState>();
  private membership = new Map<string, RenderUnit[]>();
  private readonly kustomizations = new Map<string, { text: string; parsed: Kustomization }>();
  private readonly sourceMap = new SourceMap((path) => this.sources.get(path)?.text);
  private readonly display: (path: string) => string;
  private readonly chart: ((root: string) => ChartOptions | undefined) | undefined;
  private readonly kustomize: ((root: string) => KustomizeOptions | undefined) | undefined;
  private readonly unitIdPrefix: string;
  private readonly seeEachOther: boolean;
  private readonly plainNamespace: ((path: string) => string | undefined) | undefined;

  constructor(
    private currentSettings: AnalysisSettings,
    options: RepositoryOptions = {},
  ) {
    this.seeEachOther = options.seeEachOther ?? true;
    this.plainNamespace = options.plainNamespace;
    this.plain = this.newIndex();
    this.display = options.display ?? ((path) => path);
    this.chart = options.chart;
    this.kustomize = options.kustomize;
    this.unitIdPrefix = options.unitIdPrefix ?? '';
  }

  get settings(): AnalysisSettings {
    return this.currentSettings;
  }

  /** The index of the plain manifests (files in no rendered unit). */
  get plainIndex(): WorkspaceIndex {
    return this.plain;
  }

  /** Replaces the settings and re-analyses everything (renders are kept). */
  setSettings(settings: AnalysisSettings): RepositoryUpdate {
    this.currentSettings = settings;
    const changed = new Set(this.plain.setSettings(settings).changedFiles);
    for (const state of this.states.values()) {
      state.index = this.newIndex(state.unit);
      for (const file of this.refresh(state)) changed.add(file);
    }
    this.propagate(undefined, changed);
    for (const path of this.sources.keys()) changed.add(path);
    return { changedFiles: [...changed], staleUnits: [] };
  }

  /** Adds or replaces files. */
  update(...sources: SourceFile[]): RepositoryUpdate {
    let layoutChanged = false;
    for (const source of sources) {
      if (!this.sources.has(source.path) || isKustomizationPath(source.path) || basenameOf(source.path) === 'Chart.yaml') layoutChanged = true;
      this.sources.set(source.path, source);
    }
    return this.apply(sources.map((source) => source.path), layoutChanged);
  }

  /**
   * The unit options (charts', kustomizations') may have changed: detects the units again, and
   * analyses again the plain files named (their namespace changed).
   */
  redetectUnits(plainFiles: readonly string[] = []): RepositoryUpdate {
    const update = this.apply([], true);
    const sources = plainFiles.filter((path) => this.plain.has(path)).map((path) => this.sources.get(path)!);
    if (sources.length === 0) return update;
    // Unchanged text: only the objects whose namespace changed are analysed again.
    const changed = new Set([...update.changedFiles, ...this.plain.update(...sources).changedFiles]);
    this.propagate(this.plain, changed);
    return { changedFiles: [...changed], staleUnits: update.staleUnits };
  }

  /** Forgets files. */
  remove(...paths: string[]): RepositoryUpdate {
    const removed = paths.filter((path) => this.sources.delete(path));
    return this.apply(removed, removed.length > 0);
  }

  /** Takes a unit's render (or why there is none) and re-derives its findings. */
  setRender(unitId: string, outcome: RenderOutcome): RepositoryUpdate {
    const state = this.states.get(unitId);
    if (!state) return { changedFiles: [], staleUnits: [] };
    state.outcome = outcome;
    const changed = new Set(this.refresh(state));
    this.propagate(state.index, changed);
    return { changedFiles: [...changed], staleUnits: [] };
  }

  /** Every rendered unit (Helm variants, kustomize roots), in a stable order. */
  units(): RenderUnit[] {
    return [...this.states.values()].map((state) => state.unit);
  }

  unit(id: string): RenderUnit | undefined {
    return this.states.get(id)?.unit;
  }

  /** The rendered units a file belongs to (none for a plain manifest). */
  unitsOf(path: string): readonly RenderUnit[] {
    const found = this.membership.get(path);
    if (found) return found;
    // Helm units own every file under the chart, read by the host or not (`_helpers.tpl`).
    return this.units().filter((unit) => unit.kind === 'helm' && isWithin(path, unit.root));
  }

  /**
   * The units a change to any file may re-render: those it belongs to, Helm charts it lies in, and
   * kustomizations whose folder holds it (generator inputs are not manifests).
   */
  unitsAffectedBy(path: string): RenderUnit[] {
    const units = new Map(this.unitsOf(path).map((unit) => [unit.id, unit]));
    for (const state of this.states.values()) {
      if (state.unit.kind === 'kustomize' && state.unit.kustomizations.some((kustomization) => dirnameOf(kustomization.path) === dirnameOf(path))) units.set(state.unit.id, state.unit);
    }
    return [...units.values()];
  }

  /** The last outcome of a unit: undefined while its first render is pending. */
  outcome(unitId: string): RenderOutcome | undefined {
    return this.states.get(unitId)?.outcome;
  }

  has(path: string): boolean {
    return this.sources.has(path);
  }

  paths(): string[] {
    return [...this.sources.keys()];
  }

  source(path: string): SourceFile | undefined {
    return this.sources.get(path) ?? this.virtualSource(path);
  }

  objectCount(): number {
    let count = this.plain.objectCount();
    for (const state of this.states.values()) count += state.index.objectCount();
    return count;
  }

  serviceCount(): number {
    let count = this.plain.serviceCount();
    for (const state of this.states.values()) count += state.index.serviceCount();
    return count;
  }

  /** Every Service with the unit it belongs to. */
  services(): UnitService[] {
    const all: UnitService[] = this.plain.objects().filter(isService).map((service) => ({ service, unit: undefined, index: this.plain }));
    for (const state of this.states.values()) {
      for (const service of state.index.objects().filter(isService)) all.push({ service, unit: state.unit, index: state.index });
    }
    return all;
  }

  /** The index and unit of a Service written at `offset` of `path` (a manifest, template or patch). */
  serviceAt(path: string, offset: number): UnitService | undefined {
    if (this.plain.has(path)) {
      const service = this.plain.objects(path).find((object) => isService(object) && object.object.span.start <= offset && offset <= object.object.span.end + 1);
      return service && { service, unit: undefined, index: this.plain };
    }
    // The rendered Service whose node the position wrote; else the first one the file writes.
    for (const place of this.renderedAt(path, offset)) {
      const service = place.index.objects(place.file).find((object) => isService(object) && object.object.span.start <= place.offset && place.offset <= object.object.span.end);
      if (service) return { service, unit: place.unit, index: place.index };
    }
    for (const unit of this.unitsOf(path)) {
      const state = this.states.get(unit.id);
      if (!state?.rendered) continue;
      const service = state.index.objects().filter(isService).find((candidate) => this.mapSpan(state, candidate.object.anchorSpan).file === path);
      if (service) return { service, unit, index: state.index };
    }
    return this.servicePatchedAt(path, offset);
  }

  /** A kustomize patch file: the Service the patch at the position applies to. */
  private servicePatchedAt(path: string, offset: number): UnitService | undefined {
    const patched = this.patchedServices(path);
    return (patched.find((entry) => entry.document.start <= offset && offset <= entry.document.end) ?? patched[0])?.found;
  }

  /**
   * The Services the patches of a file apply to, per patch document and unit: the patch's own
   * kind and name for a strategic merge, the kustomization's target for a JSON 6902 patch, found
   * in the rendered output by name (a name prefix or suffix may have been added).
   */
  patchedServices(path: string): Array<{ document: Span; anchor: Span; found: UnitService }> {
    const source = this.sources.get(path);
    if (!source) return [];
    const result: Array<{ document: Span; anchor: Span; found: UnitService }> = [];
    let documents: readonly KubeObject[] | undefined;
    for (const unit of this.unitsOf(path)) {
      const state = this.states.get(unit.id);
      const patch = unit.patches.find((candidate) => candidate.file === path && 'reference' in candidate);
      if (!state?.rendered || !patch || !('reference' in patch)) continue;
      documents ??= parseFile(source).objects;
      const services = state.index.objects().filter(isService);
      const targets = patch.reference.json6902 || documents.length === 0 ? [{ document: { start: 0, end: source.text.length }, anchor: { start: 0, end: 0 }, target: patch.reference.target }] : documents.map((object) => ({ document: object.span, anchor: object.anchorSpan, target: { kind: object.kind, name: object.name } }));
      for (const { document, anchor, target } of targets) {
        if (target?.kind !== undefined && target.kind !== 'Service') continue;
        const name = target?.name;
        const service = (name ? services.find((candidate) => candidate.object.name === name) ?? services.find((candidate) => (candidate.object.name ?? '').includes(name)) : undefined) ?? (services.length === 1 ? services[0] : undefined);
        if (service) result.push({ document, anchor, found: { service, unit, index: state.index } });
      }
    }
    return result;
  }

  /** All findings of one file, sorted by position: its own, and those its units carry back to it. */
  findings(path: string): Finding[] {
    const all: Finding[] = [];
    if (this.plain.has(path)) all.push(...this.plain.findings(path).map((finding) => this.withFolders({ ...finding, unit: plainRef, ...(finding.related ? { related: finding.related.map((item) => this.mapForeign(undefined, item)) } : {}) })));
    const units = this.unitsOf(path);
    if (units.length > 0) all.push(...this.unitFindings(path, units));
    return all.sort(compareFindings);
  }

  /**
   * The other definitions of an object (same API group, kind, namespace and name) in this
   * repository: other plain files and other units, each at the line that writes its name, once.
   */
  definitionsElsewhere(object: IndexedObject): DefinitionElsewhere[] {
    const identity = objectIdentity(object);
    const found = new Map<string, DefinitionElsewhere>();
    const add = (file: string, span: Span): void => {
      const text = this.sources.get(file)?.text;
      if (text === undefined) return;
      const line = new LineIndex(text).positionAt(span.start).line + 1;
      const label = this.display(file);
      found.set(`${file}#${line}`, { file, line, ...(label !== file ? { label } : {}) });
    };
    for (const other of this.plain.objectsWithId(object.id)) {
      if (other.file !== object.file && objectIdentity(other) === identity) add(other.file, nameSpanOf(other) ?? other.object.anchorSpan);
    }
    for (const state of this.states.values()) {
      if (!state.rendered || state.virtualPath === object.file) continue;
      for (const other of state.index.objectsWithId(object.id)) {
        if (objectIdentity(other) !== identity) continue;
        const place = this.mapSpan(state, nameSpanOf(other) ?? other.object.anchorSpan);
        if (place.file !== object.file) add(place.file, place.span);
      }
    }
    return [...found.values()];
  }

  /**
   * Carries a route computed in an index back to the files that wrote it: its own unit's rendered
   * text, and that of other units whose objects it reached.
   */
  mapRoute(unitId: string | undefined, model: RouteModel): RouteModel {
    const own = unitId === undefined ? undefined : this.states.get(unitId);
    const renderedLines = new Map<UnitState, LineIndex>();
    const lineIndexes = new Map<string, LineIndex>();
    const mapRange = (file: string | undefined, range: RouteRange | undefined): { file?: string; range?: RouteRange } => {
      const state = file === undefined ? undefined : this.stateOfRendered(file);
      if (!state?.rendered || !range) return { ...(file ? { file } : {}), ...(range ? { range } : {}) };
      let rendered = renderedLines.get(state);
      if (!rendered) renderedLines.set(state, (rendered = new LineIndex(state.rendered.text)));
      const target = this.mapSpan(state, { start: rendered.offsetAt(range.start), end: rendered.offsetAt(range.end) });
      let lines = lineIndexes.get(target.file);
      if (!lines) lineIndexes.set(target.file, (lines = new LineIndex(this.sources.get(target.file)?.text ?? '')));
      return { file: target.file, range: { start: lines.positionAt(target.span.start), end: lines.positionAt(target.span.end) } };
    };
    const service = mapRange(model.service.file, model.service.range);
    const unit = own?.rendered ? own.unit : undefined;
    return {
      ...model,
      service: { ...model.service, file: service.file ?? model.service.file, range: service.range ?? model.service.range, ...(unit ? { unit: { id: unit.id, kind: unit.kind, root: unit.root, variant: unit.variant ?? null, label: unit.label } } : {}) },
      lanes: model.lanes.map((lane) => ({
        ...lane,
        hops: lane.hops.map((hop) => {
          const mapped = mapRange(hop.file, hop.range);
          const links = hop.links?.map((link) => ({ ...link, ...mapRange(link.file, link.range) }) as typeof link);
          return { ...hop, ...mapped, ...(links ? { links } : {}) };
        }),
      })),
    };
  }

  /** Where a span of a unit's rendered text was written: the template, patch or resource. */
  sourceOf(unitId: string, span: Span): { file: string; span: Span } | undefined {
    const state = this.states.get(unitId);
    return state?.rendered ? this.mapSpan(state, span) : undefined;
  }

  /** The index a unit's objects live in. */
  unitIndex(unitId: string): WorkspaceIndex | undefined {
    return this.states.get(unitId)?.index;
  }

  /** The name of a unit's rendered text, as its objects' `file`. */
  renderedPath(unitId: string): string | undefined {
    return this.states.get(unitId)?.virtualPath;
  }

  /**
   * The rendered places a position of a template, patch or resource stands for, in each unit that
   * rendered it: the rendered nodes whose value was written there (the smallest; all of them when a
   * `range` line wrote several), units in order.
   */
  renderedAt(path: string, offset: number): RenderedPosition[] {
    const found: RenderedPosition[] = [];
    for (const unit of this.unitsOf(path)) {
      const state = this.states.get(unit.id);
      if (!state?.rendered) continue;
      let best: Array<{ size: number; offset: number; span: Span; templated: boolean }> = [];
      for (const indexed of state.index.objects(state.virtualPath)) {
        const document = documentAt(state.rendered, indexed.object.span.start);
        if (document?.source !== path && !unit.patches.some((patch) => patch.file === path)) continue;
        for (const node of nodesOf(indexed.object)) {
          const target = this.mapSpan(state, node.span);
          if (target.file !== path || offset < target.span.start || offset > target.span.end) continue;
          const size = target.span.end - target.span.start;
          const candidate = { size, offset: node.span.start + Math.min(Math.max(0, offset - target.span.start), node.span.end - node.span.start), span: node.span, templated: target.renderedValue !== undefined };
          if (best.length === 0 || size < best[0].size) best = [candidate];
          else if (size === best[0].size) best.push(candidate);
        }
      }
      for (const candidate of best.sort((left, right) => left.offset - right.offset)) found.push({ unit, index: state.index, file: state.virtualPath, offset: candidate.offset, span: candidate.span, templated: candidate.templated });
    }
    return found;
  }

  /** The findings units carry back to a file, each with the rendered finding it came from (for quick fixes). */
  renderedFindings(path: string): Array<{ unit: RenderUnit; index: WorkspaceIndex; rendered: Finding; mapped: Finding }> {
    const found: Array<{ unit: RenderUnit; index: WorkspaceIndex; rendered: Finding; mapped: Finding }> = [];
    for (const unit of this.unitsOf(path)) {
      const state = this.states.get(unit.id);
      for (const mapped of state?.mapped.get(path) ?? []) {
        const rendered = state!.origins.get(mapped);
        if (rendered) found.push({ unit, index: state!.index, rendered, mapped });
      }
    }
    return found;
  }

  /**
   * Where an edit of a unit's rendered text belongs in the source, when the source says the same
   * thing there (a value written as it renders, a line written as it renders); undefined for
   * templated values and reformatted text, where an edit would not mean the same.
   */
  mapEdit(unitId: string, span: Span): { file: string; span: Span } | undefined {
    const state = this.states.get(unitId);
    if (!state?.rendered) return undefined;
    const rendered = state.rendered.text;
    const target = this.mapSpan(state, span);
    const source = this.sources.get(target.file)?.text;
    if (source === undefined) return undefined;
    if (span.end > span.start && source.slice(target.span.start, target.span.end) === rendered.slice(span.start, span.end)) return { file: target.file, span: target.span };
    // A value a template writes from one values key: the edit replaces that value where it is set, when it says the same.
    const sites = target.renderedValue !== undefined ? (target.valueSites ?? []) : [];
    if (sites.length === 1 && span.end > span.start) {
      const valuesText = this.sources.get(sites[0].file)?.text;
      const written = valuesText?.slice(sites[0].valueSpan.start, sites[0].valueSpan.end).replace(/^(['"])(.*)\1$/, '$2');
      if (written !== undefined && written === rendered.slice(span.start, span.end).replace(/^(['"])(.*)\1$/, '$2')) return { file: sites[0].file, span: sites[0].valueSpan };
    }
    // Otherwise the same whole lines around the edit, at the place the edit's first value maps to.
    const lineStart = rendered.lastIndexOf('\n', span.start - 1) + 1;
    const lineEndAt = rendered.indexOf('\n', span.end);
    const lineEnd = lineEndAt === -1 ? rendered.length : lineEndAt;
    const firstValue = lineStart + (/^\s*/.exec(rendered.slice(lineStart, lineEnd))?.[0].length ?? 0);
    const anchor = this.mapSpan(state, { start: firstValue, end: firstValue });
    if (anchor.file !== target.file) return undefined;
    const anchorLineStart = source.lastIndexOf('\n', anchor.span.start - 1) + 1;
    const delta = anchorLineStart - lineStart;
    if (source.slice(lineStart + delta, lineEnd + delta) !== rendered.slice(lineStart, lineEnd)) return undefined;
    return { file: target.file, span: { start: span.start + delta, end: span.end + delta } };
  }

  /** Hover links name `file#Lline` of rendered texts (this unit's, or another's); they are turned into the source lines. */
  mapLinks(markdown: string): string {
    if (!markdown.includes('#rendered')) return markdown;
    return markdown.replace(/\]\(([^)\s]*#rendered[^)#\s]*)#L(\d+)\)/g, (match, file: string, line: string) => {
      const state = this.stateOfRendered(file);
      if (!state?.rendered) return match;
      const rendered = new LineIndex(state.rendered.text);
      const start = rendered.lineStart(Math.max(0, Number(line) - 1));
      const target = this.mapSpan(state, { start, end: start });
      const sourceLine = new LineIndex(this.sources.get(target.file)?.text ?? '').positionAt(target.span.start).line + 1;
      return `](${target.file}#L${sourceLine})`;
    });
  }

  // ------------------------------------------------------------------------------------------

  private virtualSource(path: string): SourceFile | undefined {
    for (const state of this.states.values()) if (state.virtualPath === path && state.rendered) return { path, text: state.rendered.text };
    return undefined;
  }

  private apply(touched: readonly string[], layoutChanged: boolean): RepositoryUpdate {
    const changed = new Set<string>(touched);
    const stale = new Map<string, UnitState>();
    if (layoutChanged) this.redetect(changed, stale);
    // Plain files: everything that belongs to no rendered unit.
    const toPlain: SourceFile[] = [];
    const fromPlain: string[] = [];
    for (const path of touched) {
      const source = this.sources.get(path);
      const isMember = (this.membership.get(path)?.length ?? 0) > 0;
      if (source && !isMember) toPlain.push(source);
      else if (this.plain.has(path)) fromPlain.push(path);
    }
    if (layoutChanged) {
      // Files that joined or left a unit move out of or into the plain index.
      const leaving = new Set(fromPlain);
      for (const path of this.plain.paths()) if ((this.membership.get(path)?.length ?? 0) > 0 && !leaving.has(path)) fromPlain.push(path);
      const joining = new Set(toPlain.map((source) => source.path));
      for (const [path, source] of this.sources) if (!joining.has(path) && !this.plain.has(path) && !this.membership.get(path)?.length) toPlain.push(source);
    }
    for (const file of this.plain.remove(...fromPlain).changedFiles) changed.add(file);
    for (const file of this.plain.update(...toPlain).changedFiles) changed.add(file);
    for (const path of touched) for (const unit of this.membership.get(path) ?? []) stale.set(unit.id, this.states.get(unit.id)!);
    for (const state of stale.values()) {
      // Without the tool, kustomize units follow edits at once; rendered ones wait for the host.
      if (state.outcome && state.outcome.status !== 'rendered') for (const file of this.refresh(state)) changed.add(file);
      for (const file of state.unit.members.keys()) changed.add(file);
    }
    this.propagate(undefined, changed);
    return { changedFiles: [...changed], staleUnits: [...stale.values()].map((state) => state.unit) };
  }

  private redetect(changed: Set<string>, stale: Map<string, UnitState>): void {
    const parse = (path: string, text: string): Kustomization => {
      const cached = this.kustomizations.get(path);
      if (cached?.text === text) return cached.parsed;
      const parsed = parseKustomization(path, text);
      this.kustomizations.set(path, { text, parsed });
      return parsed;
    };
    const units = detectUnits({ paths: this.sources.keys(), text: (path) => this.sources.get(path)?.text, display: this.display, parse, chart: this.chart, kustomize: this.kustomize }).map((unit) => (this.unitIdPrefix ? { ...unit, id: `${this.unitIdPrefix}${unit.id}` } : unit));
    const membership = new Map<string, RenderUnit[]>();
    for (const unit of units) for (const path of unit.members.keys()) membership.set(path, [...(membership.get(path) ?? []), unit]);
    for (const path of new Set([...membership.keys(), ...this.membership.keys()])) {
      const before = (this.membership.get(path) ?? []).map((unit) => unit.id).join('\n');
      const after = (membership.get(path) ?? []).map((unit) => unit.id).join('\n');
      if (before !== after) changed.add(path);
    }
    this.membership = membership;
    const next = new Map<string, UnitState>();
    for (const unit of units) {
      const previous = this.states.get(unit.id);
      if (previous && sameUnit(previous.unit, unit)) {
        next.set(unit.id, previous);
        continue;
      }
      const state: UnitState = previous
        ? { ...previous, unit }
        : { unit, outcome: undefined, index: this.newIndex(unit), virtualPath: renderedPathOf(unit.rootFile, unit.variant ? basenameOf(unit.variant) : undefined), rendered: undefined, mapped: new Map(), origins: new Map() };
      next.set(unit.id, state);
      stale.set(unit.id, state);
      for (const file of unit.members.keys()) changed.add(file);
    }
    for (const [id, state] of this.states) {
      if (next.has(id)) continue;
      for (const file of state.mapped.keys()) changed.add(file);
      for (const file of state.unit.members.keys()) changed.add(file);
    }
    this.states.clear();
    for (const [id, state] of next) this.states.set(id, state);
  }

  /** Re-reads a unit's render (or approximation) and maps its findings; returns the files touched. */
  private refresh(state: UnitState): string[] {
    const before = [...state.mapped.keys()];
    const rendered = this.renderedTextOf(state);
    state.rendered = rendered;
    if (rendered) state.index.update({ path: state.virtualPath, text: rendered.text });
    else state.index.remove(state.virtualPath);
    this.remap(state);
    return [...new Set([...before, ...state.mapped.keys(), ...state.unit.members.keys()])];
  }

  /** Carries a unit's findings back to its sources again. */
  private remap(state: UnitState): void {
    state.mapped = new Map();
    state.origins = new Map();
    if (!state.rendered) return;
    for (const finding of state.index.findings(state.virtualPath)) {
      const { mapped, values } = this.safely(state, finding);
      for (const item of [mapped, ...values]) {
        state.origins.set(item, finding);
        const list = state.mapped.get(item.file) ?? [];
        list.push(item);
        state.mapped.set(item.file, list);
      }
    }
  }

  /** A WorkspaceIndex that asks the rest of this repository what it cannot answer itself. */
  private newIndex(unit?: RenderUnit): WorkspaceIndex {
    // A unit a GitOps object deploys to a namespace puts there what names none.
    const index = new WorkspaceIndex(unit?.namespace ? { ...this.currentSettings, defaultNamespace: unit.namespace } : this.currentSettings, unit ? undefined : this.plainNamespace);
    // Field initializers have not run when the constructor makes the plain index.
    if (this.seeEachOther === false) return index;
    const others = (): WorkspaceIndex[] => [this.plain, ...[...this.states.values()].map((state) => state.index)].filter((other) => other !== undefined && other !== index);
    // Policies cross between the plain files and the units, not between units: overlays and test
    // variants beside each other are usually alternatives, and one's policy is not the other's.
    const policyPeers = (): WorkspaceIndex[] => (index === this.plain ? others() : [this.plain]);
    index.elsewhere = {
      templatesMatching: (namespace, selector) => others().flatMap((other) => other.templatesMatching(namespace, selector)),
      servicesNamed: (namespace, name) => others().flatMap((other) => other.servicesNamed(namespace, name)),
      customResourcesIn: (namespace) => others().flatMap((other) => [...other.customResourcesIn(namespace)]),
      source: (path) => this.sources.get(path) ?? this.virtualSource(path),
      policyObjectsIn: (namespaces) => policyPeers().flatMap((other) => other.policyObjectsIn(namespaces)),
      hasPolicies: () => policyPeers().some((other) => other.hasPolicies()),
    };
    return index;
  }

  /**
   * After `source` (or several indexes) changed: every other index recomputes the objects that
   * looked into the rest of the cluster; their files join `changed`.
   */
  private propagate(source: WorkspaceIndex | undefined, changed: Set<string>): void {
    if (!this.seeEachOther) return;
    if (source !== this.plain) for (const file of this.plain.elsewhereChanged().changedFiles) changed.add(file);
    for (const state of this.states.values()) {
      if (state.index === source || !state.rendered) continue;
      if (state.index.elsewhereChanged().changedFiles.length === 0) continue;
      const before = [...state.mapped.keys()];
      this.remap(state);
      for (const file of new Set([...before, ...state.mapped.keys()])) changed.add(file);
    }
  }

  private renderedTextOf(state: UnitState): RenderedText | undefined {
    const { unit, outcome } = state;
    if (!outcome) return state.rendered;
    if (outcome.status === 'rendered') {
      if (unit.kind === 'helm') return readHelmOutput(outcome.text, unit.root, unit.chartName ?? basenameOf(unit.root));
      return readKustomizeOutput(substituteVariables(outcome.text, unit.substitute), outcome.resolveOrigin ?? ((raw) => raw));
    }
    if (unit.kind === 'kustomize') return approximateKustomize(unit, (path) => substituteVariables(this.sources.get(path)?.text, unit.substitute));
    return undefined;
  }

  /** The findings the units of one file carry back to it, each shown once. */
  private unitFindings(path: string, units: readonly RenderUnit[]): Finding[] {
    const groups = new Map<string, { finding: Finding; units: RenderUnit[] }>();
    const add = (finding: Finding, unit: RenderUnit): void => {
      const key = `${finding.code}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
      const group = groups.get(key);
      if (group) {
        if (!group.units.includes(unit)) group.units.push(unit);
      } else {
        groups.set(key, { finding, units: [unit] });
      }
    };
    for (const unit of units) {
      const state = this.states.get(unit.id);
      if (!state) continue;
      for (const problem of unit.problems) {
        if (problem.file === path) add({ code: problem.code, severity: 'information', file: path, span: problem.span, message: problem.message, path: null, object: null }, unit);
      }
      const outcome = state.outcome;
      if (outcome?.status === 'failed' && unit.rootFile === path) add(this.failureFinding(unit, outcome), unit);
      if (outcome?.status === 'failed' && outcome.at?.file === path && outcome.at.file !== unit.rootFile) add(this.failurePlace(outcome), unit);
      if (unit.kind === 'helm' && outcome && outcome.status !== 'rendered' && isTemplate(unit, path)) {
        add({ code: 'template/skipped', severity: 'information', file: path, span: { start: 0, end: 0 }, message: outcome.status === 'off' ? 'Helm chart template: rendering is off, so the objects it makes are not checked' : 'Helm chart template: the chart could not be rendered (see Chart.yaml), so the objects it makes are not checked', path: null, object: null }, unit);
      }
      for (const finding of state.mapped.get(path) ?? []) add(finding, unit);
    }
    const all = this.unitsOf(path);
    const result: Finding[] = [];
    for (const { finding, units: where } of groups.values()) {
      if (this.currentSettings.disabledRules.has(finding.code)) continue;
      const partial = where.length < all.length;
      result.push(
        this.withFolders({
          ...finding,
          message: partial ? `${finding.message} (${where.map((unit) => unit.label).join(', ')})` : finding.message,
          unit: where[0].ref,
          ...(where.length > 1 ? { units: where.map((unit) => unit.ref) } : {}),
        }),
      );
    }
    return result;
  }

  private failureFinding(unit: RenderUnit, outcome: Extract<RenderOutcome, { status: 'failed' }>): Finding {
    const text = this.sources.get(unit.rootFile)?.text ?? '';
    let span: Span = { start: 0, end: 0 };
    if (outcome.key) {
      const match = new RegExp(`^${outcome.key}\\s*:`, 'm').exec(text);
      if (match) span = { start: match.index, end: match.index + outcome.key.length };
    }
    // The error names a line of the root file itself: the finding goes there.
    if (outcome.at?.file === unit.rootFile) span = lineSpan(text, outcome.at.line);
    const related: RelatedLocation[] = outcome.at && outcome.at.file !== unit.rootFile && this.sources.has(outcome.at.file) ? [{ file: outcome.at.file, span: lineSpan(this.sources.get(outcome.at.file)!.text, outcome.at.line), message: 'the place the error names' }] : [];
    return { code: outcome.code, severity: severityOf(outcome.code), file: unit.rootFile, span, message: outcome.message, path: null, object: null, ...(related.length > 0 ? { related } : {}) };
  }

  private failurePlace(outcome: Extract<RenderOutcome, { status: 'failed' }>): Finding {
    const at = outcome.at!;
    return { code: outcome.code, severity: severityOf(outcome.code), file: at.file, span: lineSpan(this.sources.get(at.file)?.text ?? '', at.line), message: outcome.message, path: null, object: null };
  }

  /** Related locations name their folder: editors show only a file's base name. */
  private withFolders(finding: Finding): Finding {
    if (!finding.related || finding.related.length === 0) return finding;
    return {
      ...finding,
      related: finding.related.map((related) => {
        const folder = dirnameOf(this.display(related.file));
        return folder === '' || folder === '.' || related.message.endsWith(`(${folder})`) || /, (kustomize|helm)\)$/.test(related.message) ? related : { ...related, message: `${related.message} (${folder})` };
      }),
    };
  }

  /** A finding that could not be carried back (a bug in the mapping) stays visible on the unit's root file. */
  private safely(state: UnitState, finding: Finding): { mapped: Finding; values: Finding[] } {
    try {
      return this.mapFinding(state, finding);
    } catch (error) {
      return { mapped: { ...finding, file: state.unit.rootFile, span: { start: 0, end: 0 }, message: `${finding.message} (k8s-route could not find the line that wrote it: ${error instanceof Error ? error.message : String(error)}; please report it)`, related: [] }, values: [] };
    }
  }

  /**
   * The finding on the line that wrote the value, and, when that line is a template action that
   * reads exactly one value a values file sets, the same finding on that values line too: where
   * the user types the value is where they should see what it does (with the template line linked).
   */
  private mapFinding(state: UnitState, finding: Finding): { mapped: Finding; values: Finding[] } {
    const target = this.mapSpan(state, finding.span);
    const mappedRelated = finding.related?.map((item) => (item.file === state.virtualPath ? { ...item, ...pick(this.mapSpan(state, item.span)) } : this.mapForeign(state, item))) ?? [];
    // A templated value: the values file line that chose it is worth a note too.
    const related = [...mappedRelated, ...(target.values ?? [])];
    const detail = target.renderedValue ?? target.note;
    const message = detail !== undefined ? `${finding.message} (${detail})` : finding.message;
    const mapped = { ...finding, file: target.file, span: target.span, message, ...(related.length > 0 ? { related } : {}) };
    const sites = target.renderedValue !== undefined ? (target.valueSites ?? []) : [];
    const values = sites.length === 1 && this.sources.has(sites[0].file)
      ? [{ ...finding, file: sites[0].file, span: sites[0].valueSpan, message: `${finding.message} (.Values.${sites[0].key} renders into ${this.display(target.file)})`, related: [{ file: target.file, span: target.span, message: `the template line that writes .Values.${sites[0].key}` }, ...mappedRelated] }]
      : [];
    return { mapped, values };
  }

  /**
   * A related location in another unit's rendered text (an object found elsewhere in the cluster):
   * the line that wrote it, and which unit it is in.
   */
  private mapForeign(own: UnitState | undefined, item: RelatedLocation): RelatedLocation {
    const state = this.stateOfRendered(item.file);
    if (!state || state === own) return item;
    return { ...item, ...pick(this.mapSpan(state, item.span)), message: `${item.message} (${this.unitPhrase(state.unit)})` };
  }

  /** The unit whose rendered text goes by this name. */
  private stateOfRendered(path: string): UnitState | undefined {
    if (!isRenderedPath(path)) return undefined;
    for (const state of this.states.values()) if (state.virtualPath === path && state.rendered) return state;
    return undefined;
  }

  /** How a unit is named beside an object found in it: `in k8s/, kustomize`, `chart charts/shop/ with values.yaml, helm`. */
  private unitPhrase(unit: RenderUnit): string {
    const root = `${this.display(unit.root) || '.'}/`;
    return unit.kind === 'kustomize' ? `in ${root}, kustomize` : `chart ${root} ${unit.label}, helm`;
  }

  /** Where a span of the rendered text was written. */
  private mapSpan(state: UnitState, span: Span): MappedPlace {
    return this.sourceMap.locate({ unit: state.unit, rendered: state.rendered!, objects: state.index.objects(state.virtualPath) }, span);
  }
}

/**
 * Flux's post-build substitution: `${name}` becomes the value, `${name:=default}` and
 * `${name:-default}` the value or the default, `$${name}` stays `${name}`; unknown names stay.
 */
export function substituteVariables<T extends string | undefined>(text: T, values: Readonly<Record<string, string>> | undefined): T {
  if (text === undefined || !values || !text.includes('${')) return text;
  return text.replace(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[=-]([^}]*))?\}/g, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    return values[name] ?? fallback ?? whole;
  }) as T;
}

/** The place of a mapping, without what only the finding itself carries. */
function pick(place: MappedPlace): { file: string; span: Span } {
  return { file: place.file, span: place.span };
}

/** Every key and value node of an object, with its span in the rendered text. */
function nodesOf(object: KubeObject): Array<{ span: Span }> {
  const nodes: Array<{ span: Span }> = [];
  const stack: unknown[] = [object.root];
  while (stack.length > 0 && nodes.length < 20_000) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key)) nodes.push({ span: object.view.span(pair.key) });
        if (pair.value) stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isScalar(node)) {
      nodes.push({ span: object.view.span(node) });
    }
  }
  return nodes;
}

function isService(object: IndexedObject): boolean {
  return object.object.recognized === 'Service';
}

function isTemplate(unit: RenderUnit, path: string): boolean {
  return /(^|\/)templates\//.test(unit.root === '' ? path : path.slice(unit.root.length)) && /\.ya?ml$/.test(path);
}

function sameUnit(left: RenderUnit, right: RenderUnit): boolean {
  if (left.members.size !== right.members.size || left.label !== right.label || left.chartName !== right.chartName) return false;
  if (left.namespace !== right.namespace || left.via !== right.via || JSON.stringify(left.substitute ?? null) !== JSON.stringify(right.substitute ?? null) || (left.valuesFiles ?? []).join('\n') !== (right.valuesFiles ?? []).join('\n')) return false;
  for (const [path, role] of left.members) if (right.members.get(path) !== role) return false;
  return left.kustomizations.every((kustomization, index) => kustomization === right.kustomizations[index]) && left.kustomizations.length === right.kustomizations.length;
}

function severityOf(code: RenderProblemCode): Finding['severity'] {
  return code === 'render/tool-missing' || code === 'render/untrusted' ? 'information' : 'warning';
}

function lineSpan(text: string, line: number): Span {
  const lines = new LineIndex(text);
  const index = Math.max(0, Math.min(line - 1, lines.lineCount - 1));
  const start = lines.lineStart(index);
  const content = text.slice(start, lines.lineEnd(index));
  const indent = content.length - content.trimStart().length;
  return { start: start + indent, end: lines.lineEnd(index) };
}
