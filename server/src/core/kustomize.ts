/**
 * Namespaces assigned by kustomization files: a kustomization with `namespace:` sets the
 * namespace of every object in the files its `resources:` list, following nested kustomization
 * directories (such as an overlay's `../base`), as `kustomize build` would. Files must lie in the
 * kustomization's folder or below, as kustomize's load restrictor demands; remote references are
 * ignored. A file that builds into different namespaces (a base shared by a staging and a prod
 * overlay) is left with its own namespace: one file cannot stand for two objects here.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { basenameOf, dirnameOf, joinBelow, joinRelative } from './paths';

const kustomizationNames = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationPath(path: string): boolean {
  return kustomizationNames.has(basenameOf(path));
}

export interface Kustomization {
  readonly path: string;
  readonly namespace: string | undefined;
  readonly resources: readonly string[];
}

/** Reads the parts of a kustomization that matter here; malformed ones read as empty. */
export function parseKustomization(path: string, text: string): Kustomization {
  let namespace: string | undefined;
  const resources: string[] = [];
  try {
    const document = parseDocument(text, { prettyErrors: false });
    const contents = document.contents;
    if (isMap(contents)) {
      const namespaceNode = contents.get('namespace', true);
      if (isScalar(namespaceNode) && typeof namespaceNode.value === 'string' && namespaceNode.value !== '') namespace = namespaceNode.value;
      for (const key of ['resources', 'bases']) {
        const list = contents.get(key, true);
        if (!isSeq(list)) continue;
        for (const item of list.items) {
          if (isScalar(item) && typeof item.value === 'string') resources.push(item.value);
        }
      }
    }
  } catch {
    // A kustomization too broken to read assigns nothing.
  }
  return { path, namespace, resources };
}

/**
 * For every file path named (directly or through nested kustomizations) by a kustomization with
 * a namespace, that namespace. The outermost kustomization wins, as its transformer runs last.
 */
export function assignNamespaces(kustomizations: ReadonlyMap<string, Kustomization>, filePaths: ReadonlySet<string>): Map<string, string> {
  const byDirectory = new Map<string, Kustomization>();
  for (const kustomization of kustomizations.values()) byDirectory.set(dirnameOf(kustomization.path), kustomization);
  const nestedTarget = (kustomization: Kustomization, resource: string): Kustomization | undefined => {
    const directory = joinRelative(dirnameOf(kustomization.path), resource);
    return directory === undefined ? undefined : byDirectory.get(directory);
  };
  const nested = new Set<string>();
  for (const kustomization of kustomizations.values()) {
    for (const resource of kustomization.resources) {
      const target = nestedTarget(kustomization, resource);
      if (target) nested.add(target.path);
    }
  }
  const reached = new Map<string, Set<string | undefined>>();
  const visit = (kustomization: Kustomization, namespace: string | undefined, seen: Set<string>): void => {
    if (seen.has(kustomization.path)) return;
    seen.add(kustomization.path);
    const effective = namespace ?? kustomization.namespace;
    for (const resource of kustomization.resources) {
      const file = joinBelow(dirnameOf(kustomization.path), resource);
      if (file !== undefined && filePaths.has(file)) {
        const namespaces = reached.get(file) ?? new Set();
        namespaces.add(effective);
        reached.set(file, namespaces);
        continue;
      }
      const target = nestedTarget(kustomization, resource);
      if (target) visit(target, effective, seen);
    }
  };
  // Start from the roots so an outer namespace overrides an inner one.
  for (const kustomization of kustomizations.values()) {
    if (!nested.has(kustomization.path)) visit(kustomization, undefined, new Set());
  }
  const assigned = new Map<string, string>();
  for (const [file, namespaces] of reached) {
    const [only] = [...namespaces];
    if (namespaces.size === 1 && only !== undefined) assigned.set(file, only);
  }
  return assigned;
}
