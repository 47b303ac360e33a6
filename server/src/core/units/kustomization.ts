/**
 * Reading a kustomization file: what it builds from (resources, components), what it changes
 * (patches, namespace, name prefix and suffix, labels) and which files it only reads as
 * configuration. Every reference keeps its span, so a problem with it (a remote resource, a
 * plugin we never run) is reported on the line that asks for it. Malformed parts read as absent;
 * this module never throws and judges nothing but what rendering needs.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Span } from '../model';
import { basenameOf } from '../paths';
import { spanOf } from '../yamlView';

const kustomizationNames = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationPath(path: string): boolean {
  return kustomizationNames.has(basenameOf(path));
}

/** What a kustomization does with a file it names. */
export type ReferenceRole = 'resource' | 'component' | 'patch' | 'config' | 'input';

/** Which objects a patch applies to, as far as names and kinds say. */
export interface PatchTarget {
  readonly kind?: string;
  /** A name, or a regular expression over names for `patches` targets. */
  readonly name?: string;
  /** True when the target also selects by labels or annotations, which only the tool can decide. */
  readonly bySelector?: boolean;
}

/** A file (or folder) named by the kustomization. */
export interface KustomizationReference {
  readonly value: string;
  readonly role: ReferenceRole;
  readonly span: Span;
  /** For patches: a JSON 6902 patch (a list of operations) rather than a strategic merge. */
  readonly json6902?: boolean;
  readonly target?: PatchTarget;
}

/** A patch written inside the kustomization itself (`patch: |-`, or an inline strategic merge). */
export interface InlinePatch {
  readonly text: string;
  /** Where the patch text starts in the kustomization, and its indentation there. */
  readonly node: Node;
  readonly target?: PatchTarget;
  readonly json6902: boolean;
}

/** Something in the kustomization that rendering will not do, with the line that asks for it. */
export interface KustomizationProblem {
  readonly code: 'render/remote-resource' | 'render/plugin-disabled';
  readonly span: Span;
  readonly message: string;
}

export interface LabelRule {
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly includeSelectors: boolean;
  readonly includeTemplates: boolean;
}

export interface Kustomization {
  readonly path: string;
  /** `kind: Component`: only usable through `components:`. */
  readonly isComponent: boolean;
  readonly namespace: string | undefined;
  readonly namePrefix: string;
  readonly nameSuffix: string;
  readonly labels: readonly LabelRule[];
  readonly references: readonly KustomizationReference[];
  readonly inlinePatches: readonly InlinePatch[];
  readonly problems: readonly KustomizationProblem[];
}

/** True for references kustomize would fetch over the network (URLs, git repositories). */
export function isRemoteReference(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git::') || value.startsWith('git@') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(value) || /\?ref=|\/\/.*\?/.test(value);
}

/** Reads a kustomization; a file too broken to read builds nothing. */
export function parseKustomization(path: string, text: string): Kustomization {
  const references: KustomizationReference[] = [];
  const inlinePatches: InlinePatch[] = [];
  const problems: KustomizationProblem[] = [];
  const labels: LabelRule[] = [];
  let namespace: string | undefined;
  let namePrefix = '';
  let nameSuffix = '';
  let isComponent = false;
  let contents: unknown;
  try {
    contents = parseDocument(text, { prettyErrors: false, uniqueKeys: false }).contents;
  } catch {
    contents = null;
  }
  if (!isMap(contents)) return { path, isComponent, namespace, namePrefix, nameSuffix, labels, references, inlinePatches, problems };
  const map = contents;
  isComponent = stringAt(map, 'kind') === 'Component';
  namespace = stringAt(map, 'namespace') || undefined;
  namePrefix = stringAt(map, 'namePrefix') ?? '';
  nameSuffix = stringAt(map, 'nameSuffix') ?? '';

  const addReference = (value: string, span: Span, role: ReferenceRole, extra: Partial<KustomizationReference> = {}): void => {
    if (value === '') return;
    if ((role === 'resource' || role === 'component') && isRemoteReference(value)) {
      problems.push({ code: 'render/remote-resource', span, message: `remote ${role} ${value} is not fetched: K8s Route renders only what is in the workspace, so the objects it brings are not checked` });
      return;
    }
    references.push({ value, role, span, ...extra });
  };
  const addFile = (node: unknown, role: ReferenceRole, extra: Partial<KustomizationReference> = {}): void => {
    if (isScalar(node) && typeof node.value === 'string') addReference(node.value, spanOf(node), role, extra);
  };
  for (const key of ['resources', 'bases']) for (const item of seqAt(map, key)) addFile(item, 'resource');
  for (const item of seqAt(map, 'components')) addFile(item, 'component');
  for (const key of ['configurations', 'crds']) for (const item of seqAt(map, key)) addFile(item, 'config');
  for (const key of ['transformers', 'generators', 'validators']) {
    for (const item of seqAt(map, key)) {
      if (isScalar(item) && typeof item.value === 'string' && /[\n:]/.test(item.value)) {
        // An inline plugin configuration; a function or exec plugin in it is never run.
        if (/config\.(kubernetes\.io|k8s\.io)\/function|\bexec:/.test(item.value)) problems.push(pluginProblem(spanOf(item), key));
        continue;
      }
      if (isMap(item)) {
        problems.push(...(hasFunctionAnnotation(item) ? [pluginProblem(spanOf(item), key)] : []));
        continue;
      }
      addFile(item, 'config');
    }
  }
  const openapi = map.get('openapi', true);
  if (isMap(openapi)) addFile(openapi.get('path', true), 'config');
  for (const item of seqAt(map, 'replacements')) if (isMap(item)) addFile(item.get('path', true), 'config');
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const item of seqAt(map, key)) {
      if (!isMap(item)) continue;
      addFile(item.get('env', true), 'input');
      for (const list of ['envs', 'files']) {
        for (const entry of seqAt(item, list)) {
          if (isScalar(entry) && typeof entry.value === 'string') addReference(entry.value.replace(/^[^=]*=/, ''), spanOf(entry), 'input');
        }
      }
    }
  }
  const helmCharts = map.get('helmCharts', true);
  if (isSeq(helmCharts) && helmCharts.items.length > 0) {
    problems.push({ code: 'render/plugin-disabled', span: keySpan(map, 'helmCharts'), message: 'helmCharts need kustomize build --enable-helm, which may download charts; K8s Route does not enable it, so these charts are not rendered' });
  }

  for (const item of seqAt(map, 'patchesStrategicMerge')) {
    if (isScalar(item) && typeof item.value === 'string' && item.value.includes('\n')) inlinePatches.push({ text: item.value, node: item, json6902: false });
    else addFile(item, 'patch', { json6902: false });
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of seqAt(map, key)) {
      if (!isMap(item)) continue;
      const target = readTarget(item.get('target', true));
      const file = item.get('path', true);
      const inline = item.get('patch', true);
      if (isScalar(file) && typeof file.value === 'string') {
        addFile(file, 'patch', { ...(key === 'patchesJson6902' ? { json6902: true } : {}), ...(target ? { target } : {}) });
      } else if (isScalar(inline) && typeof inline.value === 'string') {
        inlinePatches.push({ text: inline.value, node: inline, json6902: key === 'patchesJson6902' || /^\s*-\s*op\s*:/m.test(inline.value), ...(target ? { target } : {}) });
      }
    }
  }
  for (const key of ['labels', 'commonLabels']) {
    if (key === 'commonLabels') {
      const pairs = pairsOf(map.get(key, true));
      if (pairs.length > 0) labels.push({ pairs, includeSelectors: true, includeTemplates: true });
      continue;
    }
    for (const item of seqAt(map, key)) {
      if (!isMap(item)) continue;
      const includeSelectors = item.get('includeSelectors') === true;
      labels.push({ pairs: pairsOf(item.get('pairs', true)), includeSelectors, includeTemplates: includeSelectors || item.get('includeTemplates') === true });
    }
  }
  return { path, isComponent, namespace, namePrefix, nameSuffix, labels, references, inlinePatches, problems };
}

function pluginProblem(span: Span, key: string): KustomizationProblem {
  return { code: 'render/plugin-disabled', span, message: `this ${key.replace(/s$/, '')} is a KRM function or exec plugin; K8s Route never runs plugins, so the unit is approximated without it` };
}

function hasFunctionAnnotation(map: YAMLMap): boolean {
  const metadata = map.get('metadata', true);
  const annotations = isMap(metadata) ? metadata.get('annotations', true) : undefined;
  return isMap(annotations) && annotations.items.some((pair) => isScalar(pair.key) && /config\.(kubernetes\.io|k8s\.io)\/function/.test(String(pair.key.value)));
}

function readTarget(node: unknown): PatchTarget | undefined {
  if (!isMap(node)) return undefined;
  const kind = scalarString(node.get('kind', true));
  const name = scalarString(node.get('name', true));
  const bySelector = node.has('labelSelector') || node.has('annotationSelector');
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}), ...(bySelector ? { bySelector } : {}) };
}

function seqAt(map: YAMLMap, key: string): unknown[] {
  const node = map.get(key, true);
  return isSeq(node) ? node.items : [];
}

function stringAt(map: YAMLMap, key: string): string | undefined {
  return scalarString(map.get(key, true));
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function keySpan(map: YAMLMap, key: string): Span {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return spanOf(pair?.key as Node | undefined);
}

function pairsOf(node: unknown): Array<[string, string]> {
  if (!isMap(node)) return [];
  const pairs: Array<[string, string]> = [];
  for (const pair of node.items) {
    const key = scalarString(pair.key);
    const value = scalarString(pair.value);
    if (key !== undefined && value !== undefined) pairs.push([key, value]);
  }
  return pairs;
}
