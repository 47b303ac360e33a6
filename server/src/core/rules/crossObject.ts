/**
 * Findings that relate objects to each other — what the API server never checks: whether a
 * Service's selector reaches any pod template, whether its targetPort resolves in each matched
 * workload, cluster-wide nodePort and clusterIP clashes, objects defined twice, StatefulSet
 * serviceName and Ingress backends. Each names the other object as a related location.
 */
import type { ServiceModel, ServicePortModel, StringPairs } from '../decode';
import type { AnalysisSettings, Finding, RelatedLocation, Severity, Span } from '../model';
import { ianaServiceNameProblem } from '../names';
import { apiGroupOf } from '../parse';
import { isRenderedPath } from '../paths';
import { formatPairs, matchScore, pairsToRecord, resolveTargetPort, selectorHolds, selectorMatches, shortName, templateLabels } from '../routing';
import type { DeclaredPort, IndexedObject } from '../routing';
import { ruleInfo } from './catalog';
import { effectiveClusterIPs, effectiveProtocol, effectiveTargetPort, effectiveType, isHeadless } from './serviceShape';
import { isMap, isScalar } from '../yamlView';

/** What the cross-object rules may ask of the workspace. */
export interface WorkspaceQuery {
  readonly settings: AnalysisSettings;
  templatesIn(namespace: string): Iterable<IndexedObject>;
  /** The pod templates of a namespace whose labels a non-empty selector matches. */
  templatesMatching(namespace: string, selector: StringPairs): IndexedObject[];
  servicesIn(namespace: string): Iterable<IndexedObject>;
  /** The Services of a namespace with a name (this index only). */
  servicesNamed(namespace: string, name: string): IndexedObject[];
  /** Endpoints and EndpointSlice objects of a namespace. */
  endpointObjectsIn(namespace: string): Iterable<IndexedObject>;
  servicesWithNodePort(nodePort: number): Iterable<IndexedObject>;
  servicesWithClusterIp(ip: string): Iterable<IndexedObject>;
  objectsWithId(id: string): Iterable<IndexedObject>;
  /** Objects of API groups outside Kubernetes (custom resources) in a namespace: what operators turn into Pods. */
  customResourcesIn(namespace: string): Iterable<IndexedObject>;
  /**
   * The rest of the cluster: the other files and units of the repository (scope) this index is
   * part of, asked only when nothing here answers. Its objects' files may be other units'
   * rendered texts, which the repository maps back.
   */
  readonly elsewhere?: ClusterQuery;
  /** Records that an object's findings used `elsewhere`, so a change there recomputes it. */
  usedElsewhere?(object: IndexedObject): void;
}

/** What the rest of a cluster answers: the same questions, of other indexes. */
export interface ClusterQuery {
  templatesMatching(namespace: string, selector: StringPairs): IndexedObject[];
  servicesNamed(namespace: string, name: string): IndexedObject[];
  customResourcesIn(namespace: string): Iterable<IndexedObject>;
  /** The text of another index's file, for lines and links. */
  source(path: string): { readonly path: string; readonly text: string } | undefined;
  /** The policies, pod templates, Pods and operator resources of these namespaces, and every Namespace object. */
  policyObjectsIn(namespaces: ReadonlySet<string>): IndexedObject[];
  /** Whether the indexes `policyObjectsIn` reads hold any policy. */
  hasPolicies(): boolean;
}

/**
 * Of several candidates, those nearest to `from`: in its file (applied with it for sure), else in
 * its folder, else anywhere in its index. Repositories keep alternatives side by side (a sample
 * beside its dual-stack variant, stand-alone quickstarts), and the nearest one is the one a
 * reference means.
 */
export function nearest<T extends IndexedObject>(from: IndexedObject, candidates: Iterable<T>): T[] {
  const folder = from.file.slice(0, from.file.lastIndexOf('/') + 1);
  const groups: T[][] = [[], [], []];
  for (const candidate of candidates) {
    const distance = candidate.file === from.file ? 0 : candidate.file.slice(0, candidate.file.lastIndexOf('/') + 1) === folder ? 1 : 2;
    groups[distance].push(candidate);
  }
  return groups.find((group) => group.length > 0) ?? [];
}

/** Of objects from several units, one per object (the first), so a base built by three overlays counts once. */
function onePerObject(objects: readonly IndexedObject[]): IndexedObject[] {
  const seen = new Set<string>();
  return objects.filter((object) => {
    const identity = objectIdentity(object);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

/** The Services of a namespace with a name, nearest first; else from the rest of the cluster. */
export function servicesNamed(query: WorkspaceQuery, from: IndexedObject, namespace: string, name: string): IndexedObject[] {
  const own = query.servicesNamed(namespace, name);
  if (own.length > 0) return onePerObject(nearest(from, own));
  query.usedElsewhere?.(from);
  return onePerObject(query.elsewhere?.servicesNamed(namespace, name) ?? []);
}

interface CrossReport {
  readonly code: string;
  readonly span: Span;
  readonly path: string | null;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly severity?: Severity;
  readonly data?: Readonly<Record<string, unknown>>;
}

export type Emit = (report: CrossReport) => void;

/** A finding factory for one object. */
export function emitterFor(indexed: IndexedObject, into: Finding[]): Emit {
  return (report) =>
    into.push({
      code: report.code,
      severity: report.severity ?? ruleInfo(report.code).severity,
      file: indexed.file,
      span: report.span,
      message: report.message,
      path: report.path,
      object: indexed.id,
      ...(report.related && report.related.length > 0 ? { related: report.related } : {}),
      ...(report.data ? { data: report.data } : {}),
    });
}

function templateLocation(workload: IndexedObject, message: string): RelatedLocation {
  const template = workload.decoded.template;
  const span = template?.labels?.span ?? template?.metadataSpan ?? template?.span ?? workload.object.anchorSpan;
  return { file: workload.file, span, message };
}

function objectLocation(other: IndexedObject, message: string): RelatedLocation {
  return { file: other.file, span: other.object.anchorSpan, message };
}

/**
 * The workloads whose pod template labels a Service's selector matches: the nearest ones (its
 * file, its folder, its unit), else those of the rest of the cluster.
 */
export function matchedWorkloads(query: WorkspaceQuery, service: IndexedObject): IndexedObject[] {
  const selector = service.decoded.service?.selector?.value ?? [];
  if (selector.length === 0) return [];
  const own = query.templatesMatching(service.namespace, selector);
  // Copies of one workload in several files beside the Service are alternatives: one of them counts.
  if (own.length > 0) return onePerObject(nearest(service, own));
  // An operator's resource beside the Service that carries the labels is nearer than anything elsewhere.
  if ([...query.customResourcesIn(service.namespace)].some((resource) => describesPods(resource) && selectorHolds(selector, operatorLabels(resource)))) return [];
  query.usedElsewhere?.(service);
  return onePerObject(query.elsewhere?.templatesMatching(service.namespace, selector) ?? []);
}

/** The Services of a workload's namespace that select it (the workload is among their nearest matches). */
export function servicesSelecting(query: WorkspaceQuery, workload: IndexedObject): IndexedObject[] {
  const labels = templateLabels(workload);
  return [...query.servicesIn(workload.namespace)].filter((service) => selectorMatches(service.decoded.service?.selector?.value ?? [], labels) && matchedWorkloads(query, service).includes(workload));
}

export function checkServiceRouting(query: WorkspaceQuery, indexed: IndexedObject, emit: Emit): void {
  const service = indexed.decoded.service;
  if (!service || effectiveType(service) === 'ExternalName') return;
  const selector = service.selector?.value ?? [];
  if (selector.length === 0) {
    reportNoSelector(query, indexed, service, emit);
    return;
  }
  const matched = matchedWorkloads(query, indexed);
  if (matched.length === 0) {
    reportNoMatch(query, indexed, service, emit);
    return;
  }
  for (const port of service.ports?.value ?? []) checkPortResolution(port, matched, emit);
}

function reportNoSelector(query: WorkspaceQuery, indexed: IndexedObject, service: ServiceModel, emit: Emit): void {
  const name = indexed.object.name ?? '';
  const endpoints = [...query.endpointObjectsIn(indexed.namespace)].filter((candidate) =>
    candidate.object.kind === 'Endpoints'
      ? candidate.object.name === name
      : candidate.decoded.metadata.labels?.value.some((label) => label.key === 'kubernetes.io/service-name' && label.value === name),
  );
  const found = endpoints.length > 0 ? `found in the workspace: ${endpoints.map(shortName).join(', ')}` : 'none are in the workspace';
  emit({
    code: 'service/no-selector',
    span: service.selector?.keySpan ?? service.type?.span ?? service.specSpan,
    path: 'spec.selector',
    message: `this Service has no selector, so Kubernetes creates no endpoints for it: they must come from Endpoints or EndpointSlice objects (${found})`,
    related: endpoints.map((endpoint) => objectLocation(endpoint, `${shortName(endpoint)} provides endpoints for this Service`)),
  });
}

function reportNoMatch(query: WorkspaceQuery, indexed: IndexedObject, service: ServiceModel, emit: Emit): void {
  const selector = service.selector!.value;
  const workloads = [...query.templatesIn(indexed.namespace)];
  const base = `selector ${formatPairs(selector)} matches no pod template in namespace ${indexed.namespace}`;
  // The classic mistake: the workload itself carries the labels, its pod template does not.
  const ownLabelsMatch = workloads.find((workload) => workload.object.recognized !== 'Pod' && selectorMatches(selector, workload.decoded.metadata.labels?.value ?? []));
  if (ownLabelsMatch) {
    emit({
      code: 'service/selector-matches-nothing',
      span: service.selector!.keySpan,
      path: 'spec.selector',
      message: `${base}; ${shortName(ownLabelsMatch)} has these labels on itself, but its Pods get only the template's labels (${formatPairs(templateLabels(ownLabelsMatch)) || 'none'})`,
      related: [templateLocation(ownLabelsMatch, `${shortName(ownLabelsMatch)} pod template labels`)],
      data: { candidate: ownLabelsMatch.id, labels: pairsToRecord(templateLabels(ownLabelsMatch)) },
    });
    return;
  }
  // An operator's resource (a Prometheus, a Postgres cluster) that carries every selected label:
  // its operator creates the Pods, which no manifest shows.
  // Of the resources that carry every selected label, one that describes Pods is the one its operator runs them for.
  const carries = (resource: IndexedObject): boolean => selectorHolds(selector, operatorLabels(resource));
  const rank = (resources: IndexedObject[]): IndexedObject[] => [...resources.filter(describesPods), ...resources.filter((resource) => !describesPods(resource))];
  const operated = rank(nearest(indexed, [...query.customResourcesIn(indexed.namespace)].filter(carries)))[0] ?? rank([...(query.elsewhere?.customResourcesIn(indexed.namespace) ?? [])].filter(carries))[0];
  if (operated) {
    emit({
      code: 'service/pods-from-operator',
      span: service.selector!.keySpan,
      path: 'spec.selector',
      message: `selector ${formatPairs(selector)} matches no pod template in namespace ${indexed.namespace}, but ${shortName(operated)} carries these labels: its operator creates the Pods`,
      related: [{ file: operated.file, span: operated.object.anchorSpan, message: shortName(operated) }],
      data: { operator: operated.id },
    });
    return;
  }
  // Pods the cluster runs itself, which no repository holds: kubeadm's control plane, its DNS and proxy.
  const provided = indexed.namespace === 'kube-system' ? clusterProvidedPods.find((pods) => selector.every((pair) => pods.labels[pair.key] === pair.value)) : undefined;
  if (provided) {
    emit({
      code: 'service/pods-from-cluster',
      span: service.selector!.keySpan,
      path: 'spec.selector',
      message: `selector ${formatPairs(selector)} matches no pod template in the files, but the cluster itself runs such Pods in kube-system (${provided.what}); on a cluster without them it selects nothing`,
    });
    return;
  }
  let best: IndexedObject | undefined;
  let bestScore = 0;
  for (const workload of workloads) {
    const score = matchScore(selector, templateLabels(workload));
    if (score > bestScore) {
      best = workload;
      bestScore = score;
    }
  }
  const relevant = best ? templateLabels(best).filter((label) => selector.some((pair) => pair.key === label.key)) : [];
  const closest = best ? `; closest: ${shortName(best)} has ${formatPairs(relevant)}` : workloads.length === 0 ? ' (there are no pod templates in this namespace in the workspace)' : '';
  emit({
    code: 'service/selector-matches-nothing',
    span: service.selector!.keySpan,
    path: 'spec.selector',
    message: `${base}${closest}`,
    related: best ? [templateLocation(best, `${shortName(best)} pod template labels`)] : [],
    data: best ? { candidate: best.id, labels: pairsToRecord(templateLabels(best)) } : undefined,
  });
}

/** Pods clusters run without manifests in a repository, with the labels kubeadm gives them. */
const clusterProvidedPods: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>>; readonly what: string }> = [
  ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((component) => ({ labels: { component, tier: 'control-plane' }, what: `the ${component} static Pods of a kubeadm control plane` })),
  { labels: { 'k8s-app': 'kube-dns' }, what: 'the cluster DNS (CoreDNS) Pods' },
  { labels: { 'k8s-app': 'kube-proxy' }, what: 'the kube-proxy Pods' },
];

function checkPortResolution(port: ServicePortModel, matched: readonly IndexedObject[], emit: Emit): void {
  const target = effectiveTargetPort(port);
  // An invalid port name is already an error of its own; resolving it would only repeat that.
  if (target === undefined || (typeof target === 'string' && ianaServiceNameProblem(target))) return;
  const span = port.targetPort?.span ?? port.port?.span ?? port.span;
  const path = `${port.path}.targetPort`;
  const resolvedNumbers = new Map<number, IndexedObject[]>();
  for (const workload of matched) {
    const resolution = resolveTargetPort(port, workload);
    const related = [templateLocation(workload, `${shortName(workload)} pod template`)];
    switch (resolution.kind) {
      case 'resolved': {
        const list = resolvedNumbers.get(resolution.port.number) ?? [];
        list.push(workload);
        resolvedNumbers.set(resolution.port.number, list);
        break;
      }
      case 'unresolved': {
        const names = [...new Set(resolution.declared.filter((declared) => declared.name).map((declared) => `${declared.name} (${declared.number}/${declared.protocol})`))];
        const otherProtocol = resolution.otherProtocol
          ? `; its port "${resolution.name}" is ${resolution.otherProtocol.protocol}, but this Service port is ${effectiveProtocol(port)}`
          : `; it has ${names.length > 0 ? names.join(', ') : 'no named ports'}`;
        emit({
          code: 'service/target-port-unresolved',
          span,
          path,
          message: `targetPort "${resolution.name}" names no ${effectiveProtocol(port)} container port of ${shortName(workload)}${otherProtocol}`,
          related,
          data: { workload: workload.id, names: resolution.declared.filter((declared) => declared.name).map((declared) => declared.name) },
        });
        break;
      }
      case 'protocol-mismatch':
        emit({
          code: 'service/protocol-mismatch',
          span: port.protocol?.span ?? span,
          path: `${port.path}.protocol`,
          message: `this Service port is ${effectiveProtocol(port)}, but ${shortName(workload)} declares port ${resolution.number} as ${resolution.declared.protocol} (container ${resolution.declared.container})`,
          related,
          data: { workload: workload.id },
        });
        break;
      case 'undeclared':
        // Only worth saying when the workload documents its ports at all.
        if (resolution.declared.length > 0) {
          emit({
            code: 'service/target-port-undeclared',
            span,
            path,
            message: `targetPort ${resolution.number} is not a declared container port of ${shortName(workload)} (it declares ${describePorts(resolution.declared)}); traffic arrives only if a container listens on ${resolution.number}`,
            related,
            data: { workload: workload.id },
          });
        }
        break;
      case 'unknown':
        break;
    }
  }
  if (typeof target === 'string' && resolvedNumbers.size > 1) {
    const parts = [...resolvedNumbers].map(([number, workloads]) => `${number} in ${workloads.map(shortName).join(', ')}`);
    emit({
      code: 'service/target-port-varies',
      span,
      path,
      message: `targetPort "${target}" resolves to different container ports: ${parts.join('; ')}`,
      related: [...resolvedNumbers.values()].flat().map((workload) => templateLocation(workload, `${shortName(workload)} pod template`)),
    });
  }
}

function describePorts(ports: readonly DeclaredPort[]): string {
  return [...new Set(ports.map((port) => `${port.number}/${port.protocol}`))].join(', ');
}

/** How many other objects a finding names and links; a thousand-way clash lists a few and counts the rest. */
const namedOthers = 3;
const linkedOthers = 10;

/** Up to `limit` objects of `candidates` other than `self`, and how many others there are in all. */
function othersThan(candidates: ReadonlySet<IndexedObject> | Iterable<IndexedObject>, self: IndexedObject, limit: number, sameId = false): { shown: IndexedObject[]; total: number } {
  const shown: IndexedObject[] = [];
  let total = 0;
  for (const candidate of candidates) {
    if (candidate === self || (!sameId && candidate.id === self.id)) continue;
    total++;
    if (shown.length < limit) shown.push(candidate);
  }
  return { shown, total };
}

function nameList(others: { shown: IndexedObject[]; total: number }): string {
  const names = others.shown.slice(0, namedOthers).map((other) => other.id);
  return others.total > names.length ? `${names.join(', ')} and ${others.total - names.length} more` : names.join(', ');
}

/** nodePort and clusterIP values are unique in the whole cluster. */
export function checkClusterWideClashes(query: WorkspaceQuery, indexed: IndexedObject, emit: Emit): void {
  const service = indexed.decoded.service;
  if (!service) return;
  const type = effectiveType(service);
  if (type === 'NodePort' || type === 'LoadBalancer') {
    for (const port of service.ports?.value ?? []) {
      const nodePort = port.nodePort?.value;
      const range = query.settings.nodePortRange;
      // Out of range, the allocator refuses the port before any clash could matter.
      if (!nodePort || nodePort < range.min || nodePort > range.max) continue;
      const others = othersThan(query.servicesWithNodePort(nodePort), indexed, linkedOthers);
      if (others.total === 0) continue;
      emit({
        code: 'service/node-port-conflict',
        span: port.nodePort!.span,
        path: `${port.path}.nodePort`,
        message: `nodePort ${nodePort} is also used by ${nameList(others)}; a node port belongs to one Service in the whole cluster`,
        related: others.shown.map((other) => objectLocation(other, `${other.id} uses nodePort ${nodePort}`)),
      });
    }
  }
  if (type === 'ExternalName') return;
  for (const ip of effectiveClusterIPs(service)) {
    if (ip.value === 'None' || ip.value === '') continue;
    const others = othersThan(query.servicesWithClusterIp(ip.value), indexed, linkedOthers);
    if (others.total === 0) continue;
    emit({
      code: 'service/cluster-ip-conflict',
      span: ip.span,
      path: 'spec.clusterIPs',
      message: `clusterIP ${ip.value} is also requested by ${nameList(others)}; a cluster IP belongs to one Service`,
      related: others.shown.map((other) => objectLocation(other, `${other.id} requests clusterIP ${ip.value}`)),
    });
  }
}

/**
 * The same object (API group, kind, namespace and name) defined twice where both are applied
 * together for sure: in one file (`kubectl apply -f FILE`), or in one render unit's output (one
 * virtual file). Definitions in other files may be alternatives applied one at a time; the hover
 * names them (`definitionsOf`).
 */
export function checkDuplicateObjects(query: WorkspaceQuery, indexed: IndexedObject, emit: Emit): void {
  if (!indexed.object.name) return;
  const identity = objectIdentity(indexed);
  const sameFile = [...query.objectsWithId(indexed.id)].filter((other) => other.file === indexed.file && objectIdentity(other) === identity);
  const others = othersThan(sameFile, indexed, linkedOthers, true);
  if (others.total === 0) return;
  emit({
    code: 'workspace/duplicate-object',
    span: indexed.decoded.metadata.name?.span ?? nameSpanOf(indexed) ?? indexed.object.anchorSpan,
    path: 'metadata.name',
    message: `${indexed.id} is defined ${others.total + 1} times in ${isRenderedPath(indexed.file) ? "this unit's rendered output" : 'this file'}, which is applied as a whole; the definition applied last replaces the others`,
    related: others.shown.map((other) => objectLocation(other, `${other.id} is also defined here`)),
  });
}

/** What makes two definitions one object: API group, kind, namespace and name (an Istio and a Gateway API Gateway are two). */
export function objectIdentity(indexed: IndexedObject): string {
  return `${apiGroupOf(indexed.object.apiVersion)}\u0000${indexed.id}`;
}

/** Where `metadata.name` is written, read from the YAML (objects of unmodelled kinds are not decoded). */
export function nameSpanOf(indexed: IndexedObject): Span | undefined {
  const view = indexed.object.view;
  const metadata = view.deref(view.get(indexed.object.root, 'metadata')?.value ?? null);
  if (!isMap(metadata)) return undefined;
  const name = view.deref(view.get(metadata, 'name')?.value ?? null);
  return isScalar(name) ? view.span(name) : undefined;
}

/** A StatefulSet's serviceName must name a headless Service, or its Pods get no DNS names. */
export function checkStatefulSetService(query: WorkspaceQuery, indexed: IndexedObject, emit: Emit): void {
  const serviceName = indexed.decoded.workload?.serviceName;
  if (!serviceName || serviceName.value === '') return;
  const target = servicesNamed(query, indexed, indexed.namespace, serviceName.value)[0];
  if (!target) {
    emit({
      code: 'workload/service-name-unknown',
      span: serviceName.span,
      path: 'spec.serviceName',
      message: `serviceName "${serviceName.value}" names no Service in namespace ${indexed.namespace}; the Pods get no stable DNS names until a headless Service of that name exists`,
    });
    return;
  }
  const service = target.decoded.service;
  if (service && !isHeadless(service)) {
    emit({
      code: 'workload/service-name-not-headless',
      span: serviceName.span,
      path: 'spec.serviceName',
      message: `serviceName "${serviceName.value}" names a Service that is not headless; per-Pod DNS names such as ${indexed.object.name}-0.${serviceName.value} need clusterIP: None`,
      related: [objectLocation(target, `${target.id} has a cluster IP`)],
    });
  }
}

/** Ingress backends must name an existing Service and one of its ports. */
export function checkIngressBackends(query: WorkspaceQuery, indexed: IndexedObject, emit: Emit): void {
  for (const backend of indexed.decoded.ingressBackends ?? []) {
    const name = backend.serviceName?.value;
    if (!name) continue;
    const target = servicesNamed(query, indexed, indexed.namespace, name)[0];
    if (!target) {
      emit({
        code: 'ingress/unknown-service',
        span: backend.serviceName!.span,
        path: `${backend.path}.name`,
        message: `Service "${name}" does not exist in namespace ${indexed.namespace} in the workspace`,
      });
      continue;
    }
    const ports = target.decoded.service?.ports?.value ?? [];
    const related = [objectLocation(target, `${target.id}`)];
    const number = backend.portNumber?.value;
    if (number !== undefined && !ports.some((port) => port.port?.value === number)) {
      emit({
        code: 'ingress/unknown-port',
        span: backend.portNumber!.span,
        path: `${backend.path}.port.number`,
        message: `Service ${name} has no port ${number} (it has ${ports.map((port) => port.port?.value).filter((value) => value !== undefined).join(', ') || 'no ports'})`,
        related,
      });
    }
    const portName = backend.portName?.value;
    if (portName !== undefined && portName !== '' && !ports.some((port) => port.name?.value === portName)) {
      const names = ports.map((port) => port.name?.value).filter((value): value is string => !!value);
      emit({
        code: 'ingress/unknown-port',
        span: backend.portName!.span,
        path: `${backend.path}.port.name`,
        message: `Service ${name} has no port named "${portName}" (it has ${names.length > 0 ? names.map((value) => `"${value}"`).join(', ') : 'no named ports'})`,
        related,
      });
    }
  }
}


/**
 * The labels an operator's Pods may get from its resource: the resource's own labels, the
 * labels of its pod template or pod metadata, and `<kind>: <name>` (prometheus: k8s), read from
 * the YAML since custom resources are not decoded.
 */
export function operatorLabels(resource: IndexedObject): Map<string, string> {
  const view = resource.object.view;
  const labels = new Map<string, string>([[resource.object.kind.toLowerCase(), resource.object.name ?? '']]);
  const mapAt = (path: readonly string[]): void => {
    let node = view.deref(resource.object.root);
    for (const key of path) {
      if (!isMap(node)) return;
      node = view.deref(view.get(node, key)?.value ?? null);
    }
    if (!isMap(node)) return;
    for (const entry of view.entries(node)) {
      const value = view.deref(entry.value);
      if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean')) labels.set(entry.key, String(value.value));
    }
  };
  mapAt(['metadata', 'labels']);
  mapAt(['spec', 'podMetadata', 'labels']);
  mapAt(['spec', 'template', 'metadata', 'labels']);
  mapAt(['spec', 'inheritedMetadata', 'labels']);
  return labels;
}

/**
 * Whether a custom resource's spec describes Pods its operator runs: their metadata or template
 * (podMetadata, inheritedMetadata, podTemplate, template), or how many (replicas, instances). A
 * ServiceMonitor or a PrometheusRule describes none, though it may carry the same labels.
 */
export function describesPods(resource: IndexedObject): boolean {
  const view = resource.object.view;
  const spec = view.deref(view.get(resource.object.root, 'spec')?.value ?? null);
  if (!isMap(spec)) return false;
  return ['podMetadata', 'inheritedMetadata', 'podTemplate', 'template', 'replicas', 'instances'].some((key) => view.get(spec, key) !== undefined);
}

/** True for an object of an API group outside Kubernetes itself: a custom resource. */
export function isCustomResource(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group.includes('.') && !group.endsWith('.k8s.io');
}
