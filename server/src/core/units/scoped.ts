/**
 * A workspace made of scopes that never see each other: the folders of a multi-root workspace,
 * and within one the clusters its project configuration names. Each scope is a RepositoryIndex
 * with its own settings and chart options, so a Service of one scope never selects Pods of
 * another and its findings follow its own cluster's facts. Files go to the scope `scopeOf` names;
 * everything a host asks is answered by the scope that holds the file or the unit.
 */
import type { RouteModel } from '../../protocol/route';
import { defaultSettings } from '../model';
import type { AnalysisSettings, Finding, SourceFile, Span } from '../model';
import type { WorkspaceIndex } from '../workspace';
import type { DefinitionElsewhere } from '../features/hover';
import type { IndexedObject } from '../routing';
import type { ChartOptions } from './detect';
import { RepositoryIndex } from './repository';
import type { RenderedPosition, RenderOutcome, RenderUnit, RepositoryUpdate, UnitService } from './repository';

export interface ScopeSpec {
  /** Unique among the scopes; '' is the scope of files no other scope takes. */
  readonly key: string;
  /** How findings and lists name the scope (a folder, a cluster); undefined for the only one. */
  readonly label: string | undefined;
  readonly settings: AnalysisSettings;
  readonly chart?: (root: string) => ChartOptions | undefined;
  /** The chart options as text, so a host can tell whether they changed. */
  readonly chartsKey?: string;
}

/** A Service with the unit and the scope it belongs to. */
export interface ScopedService extends UnitService {
  readonly scope: string;
  readonly scopeLabel: string | undefined;
}

interface Scope {
  readonly spec: ScopeSpec;
  readonly index: RepositoryIndex;
}

export class ScopedRepository {
  private scopes = new Map<string, Scope>();
  /** Every file with the scope that holds it. */
  private readonly home = new Map<string, string>();
  private readonly sources = new Map<string, SourceFile>();

  constructor(
    private scopeOf: (path: string) => string,
    specs: readonly ScopeSpec[],
    private readonly display: (path: string) => string = (path) => path,
  ) {
    for (const spec of this.withDefault(specs)) this.scopes.set(spec.key, this.create(spec));
  }

  /**
   * Replaces the scopes (a configuration changed, a folder was added). Scopes whose settings and
   * chart options are unchanged keep their index and renders; the others are rebuilt from the
   * files they hold. Every unit of a rebuilt scope is stale and must be rendered again.
   */
  configure(scopeOf: (path: string) => string, specs: readonly ScopeSpec[], same: (before: ScopeSpec, after: ScopeSpec) => boolean): RepositoryUpdate {
    this.scopeOf = scopeOf;
    const previous = this.scopes;
    const next = new Map<string, Scope>();
    const rebuilt = new Set<string>();
    for (const spec of this.withDefault(specs)) {
      const before = previous.get(spec.key);
      if (before && same(before.spec, spec)) next.set(spec.key, { spec, index: before.index });
      else {
        next.set(spec.key, this.create(spec));
        rebuilt.add(spec.key);
      }
    }
    this.scopes = next;
    const updates: RepositoryUpdate[] = [];
    const changed = new Set<string>();
    // Files of a scope that is gone or rebuilt had findings there: they change.
    for (const [key, scope] of previous) if (!next.has(key) || rebuilt.has(key)) for (const path of scope.index.paths()) changed.add(path);
    const leaving = new Map<string, string[]>();
    const joining = new Map<string, SourceFile[]>();
    for (const [path, key] of this.home) {
      const target = this.existing(next, path);
      if (target !== key && next.has(key) && !rebuilt.has(key)) leaving.set(key, [...(leaving.get(key) ?? []), path]);
      if (target !== key || rebuilt.has(target)) joining.set(target, [...(joining.get(target) ?? []), this.sources.get(path)!]);
      this.home.set(path, target);
    }
    for (const [key, paths] of leaving) updates.push(next.get(key)!.index.remove(...paths));
    for (const [key, sources] of joining) updates.push(next.get(key)!.index.update(...sources));
    // A rebuilt scope's units have no render yet.
    for (const key of rebuilt) updates.push({ changedFiles: [], staleUnits: next.get(key)!.index.units() });
    const merged = merge(updates);
    for (const file of merged.changedFiles) changed.add(file);
    return { changedFiles: [...changed], staleUnits: merged.staleUnits };
  }

  /** The scopes, the default one last. */
  specs(): ScopeSpec[] {
    return [...this.scopes.values()].map((scope) => scope.spec).sort((left, right) => (left.key === '' ? 1 : right.key === '' ? -1 : 0));
  }

  update(...sources: SourceFile[]): RepositoryUpdate {
    const byScope = new Map<string, SourceFile[]>();
    const removals = new Map<string, string[]>();
    for (const source of sources) {
      const wanted = this.existing(this.scopes, source.path);
      const current = this.home.get(source.path);
      if (current !== undefined && current !== wanted) removals.set(current, [...(removals.get(current) ?? []), source.path]);
      this.home.set(source.path, wanted);
      this.sources.set(source.path, source);
      byScope.set(wanted, [...(byScope.get(wanted) ?? []), source]);
    }
    const updates: RepositoryUpdate[] = [];
    for (const [key, paths] of removals) updates.push(this.scopes.get(key)?.index.remove(...paths) ?? empty);
    for (const [key, batch] of byScope) updates.push(this.scopes.get(key)!.index.update(...batch));
    return merge(updates);
  }

  remove(...paths: string[]): RepositoryUpdate {
    const byScope = new Map<string, string[]>();
    for (const path of paths) {
      const key = this.home.get(path);
      if (key === undefined) continue;
      this.home.delete(path);
      this.sources.delete(path);
      byScope.set(key, [...(byScope.get(key) ?? []), path]);
    }
    return merge([...byScope].map(([key, batch]) => this.scopes.get(key)?.index.remove(...batch) ?? empty));
  }

  setRender(unitId: string, outcome: RenderOutcome): RepositoryUpdate {
    return this.ofUnit(unitId)?.index.setRender(unitId, outcome) ?? empty;
  }

  /** The scope a file belongs to (or would, when it is not indexed yet). */
  scopeKeyOf(path: string): string {
    return this.home.get(path) ?? this.existing(this.scopes, path);
  }

  scopeLabel(key: string): string | undefined {
    return this.scopes.get(key)?.spec.label;
  }

  /** The RepositoryIndex of a scope. */
  repository(key: string): RepositoryIndex | undefined {
    return this.scopes.get(key)?.index;
  }

  /** Other definitions of an object written in `path` (a manifest, or a unit's source), within its scope. */
  definitionsElsewhere(path: string, object: IndexedObject): DefinitionElsewhere[] {
    return this.repository(this.scopeKeyOf(path))?.definitionsElsewhere(object) ?? [];
  }

  /** The plain index holding a file, when the file is a plain manifest. */
  plainIndexOf(path: string): WorkspaceIndex | undefined {
    const index = this.of(path)?.index.plainIndex;
    return index?.has(path) ? index : undefined;
  }

  /** Every scope's plain index, with its label. */
  plainIndexes(): Array<{ key: string; label: string | undefined; index: WorkspaceIndex }> {
    return this.specs().map((spec) => ({ key: spec.key, label: spec.label, index: this.scopes.get(spec.key)!.index.plainIndex }));
  }

  units(): RenderUnit[] {
    return [...this.scopes.values()].flatMap((scope) => scope.index.units());
  }

  unit(id: string): RenderUnit | undefined {
    return this.ofUnit(id)?.index.unit(id);
  }

  unitsOf(path: string): readonly RenderUnit[] {
    return this.of(path)?.index.unitsOf(path) ?? [];
  }

  unitsAffectedBy(path: string): RenderUnit[] {
    return [...this.scopes.values()].flatMap((scope) => scope.index.unitsAffectedBy(path));
  }

  outcome(unitId: string): RenderOutcome | undefined {
    return this.ofUnit(unitId)?.index.outcome(unitId);
  }

  has(path: string): boolean {
    return this.home.has(path);
  }

  paths(): string[] {
    return [...this.home.keys()];
  }

  source(path: string): SourceFile | undefined {
    const own = this.sources.get(path);
    if (own) return own;
    // A unit's rendered text, by its virtual name.
    for (const scope of this.scopes.values()) {
      const found = scope.index.source(path);
      if (found) return found;
    }
    return undefined;
  }

  objectCount(): number {
    return [...this.scopes.values()].reduce((total, scope) => total + scope.index.objectCount(), 0);
  }

  serviceCount(): number {
    return [...this.scopes.values()].reduce((total, scope) => total + scope.index.serviceCount(), 0);
  }

  services(): ScopedService[] {
    return this.specs().flatMap((spec) => this.scopes.get(spec.key)!.index.services().map((service) => ({ ...service, scope: spec.key, scopeLabel: spec.label })));
  }

  serviceAt(path: string, offset: number): ScopedService | undefined {
    const key = this.scopeKeyOf(path);
    const found = this.scopes.get(key)?.index.serviceAt(path, offset);
    return found && { ...found, scope: key, scopeLabel: this.scopeLabel(key) };
  }

  /** A file's findings, from its scope. */
  findings(path: string): Finding[] {
    return this.of(path)?.index.findings(path) ?? [];
  }

  /** A route carried back to the files that wrote it (a plain Service's route may reach other units' objects). */
  mapRoute(unitId: string | undefined, model: RouteModel): RouteModel {
    const scope = unitId === undefined ? this.of(model.service.file) : this.ofUnit(unitId);
    return scope?.index.mapRoute(unitId, model) ?? model;
  }

  sourceOf(unitId: string, span: Span): { file: string; span: Span } | undefined {
    return this.ofUnit(unitId)?.index.sourceOf(unitId, span);
  }

  unitIndex(unitId: string): WorkspaceIndex | undefined {
    return this.ofUnit(unitId)?.index.unitIndex(unitId);
  }

  renderedPath(unitId: string): string | undefined {
    return this.ofUnit(unitId)?.index.renderedPath(unitId);
  }

  renderedAt(path: string, offset: number): RenderedPosition[] {
    return this.of(path)?.index.renderedAt(path, offset) ?? [];
  }

  renderedFindings(path: string): ReturnType<RepositoryIndex['renderedFindings']> {
    return this.of(path)?.index.renderedFindings(path) ?? [];
  }

  mapEdit(unitId: string, span: Span): { file: string; span: Span } | undefined {
    return this.ofUnit(unitId)?.index.mapEdit(unitId, span);
  }

  /** Hover links into rendered texts, turned into the lines that wrote them; `path` names the scope of a plain file's hover. */
  mapLinks(unitId: string | undefined, markdown: string, path?: string): string {
    const scope = unitId === undefined ? (path === undefined ? undefined : this.of(path)) : this.ofUnit(unitId);
    return scope?.index.mapLinks(unitId, markdown) ?? markdown;
  }

  /** The scope `scopeOf` names for a path when it is one of `scopes`, else the default scope. */
  private existing(scopes: ReadonlyMap<string, Scope>, path: string): string {
    const key = this.scopeOf(path);
    return scopes.has(key) ? key : '';
  }

  private of(path: string): Scope | undefined {
    const key = this.home.get(path);
    return key === undefined ? undefined : this.scopes.get(key);
  }

  private ofUnit(unitId: string): Scope | undefined {
    for (const scope of this.scopes.values()) if (scope.index.unit(unitId)) return scope;
    return undefined;
  }

  private create(spec: ScopeSpec): Scope {
    return { spec, index: new RepositoryIndex(spec.settings, { display: this.display, chart: spec.chart }) };
  }

  /** The default scope ('') always exists: with the first scope's settings when none is given. */
  private withDefault(specs: readonly ScopeSpec[]): ScopeSpec[] {
    if (specs.some((spec) => spec.key === '')) return [...specs];
    return [...specs, { key: '', label: undefined, settings: specs[0]?.settings ?? defaultSettings }];
  }
}

const empty: RepositoryUpdate = { changedFiles: [], staleUnits: [] };

function merge(updates: readonly RepositoryUpdate[]): RepositoryUpdate {
  const changed = new Set<string>();
  const stale = new Map<string, RenderUnit>();
  for (const update of updates) {
    for (const file of update.changedFiles) changed.add(file);
    for (const unit of update.staleUnits) stale.set(unit.id, unit);
  }
  return { changedFiles: [...changed], staleUnits: [...stale.values()] };
}
