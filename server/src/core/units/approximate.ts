/**
 * The built-in approximation of `kustomize build`, for when the tool is missing, fails, or may not
 * run (remote resources, plugins): resources and components, namespace, namePrefix/nameSuffix (with
 * the names that refer to renamed Services), labels and commonLabels. Patches are known as patches
 * and never read as objects, but are not applied. The output is text with the origin of each
 * document, the same shape the real tool's output is read into.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { dirnameOf, joinRelative } from '../paths';
import { clusterScopedKinds } from '../parse';
import type { RenderUnit } from './detect';
import type { Kustomization } from './kustomization';
import type { RenderedDocument, RenderedText } from './rendered';

interface Built {
  readonly document: Document;
  readonly source: string;
}

const workloadKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** Renders a kustomize unit without the tool. `text` gives the workspace's files. */
export function approximateKustomize(unit: RenderUnit, text: (path: string) => string | undefined): RenderedText {
  const byPath = new Map(unit.kustomizations.map((kustomization) => [kustomization.path, kustomization]));
  const byDirectory = new Map(unit.kustomizations.map((kustomization) => [dirnameOf(kustomization.path), kustomization]));
  const building = new Set<string>();
  const build = (kustomization: Kustomization): Built[] => {
    if (building.has(kustomization.path)) return [];
    building.add(kustomization.path);
    const built: Built[] = [];
    const directory = dirnameOf(kustomization.path);
    for (const reference of kustomization.references) {
      if (reference.role !== 'resource' && reference.role !== 'component') continue;
      const target = joinRelative(directory, reference.value);
      if (target === undefined) continue;
      const nested = byDirectory.get(target);
      if (nested && unit.members.get(target) === undefined) {
        built.push(...build(nested));
        continue;
      }
      const source = text(target);
      if (source === undefined || unit.members.get(target) !== 'resource') continue;
      for (const document of safeParse(source)) {
        if (isMap(document.contents) && document.errors.length === 0) built.push({ document, source: target });
      }
    }
    transform(kustomization, built);
    return built;
  };
  const root = byPath.get(unit.rootFile);
  const built = root ? build(root) : [];
  // The namespace a GitOps object deploys the unit to (Flux targetNamespace) is applied last.
  if (unit.namespace !== undefined) {
    for (const { document } of built) {
      try {
        if (!clusterScopedKinds.has(String(document.get('kind') ?? ''))) document.setIn(['metadata', 'namespace'], unit.namespace);
      } catch {
        continue;
      }
    }
  }
  const documents: RenderedDocument[] = [];
  let output = '';
  for (const item of built) {
    const piece = `---\n${item.document.toString({ lineWidth: 0 })}`;
    documents.push({ start: output.length, end: output.length + piece.length, source: item.source, rawSource: item.source, generatedBy: undefined });
    output += piece;
  }
  return { text: output, documents };
}

function safeParse(text: string): Document[] {
  try {
    return parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as Document[];
  } catch {
    return [];
  }
}

function transform(kustomization: Kustomization, built: Built[]): void {
  const renamed = new Map<string, string>();
  for (const { document } of built) {
    // A document whose metadata or spec is not a mapping cannot take the change; kustomize would
    // refuse it too, and the object's own findings say why.
    try {
      transformOne(kustomization, document, renamed);
    } catch {
      continue;
    }
  }
  if (renamed.size === 0) return;
  // References to a renamed Service follow it, as kustomize's name reference transformer does.
  for (const { document } of built) {
    try {
      const kind = String(document.get('kind') ?? '');
      const serviceName = document.getIn(['spec', 'serviceName']);
      if (kind === 'StatefulSet' && typeof serviceName === 'string' && renamed.has(serviceName)) document.setIn(['spec', 'serviceName'], renamed.get(serviceName));
      if (kind === 'Ingress') renameIngressBackends(document, renamed);
    } catch {
      continue;
    }
  }
}

/** Namespace, name prefix and suffix, labels: one kustomization's changes to one object. */
function transformOne(kustomization: Kustomization, document: Document, renamed: Map<string, string>): void {
  const kind = String(document.get('kind') ?? '');
  if (kustomization.namespace !== undefined && !clusterScopedKinds.has(kind)) document.setIn(['metadata', 'namespace'], kustomization.namespace);
  const name = document.getIn(['metadata', 'name']);
  if (typeof name === 'string' && (kustomization.namePrefix || kustomization.nameSuffix) && kind !== 'Namespace' && kind !== 'CustomResourceDefinition') {
    const next = `${kustomization.namePrefix}${name}${kustomization.nameSuffix}`;
    document.setIn(['metadata', 'name'], next);
    if (kind === 'Service') renamed.set(name, next);
  }
  for (const rule of kustomization.labels) {
    for (const [key, value] of rule.pairs) {
      document.setIn(['metadata', 'labels', key], value);
      if (rule.includeSelectors) {
        if (kind === 'Service') document.setIn(['spec', 'selector', key], value);
        if (workloadKinds.has(kind)) document.setIn(['spec', 'selector', 'matchLabels', key], value);
      }
      if (rule.includeTemplates && (workloadKinds.has(kind) || kind === 'CronJob')) {
        const template = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
        if (document.hasIn(template)) document.setIn([...template, 'metadata', 'labels', key], value);
      }
    }
  }
}

function renameIngressBackends(document: Document, renamed: ReadonlyMap<string, string>): void {
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const service = node.get('service', true);
      if (isMap(service)) {
        const name = service.get('name', true);
        if (isScalar(name) && typeof name.value === 'string' && renamed.has(name.value)) name.value = renamed.get(name.value)!;
      }
      for (const pair of node.items) visit(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(document.get('spec', true));
}
