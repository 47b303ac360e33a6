/**
 * Turning one file's text into Kubernetes objects. Parsing never throws: YAML errors become
 * `yaml/*` findings at their place and the file's other documents are still read. Files that
 * are Go templates are recognised and skipped. This module does not judge object contents.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Finding, SourceFile, Span } from './model';
import { findTemplateAction, inChartTemplates, looksLikeManifest } from './template';
import { fastDocuments } from './fastYaml';
import { DocumentView, findDuplicateKeys } from './yamlView';

/** How manifests are read: merge keys as Kubernetes' decoder takes them, repeated keys reported by us. */
const yamlOptions = { merge: true, prettyErrors: false, uniqueKeys: false, strict: false } as const;

/** The kinds whose contents the rules understand, by `apiVersion` and `kind`. */
export type RecognizedKind =
  | 'Service'
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController'
  | 'Endpoints'
  | 'EndpointSlice'
  | 'Ingress'
  | 'NetworkPolicy'
  | 'AdminNetworkPolicy'
  | 'BaselineAdminNetworkPolicy'
  | 'ClusterNetworkPolicy'
  | 'Gateway'
  | 'GatewayClass'
  | 'ListenerSet'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'TLSRoute'
  | 'TCPRoute'
  | 'UDPRoute'
  | 'ReferenceGrant';

/** The Gateway API kinds, read in every served version of gateway.networking.k8s.io. */
const gatewayKinds = ['Gateway', 'GatewayClass', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant'] as const;
const gatewayVersions = ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3'];

const recognizedKinds: ReadonlyMap<string, RecognizedKind> = new Map([
  ['v1 Service', 'Service'],
  ['v1 Pod', 'Pod'],
  ['v1 ReplicationController', 'ReplicationController'],
  ['v1 Endpoints', 'Endpoints'],
  ['apps/v1 Deployment', 'Deployment'],
  ['apps/v1 ReplicaSet', 'ReplicaSet'],
  ['apps/v1 StatefulSet', 'StatefulSet'],
  ['apps/v1 DaemonSet', 'DaemonSet'],
  ['batch/v1 Job', 'Job'],
  ['batch/v1 CronJob', 'CronJob'],
  ['batch/v1beta1 CronJob', 'CronJob'],
  ['discovery.k8s.io/v1 EndpointSlice', 'EndpointSlice'],
  ['networking.k8s.io/v1 Ingress', 'Ingress'],
  ['networking.k8s.io/v1 NetworkPolicy', 'NetworkPolicy'],
  ['policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy', 'AdminNetworkPolicy'],
  ['policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
  ['policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy', 'ClusterNetworkPolicy'],
  ['policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy', 'ClusterNetworkPolicy'],
  ...gatewayVersions.flatMap((version) => gatewayKinds.map((kind) => [`gateway.networking.k8s.io/${version} ${kind}`, kind] as const)),
] as const);

/** One Kubernetes object found in a file: a YAML document, or one item of a `kind: List`. */
export interface KubeObject {
  readonly file: string;
  readonly view: DocumentView;
  /** The object's own mapping; field paths are relative to it. */
  readonly root: YAMLMap;
  readonly apiVersion: string;
  readonly kind: string;
  readonly recognized: RecognizedKind | undefined;
  readonly name: string | undefined;
  /** metadata.namespace as written, or undefined. */
  readonly namespace: string | undefined;
  /** Where findings about the object as a whole point: its `kind` value. */
  readonly anchorSpan: Span;
  /** The whole object's span. */
  readonly span: Span;
}

export interface ParsedFile {
  readonly path: string;
  readonly objects: readonly KubeObject[];
  /** yaml/* and template/* findings. */
  readonly findings: readonly Finding[];
  /** The parsed documents by their text, for reuse when the file is parsed again. */
  readonly chunks: ChunkCache;
}

/**
 * Parsed YAML by document text. A file is split into its documents (at `---` and `...` lines,
 * where YAML itself ends a document) and each is parsed alone, so after an edit only the changed
 * document is parsed again; the others come from the cache with their new position.
 */
export type ChunkCache = ReadonlyMap<string, readonly Document[]>;

const documentBoundary = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

/** Splits a file's text into document chunks with their offsets. */
export function documentChunks(text: string): Array<{ start: number; text: string }> {
  const starts = [0];
  for (const match of text.matchAll(documentBoundary)) {
    // Directives (%YAML, %TAG) belong to the document after them, so they stay in its chunk.
    if (match.index === 0 || (starts.length === 1 && /^(?:[ \t]*(?:%.*|#.*)?\r?\n)*$/.test(text.slice(0, match.index)))) continue;
    starts.push(match.index!);
  }
  return starts.map((start, index) => ({ start, text: text.slice(start, starts[index + 1] ?? text.length) }));
}

/** Parses one file into objects and parse findings, reusing the documents of `previous` that did not change. */
export function parseFile(file: SourceFile, previous?: ChunkCache): ParsedFile {
  const findings: Finding[] = [];
  const parseFinding = (code: string, severity: Finding['severity'], span: Span, message: string): Finding => ({
    code,
    severity,
    file: file.path,
    span,
    message,
    path: null,
    object: null,
  });

  const empty = new Map<string, readonly Document[]>();
  const json = isJsonPath(file.path);
  // JSON is read only when it can hold an object (package.json, tsconfig and dashboards cannot);
  // the test is on text, so large JSON that is no manifest is never parsed.
  if (json && !(/"apiVersion"\s*:/.test(file.text) && /"kind"\s*:/.test(file.text))) return { path: file.path, objects: [], findings, chunks: empty };
  if (file.text.includes('\u0000')) {
    findings.push(parseFinding('yaml/not-text', 'information', { start: 0, end: 0 }, 'file contains NUL bytes and is not a text manifest; it was not analysed'));
    return { path: file.path, objects: [], findings, chunks: empty };
  }
  // JSON has no plain scalars: `{{` can only sit inside strings, where it is text.
  const templateOffset = json ? -1 : findTemplateAction(file.text);
  if (templateOffset !== -1) {
    // Only a file that is meant to be manifests gets told to render: other YAML with template
    // syntax (release-tool configs, CI files) is none of our business.
    if (looksLikeManifest(file.text) || inChartTemplates(file.path)) findings.push(parseFinding('template/skipped', 'information', { start: templateOffset, end: templateOffset + 2 }, 'file contains template actions ({{ … }}) outside quoted strings; render it first to check the resulting manifests'));
    return { path: file.path, objects: [], findings, chunks: empty };
  }

  const objects: KubeObject[] = [];
  const chunks = new Map<string, readonly Document[]>();
  for (const chunk of documentChunks(file.text)) {
    let documents = previous?.get(chunk.text) ?? chunks.get(chunk.text);
    if (!documents) {
      try {
        // Most manifests are in the subset the fast reader knows; it answers undefined for the rest.
        const parsed = (json ? undefined : fastDocuments(chunk.text, yamlOptions)) ?? parseAllDocuments(chunk.text, yamlOptions);
        documents = Array.isArray(parsed) ? parsed : [];
      } catch (error) {
        // The yaml package recurses per nesting level; thousands of levels exhaust the stack.
        findings.push(parseFinding('yaml/syntax', 'error', { start: chunk.start, end: chunk.start }, tooDeep(error)));
        continue;
      }
    }
    chunks.set(chunk.text, documents);
    for (const document of documents) {
      try {
        readDocument(file, document, chunk.start, objects, findings, parseFinding);
      } catch (error) {
        const start = chunk.start + (document.range?.[0] ?? 0);
        findings.push(parseFinding('yaml/syntax', 'error', { start, end: start }, tooDeep(error)));
      }
    }
  }
  // A file with no Kubernetes object is not ours to judge (CI workflows, compose files, JSON that
  // merely mentions the words): its duplicate keys and syntax errors are left to other tools,
  // unless it says it is a manifest (a top-level `kind:`, or the words apiVersion and kind).
  const saysManifest = json ? findings.some((finding) => finding.code === 'yaml/syntax') : looksLikeManifest(file.text) || (/\bapiVersion\b/.test(file.text) && /\bkind\b/.test(file.text));
  if (objects.length === 0 && !saysManifest) return { path: file.path, objects, findings: [], chunks };
  return { path: file.path, objects, findings, chunks };
}

/** Whether a path (or URI) names a JSON file, which kubectl applies like YAML. */
export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}

function tooDeep(error: unknown): string {
  if (error instanceof RangeError) return 'the YAML is nested too deeply to be read';
  return `the YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

type MakeFinding = (code: string, severity: Finding['severity'], span: Span, message: string) => Finding;

function readDocument(file: SourceFile, document: Document, base: number, objects: KubeObject[], findings: Finding[], parseFinding: MakeFinding): void {
  for (const error of document.errors) {
    // The parser may place an error one past the end of the text ("missing closing quote").
    const limit = file.text.length;
    const start = Math.min(base + error.pos[0], limit);
    const end = Math.min(base + Math.max(error.pos[1], error.pos[0]), limit);
    findings.push(parseFinding('yaml/syntax', 'error', { start, end }, lowerFirst(error.message)));
  }
  if (document.errors.length > 0) return;
  const view = new DocumentView(document, base);
  for (const duplicate of findDuplicateKeys(document)) {
    const line = lineOf(file.text, view.span(duplicate.first).start);
    findings.push(parseFinding('yaml/duplicate-key', 'warning', view.span(duplicate.repeated), `key "${duplicate.key}" is set again here (first on line ${line}); kubectl keeps this later value`));
  }
  collectObjects(file.path, view, view.deref(document.contents), objects);
}

/**
 * The objects of a document: the mapping itself, or the items of a list. A typed list as the API
 * returns it (`PodList`, `apps/v1 DeploymentList`) omits `apiVersion` and `kind` in its items;
 * they take the list's group version and the kind its name implies.
 */
function collectObjects(path: string, view: DocumentView, node: Node | null, objects: KubeObject[], implied?: { apiVersion: string; kind: string }): void {
  if (!isMap(node)) return;
  const apiVersionEntry = view.get(node, 'apiVersion');
  const kindEntry = view.get(node, 'kind');
  const apiVersion = scalarText(view, apiVersionEntry?.value) ?? (apiVersionEntry ? undefined : implied?.apiVersion);
  const kind = scalarText(view, kindEntry?.value) ?? (kindEntry ? undefined : implied?.kind);
  if (apiVersion === undefined || kind === undefined || kind === '') return;
  if (kind.endsWith('List') && !implied) {
    const items = view.deref(view.get(node, 'items')?.value);
    // `kind: List` (what kubectl prints) has items that name their own kind.
    const itemKind = kind === 'List' ? undefined : { apiVersion, kind: kind.slice(0, -'List'.length) };
    if (isSeq(items)) {
      for (const item of items.items) collectObjects(path, view, view.deref(item), objects, itemKind);
    }
    if (isSeq(items) || kind === 'List') return;
  }
  const metadata = view.deref(view.get(node, 'metadata')?.value);
  const name = isMap(metadata) ? scalarText(view, view.get(metadata, 'name')?.value) : undefined;
  const namespace = isMap(metadata) ? scalarText(view, view.get(metadata, 'namespace')?.value) : undefined;
  // An item whose kind is implied is pointed at by its first key.
  const anchor = kindEntry?.value ?? kindEntry?.keyNode ?? (node.items[0]?.key as Node | undefined) ?? node;
  objects.push({
    file: path,
    view,
    root: node,
    apiVersion,
    kind,
    recognized: recognizedKinds.get(`${apiVersion} ${kind}`),
    name,
    namespace,
    anchorSpan: view.span(anchor),
    span: view.span(node),
  });
}

function scalarText(view: DocumentView, raw: Node | null | undefined): string | undefined {
  const node = view.deref(raw ?? null);
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  return trimmed.length > 0 ? trimmed[0].toLowerCase() + trimmed.slice(1) : trimmed;
}

/**
 * Kinds that live outside namespaces: built-in ones and those of the projects this tool models
 * (Gateway API, network-policy-api) or commonly meets (cert-manager). A namespace written on
 * them is ignored by the API server, so they never get one.
 */
export const clusterScopedKinds: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'IngressClass',
  'PriorityClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration', 'IPAddress', 'ServiceCIDR', 'VolumeAttributesClass',
  'DeviceClass', 'GatewayClass', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'ClusterIssuer',
]);

/** `Kind/namespace/name` in an effective namespace; `Kind/name` for a cluster-scoped kind. */
export function objectIdIn(object: KubeObject, namespace: string): string {
  return clusterScopedKinds.has(object.kind) ? `${object.kind}/${object.name ?? ''}` : `${object.kind}/${namespace}/${object.name ?? ''}`;
}

/** The API group of an apiVersion (`apps` of `apps/v1`, '' for the core group `v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
