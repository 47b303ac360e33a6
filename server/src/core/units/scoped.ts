/**
 * A workspace made of scopes that never see each other: the folders of a multi-root workspace,
 * and within one the clusters its project configuration names. Each scope is a RepositoryIndex
 * with its own settings and chart options, so a Service of one scope never selects Pods of
 * another and its findings follow its own cluster's facts. Files go to the scope `scopeOf` names;
 * everything a host asks is answered by the scope that holds the file or the unit.
 *
 * A scope the host marks `gitops` is split further by the GitOps definitions its files hold
 * (units/gitops.ts): each cluster they describe is a scope of its own, holding what its Flux
 * Kustomizations and Argo CD Applications deploy, under their options. A folder several clusters
 * deploy (a shared base) is in each of them; its findings are merged, saying where they apply.
 */
import type { RouteModel } from '../../protocol/route';
import { defaultSettings } from '../model';
import type { AnalysisSettings, Finding, SourceFile, Span } from '../model';
import type { WorkspaceIndex } from '../workspace';
import type { DefinitionElsewhere } from '../features/hover';
import type { IndexedObject } from '../routing';
import type { ChartOptions, KustomizeOptions } from './detect';
import { mayHoldGitOps, readGitOps } from './gitops';
import type { GitOpsCluster, GitOpsModel } from './gitops';
import { isKustomizationPath } from './kustomization';
import { basenameOf, isWithin } from '../paths';
import { compareFindings } from '../model';
import { ruleInfo } from '../rules/catalog';
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
  /** Split the scope by the GitOps definitions it holds (when the configuration names no clusters). */
  readonly gitops?: boolean;
  /** false: its plain files and units do not see each other (the benchmark's comparison). Default true. */
  readonly seeEachOther?: boolean;
  /** GitOps scopes: kustomizations' options, and the unit id prefix that keeps their units apart. */
  readonly kustomize?: (root: string) => KustomizeOptions | undefined;
  readonly unitIdPrefix?: string;
  /** GitOps scopes: the namespace of a plain file's objects that name none (the deployment's namespace). */
  readonly plainNamespace?: (path: string) => string | undefined;
  /** GitOps scopes: the scope they split, and the cluster they stand for. */
  readonly base?: string;
  readonly cluster?: GitOpsCluster;
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
  /** Every file with the scopes that hold it (several only for folders several GitOps clusters deploy). */
  private readonly homes = new Map<string, string[]>();
  private readonly sources = new Map<string, SourceFile>();
  /** The scopes the host gave. */
  private baseSpecs: ScopeSpec[] = [];
  private same: (before: ScopeSpec, after: ScopeSpec) => boolean = sameScopeSpec;
  /** What the GitOps definitions of each `gitops` scope say, and the files they were read from. */
  private gitops = new Map<string, { readonly model: GitOpsModel; readonly signature: string }>();
  /** Files that hold GitOps objects, so reading the definitions again reads only them. */
  private readonly holders = new Set<string>();

  constructor(
    private scopeOf: (path: string) => string,
    specs: readonly ScopeSpec[],
    private readonly display: (path: string) => string = (path) => path,
  ) {
    this.baseSpecs = this.withDefault(specs);
    for (const spec of this.baseSpecs) this.scopes.set(spec.key, this.create(spec));
  }

  /**
   * Replaces the scopes (a configuration changed, a folder was added). Scopes whose settings and
   * chart options are unchanged keep their index and renders; the others are rebuilt from the
   * files they hold. Every unit of a rebuilt scope is stale and must be rendered again.
   */
  configure(scopeOf: (path: string) => string, specs: readonly ScopeSpec[], same: (before: ScopeSpec, after: ScopeSpec) => boolean): RepositoryUpdate {
    this.scopeOf = scopeOf;
    this.baseSpecs = this.withDefault(specs);
    this.same = same;
    this.gitops = new Map([...this.gitops].filter(([key]) => this.baseSpecs.some((spec) => spec.key === key && spec.gitops)));
    for (const spec of this.baseSpecs) if (spec.gitops) this.readGitOps(spec.key);
    return this.rescope();
  }

  /**
   * Makes the scopes what the host's specs and the GitOps definitions say: scopes whose spec is
   * unchanged keep their index and renders, the others are rebuilt from the files they hold, and
   * every file moves to the scopes that hold it now. Every unit of a rebuilt scope is stale.
   */
  private rescope(): RepositoryUpdate {
    const previous = this.scopes;
    const next = new Map<string, Scope>();
    const rebuilt = new Set<string>();
    const reconfigured: Array<{ key: string; plainFiles: string[] }> = [];
    for (const spec of this.allSpecs()) {
      const before = previous.get(spec.key);
      if (before && this.same(before.spec, spec)) {
        // A GitOps cluster whose deployments changed keeps its index; its units are detected again.
        if (JSON.stringify(before.spec.cluster ?? null) !== JSON.stringify(spec.cluster ?? null)) {
          // The plain files whose namespace the deployments now set differently.
          const plainFiles = before.index.paths().filter((path) => before.spec.plainNamespace?.(path) !== spec.plainNamespace?.(path));
          reconfigured.push({ key: spec.key, plainFiles });
        }
        next.set(spec.key, { spec, index: before.index });
      } else {
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
    for (const [path, keys] of this.homes) {
      const targets = this.homesFor(path);
      for (const key of keys) if (!targets.includes(key) && next.has(key) && !rebuilt.has(key)) listOf(leaving, key).push(path);
      for (const target of targets) if (!keys.includes(target) || rebuilt.has(target)) listOf(joining, target).push(this.sources.get(path)!);
      this.homes.set(path, targets);
      if (targets.join('\n') !== keys.join('\n')) changed.add(path);
    }
    for (const [key, paths] of leaving) updates.push(next.get(key)!.index.remove(...paths));
    for (const [key, sources] of joining) updates.push(next.get(key)!.index.update(...sources));
    for (const { key, plainFiles } of reconfigured) updates.push(next.get(key)!.index.redetectUnits(plainFiles));
    // A rebuilt scope's units have no render yet.
    for (const key of rebuilt) updates.push({ changedFiles: [], staleUnits: next.get(key)!.index.units() });
    const merged = merge(updates);
    for (const file of merged.changedFiles) changed.add(file);
    return { changedFiles: [...changed], staleUnits: merged.staleUnits };
  }

  /** The host's scopes and the GitOps clusters they split into. */
  private allSpecs(): ScopeSpec[] {
    const specs = [...this.baseSpecs];
    for (const base of this.baseSpecs) {
      const model = this.gitops.get(base.key)?.model;
      for (const cluster of model?.clusters ?? []) specs.push(gitopsSpec(base, cluster, this.display));
    }
    return specs;
  }

  /** The scopes a file belongs in: its host scope, or the GitOps clusters of it that deploy the file. */
  private homesFor(path: string): string[] {
    const base = this.existingBase(path);
    const model = this.gitops.get(base)?.model;
    if (!model || model.clusters.length === 0) return [base];
    const keys = model.clusters.filter((cluster) => cluster.folders.some((folder) => isWithin(path, folder))).map((cluster) => gitopsKey(base, cluster));
    return keys.length > 0 ? keys : [base];
  }

  /** Reads a `gitops` scope's definitions again; true when what they say changed. */
  private readGitOps(base: string): boolean {
    const paths = [...this.sources.keys()].filter((path) => this.existingBase(path) === base);
    const model = readGitOps({ paths, text: (path) => this.sources.get(path)?.text, holders: this.holders });
    const signature = JSON.stringify(model);
    const before = this.gitops.get(base)?.signature;
    this.gitops.set(base, { model, signature });
    return before !== signature;
  }

  /** The scopes, the default one last. */
  specs(): ScopeSpec[] {
    return [...this.scopes.values()].map((scope) => scope.spec).sort((left, right) => (left.key === '' ? 1 : right.key === '' ? -1 : 0));
  }

  update(...sources: SourceFile[]): RepositoryUpdate {
    const touchesGitOps = new Set<string>();
    for (const source of sources) {
      const before = this.sources.get(source.path);
      this.sources.set(source.path, source);
      if (mayHoldGitOps(source.text)) this.holders.add(source.path);
      else this.holders.delete(source.path);
      // A new file may make a folder a GitOps object names exist; an edit matters only to what the definitions read.
      if (gitopsRelevant(source.path, source.text) || (before && gitopsRelevant(before.path, before.text)) || (!before && this.holders.size > 0)) touchesGitOps.add(this.existingBase(source.path));
    }
    if ([...touchesGitOps].some((base) => this.isGitOpsBase(base) && this.readGitOps(base))) {
      const previous = new Map(sources.map((source) => [source.path, this.homes.get(source.path) ?? []]));
      for (const source of sources) if (!this.homes.has(source.path)) this.homes.set(source.path, []);
      // Files that join a scope are read there by the rescope; those that stay in one changed text.
      const updates = [this.rescope()];
      const byScope = new Map<string, SourceFile[]>();
      for (const source of sources) for (const key of this.homes.get(source.path) ?? []) if (previous.get(source.path)!.includes(key)) listOf(byScope, key).push(source);
      for (const [key, batch] of byScope) updates.push(this.scopes.get(key)!.index.update(...batch));
      return merge(updates);
    }
    const byScope = new Map<string, SourceFile[]>();
    const removals = new Map<string, string[]>();
    for (const source of sources) {
      const wanted = this.homesFor(source.path);
      const current = this.homes.get(source.path) ?? [];
      for (const key of current) if (!wanted.includes(key)) listOf(removals, key).push(source.path);
      this.homes.set(source.path, wanted);
      for (const key of wanted) listOf(byScope, key).push(source);
    }
    const updates: RepositoryUpdate[] = [];
    for (const [key, paths] of removals) updates.push(this.scopes.get(key)?.index.remove(...paths) ?? empty);
    for (const [key, batch] of byScope) updates.push(this.scopes.get(key)!.index.update(...batch));
    return merge(updates);
  }

  remove(...paths: string[]): RepositoryUpdate {
    const byScope = new Map<string, string[]>();
    const touchesGitOps = new Set<string>();
    for (const path of paths) {
      const keys = this.homes.get(path);
      if (keys === undefined) continue;
      const source = this.sources.get(path);
      if (source && gitopsRelevant(path, source.text)) touchesGitOps.add(this.existingBase(path));
      this.homes.delete(path);
      this.sources.delete(path);
      this.holders.delete(path);
      for (const key of keys) listOf(byScope, key).push(path);
    }
    const updates = [...byScope].map(([key, batch]) => this.scopes.get(key)?.index.remove(...batch) ?? empty);
    if ([...touchesGitOps].some((base) => this.isGitOpsBase(base) && this.readGitOps(base))) updates.push(this.rescope());
    return merge(updates);
  }

  setRender(unitId: string, outcome: RenderOutcome): RepositoryUpdate {
    return this.ofUnit(unitId)?.index.setRender(unitId, outcome) ?? empty;
  }

  /** The scope a file belongs to (or would, when it is not indexed yet); the first of several. */
  scopeKeyOf(path: string): string {
    return this.homes.get(path)?.[0] ?? this.homesFor(path)[0];
  }

  /** Every scope a file belongs to. */
  scopeKeysOf(path: string): readonly string[] {
    return this.homes.get(path) ?? this.homesFor(path);
  }

  /** Findings about the GitOps definitions themselves: sources outside the repository, not checked. */
  private gitopsFindings(path: string): Finding[] {
    const model = this.gitops.get(this.existingBase(path))?.model;
    return (model?.notChecked ?? [])
      .filter((item) => item.file === path)
      .map((item) => ({ code: 'gitops/source-not-checked', severity: ruleInfo('gitops/source-not-checked').severity, file: path, span: item.span, message: item.message, path: null, object: null, unit: { kind: 'plain' as const, root: null, variant: null } }));
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

  /** The plain index holding a file, when the file is a plain manifest (of its first scope). */
  plainIndexOf(path: string): WorkspaceIndex | undefined {
    for (const key of this.homes.get(path) ?? []) {
      const index = this.scopes.get(key)?.index.plainIndex;
      if (index?.has(path)) return index;
    }
    return undefined;
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
    return this.scopesOf(path).flatMap((scope) => scope.index.unitsOf(path));
  }

  unitsAffectedBy(path: string): RenderUnit[] {
    return [...this.scopes.values()].flatMap((scope) => scope.index.unitsAffectedBy(path));
  }

  outcome(unitId: string): RenderOutcome | undefined {
    return this.ofUnit(unitId)?.index.outcome(unitId);
  }

  has(path: string): boolean {
    return this.homes.has(path);
  }

  paths(): string[] {
    return [...this.homes.keys()];
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

  /** A plain file's parse and single-object findings, before the rest of the cluster is known (a scan under way). */
  ownFindings(path: string): Finding[] {
    return this.plainIndexOf(path)?.ownFindings(path) ?? [];
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

  /** The Services the kustomize patches of a file apply to, with the patch document each comes from. */
  patchedServices(path: string): Array<{ document: Span; anchor: Span; found: ScopedService }> {
    const key = this.scopeKeyOf(path);
    return (this.scopes.get(key)?.index.patchedServices(path) ?? []).map((entry) => ({ ...entry, found: { ...entry.found, scope: key, scopeLabel: this.scopeLabel(key) } }));
  }

  serviceAt(path: string, offset: number): ScopedService | undefined {
    const key = this.scopeKeyOf(path);
    const found = this.scopes.get(key)?.index.serviceAt(path, offset);
    return found && { ...found, scope: key, scopeLabel: this.scopeLabel(key) };
  }

  /**
   * A file's findings, from its scopes: one finding all of them give is shown once; one only some
   * give says where (`via Kustomization flux-system/apps, clusters/staging`).
   */
  findings(path: string): Finding[] {
    const scopes = this.scopesOf(path);
    if (!scopes.some((scope) => scope.spec.cluster)) return [...(scopes[0]?.index.findings(path) ?? []), ...this.gitopsFindings(path)].sort(compareFindings);
    // A file GitOps clusters deploy: each finding says which object deploys it where.
    const groups = new Map<string, { finding: Finding; scopes: Scope[] }>();
    for (const scope of scopes) {
      for (const finding of scope.index.findings(path)) {
        const key = `${finding.code}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
        const group = groups.get(key);
        if (group) group.scopes.push(scope);
        else groups.set(key, { finding, scopes: [scope] });
      }
    }
    const result: Finding[] = [...this.gitopsFindings(path)];
    for (const { finding, scopes: where } of groups.values()) result.push({ ...finding, message: `${finding.message} (${where.map((scope) => viaText(scope.spec, path)).join('; ')})` });
    return result.sort(compareFindings);
  }

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
    return this.scopesOf(path).flatMap((scope) => scope.index.renderedAt(path, offset));
  }

  renderedFindings(path: string): ReturnType<RepositoryIndex['renderedFindings']> {
    return this.scopesOf(path).flatMap((scope) => scope.index.renderedFindings(path));
  }

  mapEdit(unitId: string, span: Span): { file: string; span: Span } | undefined {
    return this.ofUnit(unitId)?.index.mapEdit(unitId, span);
  }

  /** Hover links into rendered texts, turned into the lines that wrote them; `path` names the scope of a plain file's hover. */
  mapLinks(unitId: string | undefined, markdown: string, path?: string): string {
    const scope = unitId === undefined ? (path === undefined ? undefined : this.of(path)) : this.ofUnit(unitId);
    return scope?.index.mapLinks(markdown) ?? markdown;
  }

  /** The host's scope `scopeOf` names for a path when it is one of them, else the default scope. */
  private existingBase(path: string): string {
    const key = this.scopeOf(path);
    return this.baseSpecs.some((spec) => spec.key === key) ? key : '';
  }

  private isGitOpsBase(key: string): boolean {
    return this.baseSpecs.some((spec) => spec.key === key && spec.gitops === true);
  }

  private of(path: string): Scope | undefined {
    return this.scopesOf(path)[0];
  }

  private scopesOf(path: string): Scope[] {
    return (this.homes.get(path) ?? []).map((key) => this.scopes.get(key)).filter((scope): scope is Scope => scope !== undefined);
  }

  private ofUnit(unitId: string): Scope | undefined {
    for (const scope of this.scopes.values()) if (scope.index.unit(unitId)) return scope;
    return undefined;
  }

  private create(spec: ScopeSpec): Scope {
    // Options are asked of the scope's current spec, so a GitOps cluster's index outlives changes to its deployments.
    const current = (): ScopeSpec => this.scopes.get(spec.key)?.spec ?? spec;
    const chart = spec.chart ? (root: string) => current().chart?.(root) : undefined;
    const kustomize = spec.kustomize ? (root: string) => current().kustomize?.(root) : undefined;
    const plainNamespace = spec.plainNamespace ? (path: string) => current().plainNamespace?.(path) : undefined;
    return { spec, index: new RepositoryIndex(spec.settings, { display: this.display, chart, kustomize, plainNamespace, unitIdPrefix: spec.unitIdPrefix, seeEachOther: spec.seeEachOther }) };
  }

  /** The default scope ('') always exists: with the first scope's settings when none is given. */
  private withDefault(specs: readonly ScopeSpec[]): ScopeSpec[] {
    if (specs.some((spec) => spec.key === '')) return [...specs];
    return [...specs, { key: '', label: undefined, settings: specs[0]?.settings ?? defaultSettings }];
  }
}

const empty: RepositoryUpdate = { changedFiles: [], staleUnits: [] };

/** Whether two scope specs analyse alike: the same settings, label, chart options and GitOps splitting. */
export function sameScopeSpec(before: ScopeSpec, after: ScopeSpec): boolean {
  const key = (spec: ScopeSpec): string => JSON.stringify({ ...spec.settings, disabledRules: [...spec.settings.disabledRules].sort(), label: spec.label, charts: spec.chartsKey ?? null, gitops: spec.gitops ?? false });
  return key(before) === key(after);
}

/** A change to this file may change what the GitOps definitions say (they, or the kustomizations and charts they reach). */
function gitopsRelevant(path: string, text: string): boolean {
  return mayHoldGitOps(text) || isKustomizationPath(path) || basenameOf(path) === 'Chart.yaml';
}

function gitopsKey(base: string, cluster: GitOpsCluster): string {
  return `${base}#gitops:${cluster.name}`;
}

/** The scope of one GitOps cluster: the base's settings, the deployments' options for its charts and kustomizations. */
function gitopsSpec(base: ScopeSpec, cluster: GitOpsCluster, display: (path: string) => string): ScopeSpec {
  const name = display(cluster.name) || cluster.name;
  const deployedAt = (root: string) => cluster.deployments.find((deployment) => deployment.path === root);
  const via = (deployment: GitOpsCluster['deployments'][number]): string => `${deployment.by.kind} ${deployment.by.namespace}/${deployment.by.name}`;
  return {
    ...(base.seeEachOther === false ? { seeEachOther: false } : {}),
    key: gitopsKey(base.key, cluster),
    label: base.label ? `${base.label}: ${name}` : name,
    settings: base.settings,
    chartsKey: base.chartsKey,
    base: base.key,
    cluster,
    unitIdPrefix: `${gitopsKey(base.key, cluster)}|`,
    chart: (root) => {
      const own = base.chart?.(root);
      const deployment = deployedAt(root);
      if (!deployment) return own;
      return { ...own, deployed: { valuesFiles: deployment.helm?.valueFiles ?? [], ...(deployment.namespace ? { namespace: deployment.namespace } : {}), ...(deployment.helm?.releaseName ? { releaseName: deployment.helm.releaseName } : {}), via: via(deployment) } };
    },
    // Plain files of a deployed folder: the deepest deployment that holds them decides.
    plainNamespace: (path) => [...cluster.deployments].filter((deployment) => isWithin(path, deployment.path)).sort((left, right) => right.path.length - left.path.length)[0]?.namespace,
    kustomize: (root) => {
      const deployment = deployedAt(root);
      return deployment && { ...(deployment.namespace ? { namespace: deployment.namespace } : {}), ...(deployment.substitute ? { substitute: deployment.substitute } : {}), via: via(deployment) };
    },
  };
}

/** Where a finding of one GitOps cluster applies: the object that deploys the file there, and the cluster. */
function viaText(spec: ScopeSpec, path: string): string {
  const cluster = spec.cluster;
  if (!cluster) return spec.label ?? 'outside the GitOps clusters';
  const deployment = cluster.deployments.find((candidate) => isWithin(path, candidate.path)) ?? cluster.deployments[0];
  return deployment ? `via ${deployment.by.kind} ${deployment.by.namespace}/${deployment.by.name}, ${spec.label ?? cluster.name}` : (spec.label ?? cluster.name);
}

function merge(updates: readonly RepositoryUpdate[]): RepositoryUpdate {
  const changed = new Set<string>();
  const stale = new Map<string, RenderUnit>();
  for (const update of updates) {
    for (const file of update.changedFiles) changed.add(file);
    for (const unit of update.staleUnits) stale.set(unit.id, unit);
  }
  return { changedFiles: [...changed], staleUnits: [...stale.values()] };
}

/** The list under a key, made empty the first time: pushing to it is then linear, where copying it for each item was not. */
function listOf<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
