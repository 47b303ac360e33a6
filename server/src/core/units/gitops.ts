/**
 * GitOps definitions in the repository say what is applied where, better than any guess: a Flux
 * `Kustomization` (kustomize.toolkit.fluxcd.io) or an Argo CD `Application` / `ApplicationSet`
 * (argoproj.io) whose source is a folder of this repository deploys that folder, under its options
 * (a target namespace, substitutions, Helm values and release name), to one cluster. The objects of
 * one cluster directory (`clusters/staging/`), and those they deploy in turn, form one cluster
 * apart from the others. Sources outside the repository (a Helm repository, another git
 * repository) are named as not checked, never fetched. Pure: it reads texts the host gave.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Span } from '../model';
import { globMatcher } from '../glob';
import { dirnameOf, inFolder, isWithin, joinRelative } from '../paths';
import { isKustomizationPath, parseKustomization } from './kustomization';

/** The GitOps object that deploys something, as findings name it. */
export interface GitOpsSource {
  readonly tool: 'flux' | 'argocd';
  readonly kind: 'Kustomization' | 'HelmRelease' | 'Application' | 'ApplicationSet';
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  /** Its `metadata.name` (or the object's first key). */
  readonly span: Span;
}

/** One folder of the repository a GitOps object applies, with the options it applies it with. */
export interface GitOpsDeployment {
  readonly by: GitOpsSource;
  /** The folder, as the host names paths ('' for the top). */
  readonly path: string;
  /** Flux targetNamespace, Argo CD destination.namespace: the namespace of what has none (Flux: of everything namespaced). */
  readonly namespace?: string;
  /** Flux postBuild.substitute: `${name}` in the built output becomes the value. */
  readonly substitute?: Readonly<Record<string, string>>;
  /** Argo CD source.helm: values files (host paths), inline values, release name. */
  readonly helm?: { readonly valueFiles: readonly string[]; readonly values?: string; readonly releaseName?: string };
  /** Flux dependsOn, as `namespace/name`. */
  readonly dependsOn: readonly string[];
}

export interface GitOpsCluster {
  /** The cluster directory (`clusters/staging`), as the host names paths; with the Argo CD destination when it names another cluster. */
  readonly name: string;
  readonly deployments: readonly GitOpsDeployment[];
  /** Every folder (and file) the cluster reads: the deployed folders and what their kustomizations and values files reach. */
  readonly folders: readonly string[];
}

/** A source that is not a folder of this repository: named, never fetched. */
export interface GitOpsNotChecked {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface GitOpsModel {
  readonly clusters: readonly GitOpsCluster[];
  readonly notChecked: readonly GitOpsNotChecked[];
}

export interface GitOpsInput {
  readonly paths: Iterable<string>;
  readonly text: (path: string) => string | undefined;
  /** The files known to hold GitOps objects (`mayHoldGitOps`), when the caller keeps track; else every file is tested. */
  readonly holders?: ReadonlySet<string>;
}

const markers = /fluxcd\.io\/|argoproj\.io\//;

/** Whether a file may hold GitOps objects (a cheap test before reading it). */
export function mayHoldGitOps(text: string): boolean {
  return markers.test(text);
}

interface Found {
  readonly source: GitOpsSource;
  readonly deployments: Array<Omit<GitOpsDeployment, 'by'>>;
  /** Argo CD: the cluster it deploys to, when not the one Argo CD runs in. */
  readonly destination?: string;
}

export function readGitOps(input: GitOpsInput): GitOpsModel {
  const paths = [...input.paths];
  const notChecked: GitOpsNotChecked[] = [];
  const found: Found[] = [];
  const top = commonFolder(paths);
  const folderOf = folderResolver(paths, top);
  const candidates = input.holders ? paths.filter((path) => input.holders!.has(path)) : paths;
  const artifacts = artifactCopies(candidates, input.text);
  // Folders relative to the top of the workspace, for an ApplicationSet's git directory generator.
  const repositoryFolders = [...new Set(paths.map(dirnameOf))].filter((folder) => isWithin(folder, top) && folder !== top).map((folder) => (top === '' ? folder : folder.slice(top.length + 1)));
  for (const file of candidates) {
    if (!/\.ya?ml$/.test(file) || isKustomizationPath(file)) continue;
    const text = input.text(file);
    if (text === undefined || !mayHoldGitOps(text)) continue;
    for (const root of documentRoots(text)) {
      const apiVersion = stringAt(root, ['apiVersion']) ?? '';
      const kind = stringAt(root, ['kind']) ?? '';
      const group = apiVersion.split('/')[0];
      const nameNode = nodeAt(root, ['metadata', 'name']);
      const source = (tool: GitOpsSource['tool'], sourceKind: GitOpsSource['kind']): GitOpsSource => ({
        tool,
        kind: sourceKind,
        namespace: stringAt(root, ['metadata', 'namespace']) ?? (tool === 'flux' ? 'flux-system' : 'argocd'),
        name: stringAt(root, ['metadata', 'name']) ?? '',
        file,
        span: spanOf(nameNode ?? root),
      });
      if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization') {
        const by = source('flux', 'Kustomization');
        const sourceKind = stringAt(root, ['spec', 'sourceRef', 'kind']) ?? 'GitRepository';
        let path = stringAt(root, ['spec', 'path']) ?? '';
        // An ExternalArtifact an ArtifactGenerator of this repository assembles: its path inside the artifact, back to the repository.
        const copied = sourceKind === 'ExternalArtifact' ? fromArtifact(artifacts.get(stringAt(root, ['spec', 'sourceRef', 'name']) ?? ''), path) : undefined;
        if (copied !== undefined) path = copied;
        else if (sourceKind !== 'GitRepository') {
          notChecked.push({ file, span: spanOf(nodeAt(root, ['spec', 'sourceRef']) ?? root), message: `${by.kind}/${by.name} builds from ${article(sourceKind)} ${sourceKind}, not from this repository; K8s Route does not fetch it, so what it applies is not checked` });
          continue;
        }
        const folder = folderOf(file, path);
        if (folder === undefined) {
          notChecked.push({ file, span: spanOf(nodeAt(root, ['spec', 'path']) ?? root), message: `${by.kind}/${by.name} applies "${path}", which is not a folder of the checked files (its GitRepository may be another repository); it is not checked` });
          continue;
        }
        const substitute = recordAt(root, ['spec', 'postBuild', 'substitute']);
        const namespace = stringAt(root, ['spec', 'targetNamespace']);
        const dependsOn = listAt(root, ['spec', 'dependsOn']).map((item) => (isMap(item) ? `${stringAt(item, ['namespace']) ?? by.namespace}/${stringAt(item, ['name']) ?? ''}` : ''));
        found.push({ source: by, deployments: [{ path: folder, ...(namespace ? { namespace } : {}), ...(substitute ? { substitute } : {}), dependsOn }] });
        continue;
      }
      if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease') {
        const by = source('flux', 'HelmRelease');
        const chartSource = stringAt(root, ['spec', 'chart', 'spec', 'sourceRef', 'kind']) ?? (nodeAt(root, ['spec', 'chartRef']) ? stringAt(root, ['spec', 'chartRef', 'kind']) : undefined);
        if (chartSource && chartSource !== 'GitRepository') {
          const chart = stringAt(root, ['spec', 'chart', 'spec', 'chart']) ?? stringAt(root, ['spec', 'chartRef', 'name']) ?? '';
          notChecked.push({ file, span: spanOf(nameNode ?? root), message: `HelmRelease/${by.name} installs chart ${chart} from ${article(chartSource)} ${chartSource}; K8s Route does not fetch it, so the objects it makes are not checked` });
        }
        continue;
      }
      if (group === 'argoproj.io' && (kind === 'Application' || kind === 'ApplicationSet')) {
        const by = source('argocd', kind);
        const spec = kind === 'Application' ? nodeAt(root, ['spec']) : nodeAt(root, ['spec', 'template', 'spec']);
        if (!isMap(spec)) continue;
        const destination = stringAt(spec, ['destination', 'name']) || stringAt(spec, ['destination', 'server']);
        const namespace = stringAt(spec, ['destination', 'namespace']);
        const sources = [nodeAt(spec, ['source']), ...listAt(spec, ['sources'])].filter((node): node is YAMLMap => isMap(node));
        const deployments: Array<Omit<GitOpsDeployment, 'by'>> = [];
        const refs = new Map<string, string>();
        // Multi-source: `ref: values` names a source whose files `$values/…` reads.
        for (const entry of sources) {
          const ref = stringAt(entry, ['ref']);
          const path = stringAt(entry, ['path']);
          if (ref) refs.set(ref, path ? (folderOf(file, path) ?? '') : (folderOf(file, '') ?? ''));
        }
        for (const entry of sources) {
          const chart = stringAt(entry, ['chart']);
          const rawPath = stringAt(entry, ['path']);
          if (chart !== undefined) {
            notChecked.push({ file, span: spanOf(nodeAt(entry, ['chart']) ?? entry), message: `${by.kind}/${by.name} installs chart ${chart} from ${stringAt(entry, ['repoURL']) ?? 'a Helm repository'}; K8s Route does not fetch it, so it is not checked` });
            continue;
          }
          if (rawPath === undefined) continue;
          const templated = /\{\{/.test(rawPath);
          // Each generated element fills in the path and the destination namespace.
          const elements = templated ? generatorValues(root, repositoryFolders) : [new Map<string, string>()];
          const targets = elements.flatMap((values) => {
            const path = fillTemplate(rawPath, values);
            const folder = path === undefined ? undefined : folderOf(file, path);
            const elementNamespace = namespace === undefined ? undefined : fillTemplate(namespace, values);
            return folder === undefined ? [] : [{ folder, namespace: elementNamespace }];
          });
          const folders = targets.map((target) => target.folder);
          if (folders.length === 0) {
            notChecked.push({ file, span: spanOf(nodeAt(entry, ['path']) ?? entry), message: templated ? `${by.kind}/${by.name} applies "${rawPath}" for each generated element; no folder of this repository was found for it, so it is not checked` : `${by.kind}/${by.name} applies "${rawPath}" of ${stringAt(entry, ['repoURL']) ?? 'its repository'}, which is not a folder of the checked files; it is not checked` });
            continue;
          }
          const helmNode = nodeAt(entry, ['helm']);
          let helm: GitOpsDeployment['helm'];
          if (isMap(helmNode)) {
            const valueFiles = listAt(helmNode, ['valueFiles']).flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
            const values = stringAt(helmNode, ['values']);
            const releaseName = stringAt(helmNode, ['releaseName']);
            helm = { valueFiles, ...(values ? { values } : {}), ...(releaseName ? { releaseName } : {}) };
          }
          for (const { folder, namespace: target } of targets) {
            const resolvedHelm = helm && { ...helm, valueFiles: helm.valueFiles.flatMap((value) => resolveValuesFile(folder, value, refs)) };
            deployments.push({ path: folder, ...(target ? { namespace: target } : {}), ...(resolvedHelm ? { helm: resolvedHelm } : {}), dependsOn: [] });
          }
        }
        if (deployments.length > 0) found.push({ source: by, deployments, ...(destination && !/^https:\/\/kubernetes\.default\.svc\/?$/.test(destination) && destination !== 'in-cluster' ? { destination } : {}) });
      }
    }
  }
  return { clusters: groupClusters(found, paths, input.text), notChecked };
}

/** Flux ArtifactGenerators: each artifact's copy rules, as (folder in the repository, folder in the artifact). */
function artifactCopies(paths: readonly string[], text: (path: string) => string | undefined): Map<string, Array<{ from: string; to: string }>> {
  const copies = new Map<string, Array<{ from: string; to: string }>>();
  for (const file of paths) {
    const content = /\.ya?ml$/.test(file) ? text(file) : undefined;
    if (content === undefined || !content.includes('ArtifactGenerator')) continue;
    for (const root of documentRoots(content)) {
      if (stringAt(root, ['kind']) !== 'ArtifactGenerator') continue;
      for (const artifact of listAt(root, ['spec', 'artifacts'])) {
        const name = stringAt(artifact, ['name']);
        if (!name) continue;
        const rules = listAt(artifact, ['copy']).flatMap((rule) => {
          const from = stringAt(rule, ['from']);
          const to = stringAt(rule, ['to']);
          if (!from || !to) return [];
          return [{ from: from.replace(/^@[\w-]+\/?/, '').replace(/\/?\*\*?$/, '').replace(/\/$/, ''), to: to.replace(/^@artifact\/?/, '').replace(/\/$/, '') }];
        });
        copies.set(name, [...(copies.get(name) ?? []), ...rules]);
      }
    }
  }
  return copies;
}

/** A path inside an assembled artifact, as the repository path it was copied from. */
function fromArtifact(rules: ReadonlyArray<{ from: string; to: string }> | undefined, path: string): string | undefined {
  const inside = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  for (const rule of rules ?? []) {
    if (rule.to === '' || inside === rule.to || inside.startsWith(`${rule.to}/`)) {
      const rest = rule.to === '' ? inside : inside.slice(rule.to.length).replace(/^\//, '');
      return rest === '' ? rule.from : `${rule.from}/${rest}`;
    }
  }
  return undefined;
}

/** A values file of an Argo CD Helm source: relative to the chart folder, or `$ref/…` of another source. */
function resolveValuesFile(chart: string, value: string, refs: ReadonlyMap<string, string>): string[] {
  const ref = /^\$([\w-]+)\/(.*)$/.exec(value);
  if (ref) {
    const base = refs.get(ref[1]);
    return base === undefined ? [] : [inFolder(base, ref[2])];
  }
  const joined = joinRelative(chart, value);
  return joined === undefined ? [] : [joined];
}

/**
 * The parameters of an ApplicationSet's generated elements: its list generator's elements, and
 * its git directory generator's folders as `path`, `path.basename` (Go templates spell them
 * `.path.path`, `.path.basename`).
 */
function generatorValues(root: YAMLMap, folders: readonly string[]): Array<ReadonlyMap<string, string>> {
  const results: Array<ReadonlyMap<string, string>> = [];
  for (const generator of listAt(root, ['spec', 'generators'])) {
    if (!isMap(generator)) continue;
    for (const element of listAt(generator, ['list', 'elements'])) {
      if (!isMap(element)) continue;
      const values = new Map<string, string>();
      for (const pair of element.items) if (isScalar(pair.key) && isScalar(pair.value)) values.set(String(pair.key.value), String(pair.value.value));
      results.push(values);
    }
    const directories = listAt(generator, ['git', 'directories']).filter((item): item is YAMLMap => isMap(item));
    const patterns = (exclude: boolean) => directories.filter((item) => (stringAt(item, ['exclude']) === 'true') === exclude).flatMap((item) => { const pattern = stringAt(item, ['path']); return pattern ? [globMatcher(pattern)] : []; });
    const included = patterns(false);
    const excluded = patterns(true);
    for (const folder of folders) {
      if (!included.some((matches) => matches(folder)) || excluded.some((matches) => matches(folder))) continue;
      const basename = folder.slice(folder.lastIndexOf('/') + 1);
      results.push(new Map([['path', folder], ['path.path', folder], ['path.basename', basename], ['path.basenameNormalized', basename.replace(/[^a-zA-Z0-9-]/g, '-')]]));
    }
  }
  return results;
}

/** A template string with `{{name}}` / `{{.name}}` filled in; undefined while a parameter is unknown. */
function fillTemplate(template: string, values: ReadonlyMap<string, string>): string | undefined {
  const filled = template.replace(/\{\{\s*\.?([\w.]+)\s*\}\}/g, (whole, key: string) => values.get(key) ?? whole);
  return /\{\{/.test(filled) ? undefined : filled;
}

/** Resolves a GitOps path against the repository: the nearest ancestor of the object's file under which it names a folder with files. */
function folderResolver(paths: readonly string[], top: string): (from: string, path: string) => string | undefined {
  const folders = new Set<string>();
  for (const path of paths) for (let folder = dirnameOf(path); ; folder = dirnameOf(folder)) {
    if (folders.has(folder)) break;
    folders.add(folder);
    if (folder === '' || dirnameOf(folder) === folder) break;
  }
  return (from, raw) => {
    const path = raw.replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
    if (path === '') return top;
    for (let base = dirnameOf(from); ; base = dirnameOf(base)) {
      const candidate = inFolder(base, path);
      if (folders.has(candidate)) return candidate;
      if (base === '' || dirnameOf(base) === base || !isWithin(base, top)) return undefined;
    }
  };
}

/** The deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let common = dirnameOf(paths[0]);
  for (const path of paths) while (common !== '' && !isWithin(path, common)) common = dirnameOf(common);
  return common;
}

/**
 * Clusters: GitOps objects start in the cluster of their own folder; an object another deploys
 * (its file lies in a folder the other applies) joins that one's cluster. A cluster is named by
 * the folder its objects share, and by its Argo CD destination when that is another cluster.
 */
function groupClusters(found: readonly Found[], paths: readonly string[], text: (path: string) => string | undefined): GitOpsCluster[] {
  const parent = found.map((_, index) => index);
  const rootOf = (index: number): number => (parent[index] === index ? index : (parent[index] = rootOf(parent[index])));
  const join = (left: number, right: number): void => {
    const a = rootOf(left);
    const b = rootOf(right);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  const key = (entry: Found): string => `${dirnameOf(entry.source.file)}\u0000${entry.destination ?? ''}`;
  for (let left = 0; left < found.length; left++) {
    for (let right = 0; right < found.length; right++) {
      if (left === right) continue;
      if (key(found[left]) === key(found[right])) join(left, right);
      // `left` deploys `right`: the folder it applies holds right's file.
      if (found[left].destination === found[right].destination && found[left].deployments.some((deployment) => isWithin(found[right].source.file, deployment.path))) join(left, right);
    }
  }
  const groups = new Map<number, Found[]>();
  for (let index = 0; index < found.length; index++) groups.set(rootOf(index), [...(groups.get(rootOf(index)) ?? []), found[index]]);
  const clusters: GitOpsCluster[] = [];
  for (const members of groups.values()) {
    const folder = commonFolder(members.map((member) => member.source.file));
    const destination = members.find((member) => member.destination)?.destination;
    const deployments = members.flatMap((member) => member.deployments.map((deployment) => ({ ...deployment, by: member.source })));
    clusters.push({ name: `${folder || '.'}${destination ? ` → ${destination}` : ''}`, deployments, folders: reachedFolders(deployments, paths, text) });
  }
  return clusters.sort((left, right) => left.name.localeCompare(right.name));
}

/** The deployed folders and everything their kustomizations reach (bases, components), and the values files they read. */
function reachedFolders(deployments: readonly GitOpsDeployment[], paths: readonly string[], text: (path: string) => string | undefined): string[] {
  const known = new Set(paths);
  const folders = new Set<string>();
  const visit = (folder: string): void => {
    if (folders.has(folder)) return;
    folders.add(folder);
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const file = inFolder(folder, name);
      const content = known.has(file) ? text(file) : undefined;
      if (content === undefined) continue;
      for (const reference of parseKustomization(file, content).references) {
        const target = joinRelative(folder, reference.value);
        if (target === undefined) continue;
        if (known.has(target)) folders.add(target);
        else if (reference.role === 'resource' || reference.role === 'component') visit(target);
      }
      break;
    }
  };
  for (const deployment of deployments) {
    visit(deployment.path);
    for (const file of deployment.helm?.valueFiles ?? []) folders.add(file);
  }
  return [...folders].sort();
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}

// YAML reading ------------------------------------------------------------------------------

/** The mappings at the top of a file's documents; a file that does not parse has none. */
function documentRoots(text: string): YAMLMap[] {
  try {
    return parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }).flatMap((document) => (isMap(document.contents) ? [document.contents] : []));
  } catch {
    return [];
  }
}

function nodeAt(root: unknown, keys: readonly string[]): Node | undefined {
  let node: unknown = root;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return (node ?? undefined) as Node | undefined;
}

function stringAt(root: unknown, keys: readonly string[]): string | undefined {
  const node = nodeAt(root, keys);
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean') ? String(node.value) : undefined;
}

function listAt(root: unknown, keys: readonly string[]): unknown[] {
  const node = nodeAt(root, keys);
  return isSeq(node) ? node.items : [];
}

function recordAt(root: unknown, keys: readonly string[]): Record<string, string> | undefined {
  const node = nodeAt(root, keys);
  if (!isMap(node)) return undefined;
  const record: Record<string, string> = {};
  for (const pair of node.items) if (isScalar(pair.key) && isScalar(pair.value)) record[String(pair.key.value)] = String(pair.value.value);
  return record;
}

function spanOf(node: unknown): Span {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
