/**
 * The workspace index: every parsed file of one render unit, its objects with their effective
 * namespaces, and the cross-object findings. Updating or removing one file re-derives only what depends on it and
 * reports which files' findings changed, so a host republishes exactly those.
 * It holds no I/O: hosts feed it text.
 */
import type { AnalysisSettings, Finding, SourceFile } from './model';
import { compareFindings } from './model';
import { objectIdIn, parseFile } from './parse';
import type { ChunkCache, KubeObject } from './parse';
import { analysisKey, RecordedIndexedObject, recordAnalysis, restoreObjects } from './record';
import type { FileAnalysis } from './record';
import { selectorMatches } from './routing';
import { keysOf } from './indexKeys';
import type { IndexedObject } from './routing';
import type { StringPairs } from './decode';
import { checkClusterWideClashes, checkDuplicateObjects, checkIngressBackends, checkServiceRouting, checkStatefulSetService, emitterFor } from './rules/crossObject';
import type { ClusterQuery, WorkspaceQuery } from './rules/crossObject';
import { isCustomResource, objectIdentity } from './rules/crossObject';
import { adminPolicyKinds } from './policy/admin';
import { analyzeObjects } from './singleObject';
import { Connectivity } from './policy/connectivity';
import { checkPolicies } from './policy/rules';
import { analyzeGateways } from './gateway/attach';
import type { GatewayAnalysis } from './gateway/attach';

interface FileEntry {
  readonly source: SourceFile;
  /** The parsed documents of a file being edited, lent to its next parse; lean files keep none. */
  readonly chunks: ChunkCache | undefined;
  readonly objects: readonly IndexedObject[];
  /** Parse findings (yaml/*, template/*), with disabled rules already removed; objects carry their own. */
  readonly ownFindings: readonly Finding[];
}

/** What an update changed. */
export interface UpdateResult {
  /** Files whose findings may differ from before (always includes the updated file). */
  readonly changedFiles: readonly string[];
  /** `Kind/namespace/name` of the objects that appeared, vanished, or whose cross-object findings changed. */
  readonly changedObjects: readonly string[];
  /** How many objects had their cross-object findings recomputed: the measure of incrementality. */
  readonly recomputed: number;
}

/**
 * What an index derived from its files besides their own findings: every object's cross-object
 * findings (with whether computing them asked the rest of the cluster), and the NetworkPolicy and
 * Gateway API findings by file. A host stores it after indexing a workspace from nothing and hands
 * it to an index that is given the very same inputs (the same files, texts, settings and order),
 * which then takes these findings instead of computing them: objects' models are not read.
 */
export interface IndexSeed {
  /** By file: the objects (by position in the file) with cross-object findings or that asked the rest of the cluster. */
  readonly objects: Readonly<Record<string, ReadonlyArray<readonly [position: number, id: string, findings: readonly Finding[], askedElsewhere: boolean]>>>;
  /** Every file of the index, with its number of objects. */
  readonly files: Readonly<Record<string, number>>;
  readonly policy: Readonly<Record<string, readonly Finding[]>>;
  readonly gateway: Readonly<Record<string, readonly Finding[]>>;
}

/**
 * Values under keys. Most keys of the index hold one object (an id, a Service name, a cluster
 * IP), so a key holds its value itself until a second one comes, and only then a Set: an index of
 * 50,000 objects makes no Set for each.
 */
class MultiMap<K, V extends object> {
  private readonly map = new Map<K, V | Set<V>>();
  add(key: K, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (held instanceof Set) held.add(value);
    else if (held !== value) this.map.set(key, new Set([held, value]));
  }
  delete(key: K, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) return;
    if (held instanceof Set) {
      held.delete(value);
      if (held.size === 0) this.map.delete(key);
    } else if (held === value) this.map.delete(key);
  }
  get(key: K): Iterable<V> {
    const held = this.map.get(key);
    if (held === undefined) return emptySet;
    return held instanceof Set ? held : [held];
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  /** How many values are held under all keys. */
  size(): number {
    let total = 0;
    for (const held of this.map.values()) total += held instanceof Set ? held.size : 1;
    return total;
  }
}

const emptySet: ReadonlySet<never> = new Set();

/** `namespace name`: the key of the StatefulSets and Ingresses that name a Service. */
function named(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

const templateKinds = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

export class WorkspaceIndex implements WorkspaceQuery {
  private readonly files = new Map<string, FileEntry>();
  private readonly cross = new Map<IndexedObject, Finding[]>();
  private readonly services = new MultiMap<string, IndexedObject>();
  private readonly templates = new MultiMap<string, IndexedObject>();
  /** Services by `namespace name`. */
  private readonly servicesByName = new MultiMap<string, IndexedObject>();
  /** StatefulSets by the `namespace name` of their serviceName, and Ingresses by that of each backend Service. */
  private readonly statefulSets = new MultiMap<string, IndexedObject>();
  private readonly ingresses = new MultiMap<string, IndexedObject>();
  private readonly endpointObjects = new MultiMap<string, IndexedObject>();
  /** Custom resources by namespace: operators turn some into Pods that Services select. */
  private readonly customResources = new MultiMap<string, IndexedObject>();
  private readonly nodePorts = new MultiMap<number, IndexedObject>();
  private readonly clusterIps = new MultiMap<string, IndexedObject>();
  private readonly ids = new MultiMap<string, IndexedObject>();
  /** Pod templates by `namespace key=value` of each template label, to find selector matches fast. */
  private readonly templatesByLabel = new MultiMap<string, IndexedObject>();
  /** Services by `namespace key=value` of each selector pair, to find the Services a template may serve. */
  private readonly servicesBySelector = new MultiMap<string, IndexedObject>();
  /** Services with a selector that matched no template, per namespace: any new template may change them. */
  private readonly unmatched = new MultiMap<string, IndexedObject>();
  private readonly networkPolicies = new MultiMap<string, IndexedObject>();
  /** AdminNetworkPolicies and BaselineAdminNetworkPolicies: cluster-wide, under one key. */
  private readonly adminPolicies = new MultiMap<string, IndexedObject>();
  /** Namespace objects, under one key: their labels are what namespace selectors see. */
  private readonly namespaceObjects = new MultiMap<string, IndexedObject>();
  /** Gateway API objects by namespace: while there are any, their findings are recomputed as a whole. */
  private readonly gatewayObjects = new MultiMap<string, IndexedObject>();
  private gatewayFindings = new Map<string, Finding[]>();
  private currentGateways: GatewayAnalysis | undefined;
  /**
   * NetworkPolicy findings by file. Policies relate objects across namespaces (namespaceSelector),
   * so while the index holds any policy they are recomputed as a whole after each change.
   */
  private policyFindings = new Map<string, Finding[]>();
  /** The connectivity of the last policy pass, while the index holds policies. */
  private currentConnectivity: Connectivity | undefined;
  /** A policy or gateway pass took its findings from the seed: its analysis is made when first asked for. */
  private connectivityDue = false;
  private gatewaysDue = false;
  /** The findings handed in for the same inputs (`useSeed`), while the host builds the index. */
  private seed: IndexSeed | undefined;
  /** How many objects took their cross-object findings from the last seed. */
  seeded = 0;

  /** The rest of the cluster (other files and units of the repository), set by the repository. */
  elsewhere: ClusterQuery | undefined;
  /** Objects whose cross-object findings asked `elsewhere`: a change there recomputes them. */
  private readonly elsewhereUsers = new Set<IndexedObject>();

  /**
   * @param namespaceOfFile the namespace of a file's objects that name none, when it is not the
   *   settings' default (a folder a GitOps object deploys into its namespace).
   */
  constructor(
    private currentSettings: AnalysisSettings,
    private readonly namespaceOfFile?: (path: string) => string | undefined,
  ) {}

  /** The foreign objects the last policy pass used. */
  private lastForeignPolicyObjects: readonly IndexedObject[] = [];

  /** What the rest of the cluster adds to this index's policy pass: its objects in the namespaces this index uses. */
  private foreignPolicyObjects(): IndexedObject[] {
    if (!this.elsewhere || this.files.size === 0) return [];
    // Nothing to add while no policy exists here or there.
    if (!this.hasPolicies() && !this.elsewhere.hasPolicies()) return [];
    const namespaces = new Set<string>();
    for (const map of [this.templates, this.services, this.networkPolicies, this.customResources]) for (const namespace of map.keys()) namespaces.add(namespace);
    if (namespaces.size === 0) return [];
    // An object defined here too is this index's own; of foreign copies (one base in several overlays) one counts.
    const seen = new Set(this.objects().map(objectIdentity));
    return this.elsewhere.policyObjectsIn(namespaces).filter((object) => {
      const identity = objectIdentity(object);
      if (seen.has(identity)) return false;
      seen.add(identity);
      return true;
    });
  }

  /** Whether the rest of the cluster's policy objects differ from those the last policy pass used. */
  private isNewForeign(foreign: readonly IndexedObject[]): boolean {
    return foreign.length !== this.lastForeignPolicyObjects.length || foreign.some((object, position) => object !== this.lastForeignPolicyObjects[position]);
  }

  /**
   * This index's objects that take part in NetworkPolicy decisions in some namespaces: policies,
   * pod templates and Pods, custom resources (operator Pods), and every Namespace (for its labels).
   */
  policyObjectsIn(namespaces: ReadonlySet<string>): IndexedObject[] {
    const found: IndexedObject[] = [];
    for (const namespace of namespaces) {
      for (const map of [this.networkPolicies, this.templates, this.customResources]) found.push(...map.get(namespace));
    }
    found.push(...this.adminPolicies.get(''), ...this.namespaceObjects.get(''));
    return found;
  }

  /** Whether this index holds any NetworkPolicy or admin-tier policy. */
  hasPolicies(): boolean {
    return this.networkPolicies.size() > 0 || this.adminPolicies.size() > 0;
  }

  usedElsewhere(object: IndexedObject): void {
    if (this.isIndexed(object)) this.elsewhereUsers.add(object);
  }

  /** The rest of the cluster changed: recomputes the objects that asked it; returns the files whose findings changed. */
  elsewhereChanged(): UpdateResult {
    const changedFiles = new Set<string>();
    const changedObjects = new Set<string>();
    const recomputed = this.recompute(this.elsewhereUsers, changedFiles, changedObjects);
    // Policy findings, when the policy-relevant objects of the rest of the cluster in these namespaces changed.
    const foreign = this.foreignPolicyObjects();
    if (this.isNewForeign(foreign)) this.refreshPolicyFindings(changedFiles, foreign);
    return { changedFiles: [...changedFiles], changedObjects: [...changedObjects], recomputed };
  }

  get settings(): AnalysisSettings {
    return this.currentSettings;
  }

  /** Replaces the settings and re-analyses everything; returns every file. */
  setSettings(settings: AnalysisSettings): UpdateResult {
    this.currentSettings = settings;
    const sources = [...this.files.values()].map((entry) => entry.source);
    return this.reindex(sources);
  }

  /** Adds or replaces files. */
  update(...sources: SourceFile[]): UpdateResult {
    return this.apply(sources, []);
  }

  /** Forgets files. */
  remove(...paths: string[]): UpdateResult {
    return this.apply([], paths.filter((path) => this.files.has(path)));
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** A file's text: of this index, or of the rest of the cluster (an object found elsewhere). */
  source(path: string): SourceFile | undefined {
    return this.files.get(path)?.source ?? this.elsewhere?.source(path);
  }

  /** A file's findings that need no other object (parse and single-object findings), sorted by position. */
  ownFindings(path: string): Finding[] {
    const entry = this.files.get(path);
    if (!entry) return [];
    return [...entry.ownFindings, ...entry.objects.flatMap((object) => object.findings)].sort(compareFindings);
  }

  /** All findings of one file, sorted by position. */
  findings(path: string): Finding[] {
    const entry = this.files.get(path);
    if (!entry) return [];
    const all = [...entry.ownFindings];
    for (const object of entry.objects) {
      all.push(...object.findings);
      for (const finding of this.cross.get(object) ?? []) {
        if (!this.currentSettings.disabledRules.has(finding.code)) all.push(finding);
      }
    }
    all.push(...(this.policyFindings.get(path) ?? []));
    all.push(...(this.gatewayFindings.get(path) ?? []));
    return all.sort(compareFindings);
  }

  /** How the Gateway API objects of this index relate, or undefined when it holds none. */
  gateways(): GatewayAnalysis | undefined {
    if (this.gatewaysDue) {
      this.gatewaysDue = false;
      try {
        this.currentGateways = analyzeGateways(this.objects(), this.currentSettings.disabledRules);
      } catch {
        // The seed's findings stand; the failure was told when they were computed.
        this.currentGateways = undefined;
      }
    }
    return this.currentGateways;
  }

  /** What NetworkPolicies allow among this index's objects, or undefined when it holds none. */
  connectivity(): Connectivity | undefined {
    if (this.connectivityDue) {
      this.connectivityDue = false;
      try {
        this.currentConnectivity = new Connectivity([...this.objects(), ...this.lastForeignPolicyObjects]);
      } catch {
        this.currentConnectivity = undefined;
      }
    }
    return this.currentConnectivity;
  }

  /**
   * Takes the findings a host stored for these very inputs (`exportSeed` of an index built the same
   * way) until `dropSeed`: objects and passes it covers take them instead of computing them.
   */
  useSeed(seed: IndexSeed): void {
    this.seed = seed;
    this.seeded = 0;
  }

  /** Computes everything anew from here on. */
  dropSeed(): void {
    this.seed = undefined;
  }

  /** What this index derived besides its files' own findings, for `useSeed` of a later index with the same inputs. */
  exportSeed(): IndexSeed {
    const objects: Record<string, Array<readonly [number, string, readonly Finding[], boolean]>> = {};
    const files: Record<string, number> = {};
    for (const [path, entry] of this.files) {
      files[path] = entry.objects.length;
      entry.objects.forEach((object, position) => {
        const findings = this.cross.get(object) ?? [];
        const asked = this.elsewhereUsers.has(object);
        if (findings.length > 0 || asked) (objects[path] ??= []).push([position, object.id, findings, asked]);
      });
    }
    return { objects, files, policy: Object.fromEntries(this.policyFindings), gateway: Object.fromEntries(this.gatewayFindings) };
  }

  /**
   * An object's cross-object findings from the seed, with what computing them would have done to
   * the index's bookkeeping; undefined when the seed does not cover it.
   */
  private seededFindings(object: IndexedObject): Finding[] | undefined {
    const seed = this.seed;
    const entry = this.files.get(object.file);
    if (!seed || !entry || seed.files[object.file] !== entry.objects.length) return undefined;
    const position = entry.objects.indexOf(object);
    const found = seed.objects[object.file]?.find(([at]) => at === position);
    if (found && found[1] !== object.id) return undefined;
    const findings = found ? [...found[2]] : [];
    this.elsewhereUsers.delete(object);
    if (found?.[3]) this.elsewhereUsers.add(object);
    if (object.object.recognized === 'Service') {
      this.unmatched.delete(object.namespace, object);
      if (findings.some((finding) => finding.code === 'service/selector-matches-nothing' || finding.code === 'service/pods-from-operator')) this.unmatched.add(object.namespace, object);
    }
    this.seeded++;
    return findings;
  }

  /** Whether the seed covers every file of this index as it is now. */
  private seedCoversAll(): boolean {
    const seed = this.seed;
    if (!seed) return false;
    for (const [path, entry] of this.files) if (seed.files[path] !== entry.objects.length) return false;
    return true;
  }

  /** How many Services the workspace holds. */
  serviceCount(): number {
    return this.services.size();
  }

  /** How many Kubernetes objects the workspace holds, recognised kinds or not. */
  objectCount(): number {
    let count = 0;
    for (const entry of this.files.values()) count += entry.objects.length;
    return count;
  }

  /** The indexed objects of one file, or of the whole workspace. */
  objects(path?: string): IndexedObject[] {
    if (path !== undefined) return [...(this.files.get(path)?.objects ?? [])];
    return [...this.files.values()].flatMap((entry) => entry.objects);
  }

  // WorkspaceQuery
  templatesIn(namespace: string): Iterable<IndexedObject> {
    return this.templates.get(namespace);
  }
  templatesMatching(namespace: string, selector: StringPairs): IndexedObject[] {
    if (selector.length === 0) return [];
    // Every match carries the selector's first pair, so only those templates need a full check.
    const candidates = this.templatesByLabel.get(labelKey(namespace, selector[0].key, selector[0].value));
    return [...candidates].filter((template) => selectorMatches(selector, keysOf(template).templateLabels ?? []));
  }
  servicesIn(namespace: string): Iterable<IndexedObject> {
    return this.services.get(namespace);
  }
  endpointObjectsIn(namespace: string): Iterable<IndexedObject> {
    return this.endpointObjects.get(namespace);
  }

  customResourcesIn(namespace: string): Iterable<IndexedObject> {
    return this.customResources.get(namespace);
  }
  /** The Services of a namespace with a name (this index only). */
  servicesNamed(namespace: string, name: string): IndexedObject[] {
    return [...this.servicesByName.get(named(namespace, name))];
  }
  servicesWithNodePort(nodePort: number): Iterable<IndexedObject> {
    return this.nodePorts.get(nodePort);
  }
  servicesWithClusterIp(ip: string): Iterable<IndexedObject> {
    return this.clusterIps.get(ip);
  }
  objectsWithId(id: string): Iterable<IndexedObject> {
    return this.ids.get(id);
  }

  /**
   * Recomputes the cross-object findings of `objects` (those no longer indexed are dropped); the
   * files and objects whose findings differ join the sets. Returns how many were recomputed.
   */
  private recompute(objects: Iterable<IndexedObject>, changedFiles: Set<string>, changedObjects: Set<string>): number {
    let recomputed = 0;
    for (const object of [...objects]) {
      if (!this.isIndexed(object)) {
        this.cross.delete(object);
        this.elsewhereUsers.delete(object);
        continue;
      }
      recomputed++;
      const before = this.cross.get(object) ?? [];
      const after = this.seededFindings(object) ?? this.crossFindings(object);
      this.cross.set(object, after);
      if (!sameFindings(before, after)) {
        changedFiles.add(object.file);
        changedObjects.add(object.id);
      }
    }
    return recomputed;
  }

  private reindex(sources: SourceFile[]): UpdateResult {
    return this.apply(sources, [], true);
  }

  /**
   * Re-derives after files were updated or removed. `fresh` analyses every object anew (settings
   * changed); otherwise objects of unchanged documents are kept, and only what changed is touched.
   */
  private apply(updated: SourceFile[], removed: string[], fresh = false): UpdateResult {
    const changedFiles = new Set<string>([...updated.map((source) => source.path), ...removed]);
    const touched: IndexedObject[] = [];
    for (const path of removed) {
      const entry = this.files.get(path);
      if (!entry) continue;
      for (const object of entry.objects) this.unindex(object, touched);
      this.files.delete(path);
    }
    const toAnalyse = new Map(updated.map((source) => [source.path, source]));
    for (const source of toAnalyse.values()) {
      const old = this.files.get(source.path);
      const entry = this.analyse(source, fresh ? undefined : old);
      const kept = new Set(entry.objects);
      const before = new Set(old?.objects ?? []);
      for (const object of before) if (!kept.has(object)) this.unindex(object, touched);
      this.files.set(source.path, entry);
      for (const object of entry.objects) if (!before.has(object)) this.indexObject(object, touched);
    }
    // Under a seed that covers every file, the objects already here hold the findings of the whole
    // workspace: only the new ones need theirs.
    const affected = this.seedCoversAll() ? new Set(touched) : this.dependents(touched);
    const changedObjects = new Set(touched.map((object) => object.id));
    const recomputed = this.recompute(affected, changedFiles, changedObjects);
    const foreign = this.foreignPolicyObjects();
    if ((touched.length > 0 && (this.hasPolicies() || this.policyFindings.size > 0 || this.lastForeignPolicyObjects.some(isPolicy))) || this.isNewForeign(foreign)) this.refreshPolicyFindings(changedFiles, foreign);
    if (touched.length > 0 && (this.gatewayObjects.size() > 0 || this.gatewayFindings.size > 0)) this.refreshGatewayFindings(changedFiles);
    return { changedFiles: [...changedFiles], changedObjects: [...changedObjects], recomputed };
  }

  /** Recomputes every NetworkPolicy finding; files whose findings differ join `changedFiles`. */
  /**
   * `foreign`: the policies, Pods and namespaces of the rest of the cluster in this index's
   * namespaces (`foreignPolicyObjects`): a plain default-deny isolates a chart's Pods there, and a
   * unit's policy admits a plain workload.
   */
  private refreshPolicyFindings(changedFiles: Set<string>, foreign: readonly IndexedObject[]): void {
    const before = this.policyFindings;
    const after = new Map<string, Finding[]>();
    this.lastForeignPolicyObjects = foreign;
    const relevant = this.hasPolicies() || foreign.some(isPolicy);
    this.connectivityDue = false;
    if (relevant && this.seed && this.seedCoversAll()) {
      // The seed's findings are those of these inputs; the connectivity is worked out when asked for.
      for (const [file, findings] of Object.entries(this.seed.policy)) if (this.files.has(file)) after.set(file, [...findings]);
      this.currentConnectivity = undefined;
      this.connectivityDue = true;
    } else if (relevant) {
      const objects = [...this.objects(), ...foreign];
      let findings: Finding[];
      try {
        this.currentConnectivity = new Connectivity(objects);
        // Only this index's objects get findings here; the others get theirs in their own index.
        findings = checkPolicies(this.currentConnectivity, objects, this.currentSettings.disabledRules).filter((finding) => this.files.has(finding.file));
      } catch (error) {
        const policy = [...objects].find((object) => object.object.recognized === 'NetworkPolicy' && this.files.has(object.file)) ?? this.objects()[0];
        findings = policy ? [{ code: 'internal/error', severity: 'information', file: policy.file, span: policy.object.anchorSpan, message: `k8s-route failed while relating NetworkPolicies to the workloads (${error instanceof Error ? error.message : String(error)}); please report it`, path: null, object: policy.id }] : [];
      }
      for (const finding of findings) {
        const list = after.get(finding.file);
        if (list) list.push(finding);
        else after.set(finding.file, [finding]);
      }
    }
    if (!relevant) this.currentConnectivity = undefined;
    for (const file of new Set([...before.keys(), ...after.keys()])) {
      if (!sameFindings([...(before.get(file) ?? [])].sort(compareFindings), [...(after.get(file) ?? [])].sort(compareFindings))) changedFiles.add(file);
    }
    this.policyFindings = after;
  }

  /** Recomputes every Gateway API finding; files whose findings differ join `changedFiles`. */
  private refreshGatewayFindings(changedFiles: Set<string>): void {
    const before = this.gatewayFindings;
    const after = new Map<string, Finding[]>();
    this.currentGateways = undefined;
    this.gatewaysDue = false;
    if (this.gatewayObjects.size() > 0 && this.seed && this.seedCoversAll()) {
      for (const [file, findings] of Object.entries(this.seed.gateway)) if (this.files.has(file)) after.set(file, [...findings]);
      this.gatewaysDue = true;
    } else if (this.gatewayObjects.size() > 0) {
      const objects = this.objects();
      let findings: readonly Finding[];
      try {
        this.currentGateways = analyzeGateways(objects, this.currentSettings.disabledRules);
        findings = this.currentGateways.findings;
      } catch (error) {
        const first = objects.find((object) => object.decoded.gateway !== undefined)!;
        findings = [{ code: 'internal/error', severity: 'information', file: first.file, span: first.object.anchorSpan, message: `k8s-route failed while relating Gateway API objects (${error instanceof Error ? error.message : String(error)}); please report it`, path: null, object: first.id }];
      }
      for (const finding of findings) {
        const list = after.get(finding.file);
        if (list) list.push(finding);
        else after.set(finding.file, [finding]);
      }
    }
    for (const file of new Set([...before.keys(), ...after.keys()])) {
      if (!sameFindings([...(before.get(file) ?? [])].sort(compareFindings), [...(after.get(file) ?? [])].sort(compareFindings))) changedFiles.add(file);
    }
    this.gatewayFindings = after;
  }

  private analyse(source: SourceFile, previous: FileEntry | undefined): FileEntry {
    const fileNamespace = this.namespaceOfFile?.(source.path) ?? this.currentSettings.defaultNamespace;
    const namespaceOf = (written: string | undefined): string => written || fileNamespace;
    const key = this.analysisKey();
    const given = source.editing ? undefined : source.analyses?.find((analysis) => analysis.settings === key);
    if (given) {
      this.counts.restored++;
      return this.restore(source, given, namespaceOf);
    }
    this.counts.parsed++;
    // The previous parse of a file being edited lends its unchanged documents, and the objects of a
    // document that is the same parsed document at the same place are kept as they were.
    const parsed = parseFile(source, previous?.chunks);
    const byRoot = new Map(previous?.chunks ? previous.objects.map((object) => [object.object.root, object]) : []);
    const reuse = (object: KubeObject, namespace: string): IndexedObject | undefined => {
      const candidate = byRoot.get(object.root);
      return candidate && candidate.object.view.base === object.view.base && candidate.namespace === namespace && candidate.object.file === object.file ? candidate : undefined;
    };
    const { objects, findings } = analyzeObjects(parsed, this.currentSettings, namespaceOf, reuse);
    if (source.editing) return { source, chunks: parsed.chunks, objects, ownFindings: findings };
    // A lean file keeps its record and lets its YAML go; the objects rebuild it when asked.
    return this.restore(source, recordAnalysis(objects, findings, key), namespaceOf);
  }

  /** A lean file's entry from its record: objects placed in their effective namespaces, no parsing. */
  private restore(source: SourceFile, analysis: FileAnalysis, namespaceOf: (written: string | undefined) => string): FileEntry {
    const restored = restoreObjects(source, analysis);
    const objects = restored.map((object, position): IndexedObject => {
      const namespace = namespaceOf(object.namespace);
      const id = objectIdIn(object, namespace);
      const recorded = analysis.objects[position];
      const findings = recorded.findings.some((finding) => finding.object !== id) ? recorded.findings.map((finding) => ({ ...finding, object: id })) : recorded.findings;
      return new RecordedIndexedObject(object, recorded, namespace, id, source.path, findings);
    });
    return { source, chunks: undefined, objects, ownFindings: analysis.findings };
  }

  private cachedKey: { settings: AnalysisSettings; key: string } | undefined;
  private analysisKey(): string {
    if (this.cachedKey?.settings !== this.currentSettings) this.cachedKey = { settings: this.currentSettings, key: analysisKey(this.currentSettings) };
    return this.cachedKey.key;
  }

  /** How many files this index parsed, and how many it built from an analysis made elsewhere (a worker, the cache). */
  readonly counts = { parsed: 0, restored: 0 };

  private isIndexed(object: IndexedObject): boolean {
    return this.files.get(object.file)?.objects.includes(object) ?? false;
  }

  private indexObject(object: IndexedObject, touched: IndexedObject[]): void {
    this.forEachKey(object, (map, key) => map.add(key, object));
    touched.push(object);
  }

  private unindex(object: IndexedObject, touched: IndexedObject[]): void {
    this.forEachKey(object, (map, key) => map.delete(key, object));
    this.unmatched.delete(object.namespace, object);
    this.elsewhereUsers.delete(object);
    touched.push(object);
  }

  /** Calls back with every secondary index an object belongs in (read from its keys, not its model). */
  private forEachKey(object: IndexedObject, each: <K>(map: MultiMap<K, IndexedObject>, key: K) => void): void {
    const kind = object.object.recognized;
    const keys = keysOf(object);
    each(this.ids, object.id);
    if (kind === 'Service') {
      each(this.services, object.namespace);
      each(this.servicesByName, named(object.namespace, object.object.name ?? ''));
      for (const pair of keys.selector ?? []) each(this.servicesBySelector, labelKey(object.namespace, pair.key, pair.value));
      if (keys.serviceType === 'NodePort' || keys.serviceType === 'LoadBalancer') for (const port of keys.nodePorts ?? []) each(this.nodePorts, port);
      if (keys.serviceType !== undefined && keys.serviceType !== 'ExternalName') {
        for (const ip of keys.clusterIps ?? []) if (ip !== 'None' && ip !== '') each(this.clusterIps, ip);
      }
    }
    if (kind && templateKinds.has(kind) && keys.templateLabels) {
      each(this.templates, object.namespace);
      for (const label of keys.templateLabels) each(this.templatesByLabel, labelKey(object.namespace, label.key, label.value));
    }
    if (kind === 'StatefulSet' && keys.serviceName !== undefined) each(this.statefulSets, named(object.namespace, keys.serviceName));
    if (kind === 'Ingress') for (const name of keys.backends ?? []) each(this.ingresses, named(object.namespace, name));
    if (kind === 'NetworkPolicy') each(this.networkPolicies, object.namespace);
    if (kind && adminPolicyKinds.has(kind)) each(this.adminPolicies, '');
    if (object.object.kind === 'Namespace' && object.object.apiVersion === 'v1') each(this.namespaceObjects, '');
    if (keys.gateway) each(this.gatewayObjects, object.namespace);
    if (!kind && isCustomResource(object.object.apiVersion)) each(this.customResources, object.namespace);
    if (kind === 'Endpoints' || kind === 'EndpointSlice') each(this.endpointObjects, object.namespace);
  }

  /** The objects whose cross-object findings may change when `touched` objects appear or vanish. */
  private dependents(touched: readonly IndexedObject[]): Set<IndexedObject> {
    const affected = new Set<IndexedObject>();
    const addAll = (objects: Iterable<IndexedObject>): void => {
      for (const object of objects) affected.add(object);
    };
    for (const object of touched) {
      affected.add(object);
      addAll(this.ids.get(object.id));
      const kind = object.object.recognized;
      const namespace = object.namespace;
      const keys = keysOf(object);
      if (kind === 'Service') {
        const name = object.object.name;
        addAll(this.statefulSets.get(named(namespace, name ?? '')));
        addAll(this.ingresses.get(named(namespace, name ?? '')));
        for (const port of keys.nodePorts ?? []) addAll(this.nodePorts.get(port));
        for (const ip of keys.clusterIps ?? []) addAll(this.clusterIps.get(ip));
      }
      if (kind && templateKinds.has(kind) && keys.templateLabels) {
        const labels = keys.templateLabels;
        for (const label of labels) {
          for (const service of this.servicesBySelector.get(labelKey(namespace, label.key, label.value))) {
            if (selectorMatches(keysOf(service).selector ?? [], labels)) affected.add(service);
          }
        }
        addAll(this.unmatched.get(namespace));
      }
      if (kind === 'Endpoints' || kind === 'EndpointSlice') {
        for (const service of this.services.get(namespace)) if ((keysOf(service).selector?.length ?? 0) === 0) affected.add(service);
      }
      // A custom resource may be what an unmatched Service's Pods come from.
      if (!kind && isCustomResource(object.object.apiVersion)) addAll(this.unmatched.get(namespace));
    }
    return affected;
  }

  private crossFindings(object: IndexedObject): Finding[] {
    this.elsewhereUsers.delete(object);
    const findings: Finding[] = [];
    const emit = emitterFor(object, findings);
    try {
      checkDuplicateObjects(this, object, emit);
      switch (object.object.recognized) {
        case 'Service':
          checkServiceRouting(this, object, emit);
          checkClusterWideClashes(this, object, emit);
          this.unmatched.delete(object.namespace, object);
          if (findings.some((finding) => finding.code === 'service/selector-matches-nothing' || finding.code === 'service/pods-from-operator')) this.unmatched.add(object.namespace, object);
          break;
        case 'StatefulSet':
          checkStatefulSetService(this, object, emit);
          break;
        case 'Ingress':
          checkIngressBackends(this, object, emit);
          break;
        default:
          break;
      }
    } catch (error) {
      findings.push({
        code: 'internal/error',
        severity: 'information',
        file: object.file,
        span: object.object.anchorSpan,
        message: `k8s-route failed while relating this object to others (${error instanceof Error ? error.message : String(error)}); please report it`,
        path: null,
        object: object.id,
      });
    }
    return findings;
  }
}

/** A NetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy. */
function isPolicy(object: IndexedObject): boolean {
  const kind = object.object.recognized;
  return kind === 'NetworkPolicy' || (kind !== undefined && adminPolicyKinds.has(kind));
}

function sameFindings(left: readonly Finding[], right: readonly Finding[]): boolean {
  if (left.length !== right.length) return false;
  return left.every((finding, index) => {
    const other = right[index];
    return finding.code === other.code && finding.message === other.message && finding.span.start === other.span.start && finding.span.end === other.span.end && JSON.stringify(finding.related) === JSON.stringify(other.related);
  });
}
