/**
 * How Gateway API objects of one unit relate, as a controller would decide it: which listeners
 * each route's parentRefs attach to (sectionName and port, allowedRoutes namespaces and kinds,
 * hostname intersection), and where each backendRef goes (a Service and its port, with a
 * ReferenceGrant for another namespace). What fails becomes a warning named after the condition
 * a controller would set; the API server accepts all of it. The result also feeds the route
 * view, hovers, navigation and the listener code lens.
 */
import type { ServicePortModel } from '../decode';
import type { Finding, RelatedLocation, Severity, Span } from '../model';
import { namespaceLabelsOf } from '../policy/connectivity';
import { selectorSelects, selectorText } from '../policy/model';
import type { IndexedObject } from '../routing';
import { ruleInfo } from '../rules/catalog';
import { nearest } from '../rules/crossObject';
import { closest } from '../spelling';
import { effectiveProtocol } from '../rules/serviceShape';
import { backendKind, backendWeight, gatewayGroup, parentKind } from './model';
import type { BackendRefModel, GatewayRouteModel, ListenerModel, ParentRefModel, RouteKind, RouteRuleModel } from './model';

/** A listener of a Gateway, or of a ListenerSet attached to one. */
export interface Listener {
  /** The Gateway or ListenerSet that declares it. */
  readonly owner: IndexedObject;
  readonly model: ListenerModel;
}

export interface Problem {
  readonly code: string;
  /** The condition reason a controller would report. */
  readonly reason: string;
  readonly message: string;
  /** The parent is defined in several files beside the route: the finding is only information. */
  readonly ambiguous?: boolean;
  /** What the files cannot tell (a backend Service where the files hold no Service at all): only information. */
  readonly lowered?: boolean;
}

export interface ParentAttachment {
  readonly route: IndexedObject;
  readonly ref: ParentRefModel;
  /** The Gateway or ListenerSet the ref names, when the unit has it. */
  readonly parent?: IndexedObject;
  /** The listeners the route attaches to through this ref (empty with a problem). */
  readonly listeners: readonly Listener[];
  readonly problem?: Problem;
  /** A parentRef to a Service (GAMMA, mesh routing): the route takes the traffic sent to it inside the cluster. */
  readonly mesh?: { readonly service?: IndexedObject; readonly port?: number };
}

export interface BackendResolution {
  readonly route: IndexedObject;
  readonly rule: RouteRuleModel;
  readonly ref: BackendRefModel;
  readonly service?: IndexedObject;
  readonly port?: ServicePortModel;
  /** This backend's share of its rule's traffic, 0-1. */
  readonly share: number;
  readonly problem?: Problem;
}

export interface GatewayAnalysis {
  readonly attachments: readonly ParentAttachment[];
  readonly backends: readonly BackendResolution[];
  readonly findings: readonly Finding[];
  /** The routes attached to a listener. */
  routesOn(listener: Listener): IndexedObject[];
  listenersOf(owner: IndexedObject): Listener[];
  /** The mesh (GAMMA) attachments of routes whose parentRef is this Service. */
  meshRoutesOf(service: IndexedObject): ParentAttachment[];
  /** The ListenerSets a Gateway accepts (its allowedListeners admit them), whose listeners it serves. */
  listenerSetsOf(gateway: IndexedObject): IndexedObject[];
}

const defaultKindsByProtocol: Readonly<Record<string, readonly RouteKind[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Whether the unit holds anything Gateway API. */
export function hasGatewayObjects(objects: readonly IndexedObject[]): boolean {
  return objects.some((object) => object.decoded.gateway !== undefined);
}

export function analyzeGateways(objects: readonly IndexedObject[], disabled: ReadonlySet<string>): GatewayAnalysis {
  const findings: Finding[] = [];
  const report = (object: IndexedObject, code: string, span: Span, path: string | null, message: string, severity?: Severity, related: RelatedLocation[] = []): void => {
    if (disabled.has(code)) return;
    findings.push({ code, severity: severity ?? ruleInfo(code).severity, file: object.file, span, message, path, object: object.id, ...(related.length > 0 ? { related } : {}) });
  };
  // Several files may define one name (stand-alone quickstarts side by side): a reference means the nearest.
  const byKey = new Map<string, IndexedObject[]>();
  const key = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
  for (const object of objects) {
    if (!object.decoded.gateway && object.object.recognized !== 'Service') continue;
    const objectKey = key(object.object.recognized ?? '', object.namespace, object.object.name ?? '');
    byKey.set(objectKey, [...(byKey.get(objectKey) ?? []), object]);
  }
  const lookup = (from: IndexedObject, kind: string, namespace: string, name: string): IndexedObject | undefined => nearest(from, byKey.get(key(kind, namespace, name)) ?? [])[0];
  const classes = new Set(objects.filter((object) => object.decoded.gateway?.kind === 'GatewayClass').map((object) => object.object.name ?? ''));
  const grants = objects.filter((object) => object.decoded.gateway?.kind === 'ReferenceGrant');
  const namespaceLabels = namespaceLabelsOf(objects);
  const listenersByOwner = new Map<IndexedObject, Listener[]>();
  const listenersOf = (owner: IndexedObject): Listener[] => {
    let list = listenersByOwner.get(owner);
    if (!list) {
      const decoded = owner.decoded.gateway;
      const models = decoded?.kind === 'Gateway' ? decoded.gateway.listeners : decoded?.kind === 'ListenerSet' ? decoded.listenerSet.listeners : [];
      listenersByOwner.set(owner, (list = models.map((model) => ({ owner, model }))));
    }
    return list;
  };

  // ListenerSets attach to their Gateway when its allowedListeners admit their namespace (None by default).
  const setParents = new Map<IndexedObject, { gateway?: IndexedObject; problem?: Problem }>();
  for (const set of objects) {
    const decoded = set.decoded.gateway;
    if (decoded?.kind !== 'ListenerSet' || !decoded.listenerSet.parentRef) continue;
    const ref = decoded.listenerSet.parentRef;
    const namespace = ref.namespace?.value || set.namespace;
    const name = ref.name?.value ?? '';
    const gateway = lookup(set, 'Gateway', namespace, name);
    if (!gateway || gateway.decoded.gateway?.kind !== 'Gateway') {
      setParents.set(set, {});
      report(set, 'gateway/parent-not-in-files', ref.span, 'spec.parentRef', `no Gateway "${namespace}/${name}" in ${objects.some((object) => object.decoded.gateway?.kind === 'Gateway') ? 'this unit' : 'these files'}; if it is not in the cluster either, these listeners take no traffic`);
      continue;
    }
    const allowed = gateway.decoded.gateway.gateway.allowedListeners;
    const from = allowed?.from?.value ?? 'None';
    const labels = namespaceLabels.get(set.namespace) ?? new Map([['kubernetes.io/metadata.name', set.namespace]]);
    const admitted = from === 'All' || (from === 'Same' && set.namespace === gateway.namespace) || (from === 'Selector' && allowed?.selector !== undefined && selectorSelects(allowed.selector, labels));
    if (admitted) {
      setParents.set(set, { gateway });
      continue;
    }
    const why = from === 'None' ? `its spec.allowedListeners.namespaces.from is ${allowed?.from ? 'None' : 'None by default'}: it accepts no ListenerSets` : from === 'Same' ? `it accepts ListenerSets of its own namespace ${gateway.namespace} only (from: Same)` : from === 'Selector' ? `namespace ${set.namespace} does not match its selector ${allowed?.selector ? selectorText(allowed.selector) : '(none)'}` : `from is ${from}`;
    const problem: Problem = { code: 'gateway/listener-set-not-allowed', reason: 'NotAllowed', message: `NotAllowed: Gateway ${gateway.namespace}/${gateway.object.name ?? ''} does not take the listeners of ListenerSet ${set.namespace}/${set.object.name ?? ''}: ${why}` };
    setParents.set(set, { gateway, problem });
    report(set, problem.code, ref.span, 'spec.parentRef', problem.message, undefined, [{ file: gateway.file, span: allowed?.span ?? gateway.object.anchorSpan, message: `Gateway/${gateway.object.name ?? ''}` }]);
  }

  // Gateways name their class.
  for (const object of objects) {
    const decoded = object.decoded.gateway;
    if (decoded?.kind !== 'Gateway') continue;
    const className = decoded.gateway.gatewayClassName;
    if (className && className.value !== '' && !classes.has(className.value)) {
      report(object, 'gateway/unknown-gateway-class', className.span, 'spec.gatewayClassName', `no GatewayClass "${className.value}" in ${classes.size > 0 ? `this unit (it has ${[...classes].sort().join(', ')})` : 'these files'}; it usually comes with the controller installed in the cluster`);
    }
  }

  const attachments: ParentAttachment[] = [];
  const backends: BackendResolution[] = [];
  const onListener = new Map<Listener, IndexedObject[]>();
  for (const route of objects) {
    const decoded = route.decoded.gateway;
    if (!decoded || !('route' in decoded)) continue;
    const model = decoded.route;
    for (const ref of model.parentRefs) {
      const attachment = attach(route, model, ref);
      attachments.push(attachment);
      if (attachment.problem) report(route, attachment.problem.code, ref.span, ref.path, attachment.problem.message, attachment.problem.ambiguous ? 'information' : undefined, attachment.parent ? [{ file: attachment.parent.file, span: attachment.parent.object.anchorSpan, message: `${attachment.parent.object.kind}/${attachment.parent.object.name ?? ''}` }] : []);
      for (const listener of attachment.listeners) onListener.set(listener, [...(onListener.get(listener) ?? []), route]);
    }
    for (const rule of model.rules) {
      const total = rule.backendRefs.reduce((sum, ref) => sum + backendWeight(ref), 0);
      for (const ref of rule.backendRefs) {
        const resolution = resolveBackend(route, model.kind, rule, ref, total);
        backends.push(resolution);
        if (resolution.problem) report(route, resolution.problem.code, ref.span, ref.path, resolution.problem.message, resolution.problem.lowered ? 'information' : undefined, resolution.service ? [{ file: resolution.service.file, span: resolution.service.object.anchorSpan, message: `Service/${resolution.service.object.name ?? ''}` }] : []);
      }
    }
  }

  function attach(route: IndexedObject, model: GatewayRouteModel, ref: ParentRefModel): ParentAttachment {
    const { group, kind } = parentKind(ref);
    const namespace = ref.namespace?.value || route.namespace;
    const name = ref.name?.value ?? '';
    // A parentRef to a Service (GAMMA): in a mesh, the route takes the requests sent to that Service.
    if (group === '' && kind === 'Service') return attachMesh(route, ref, namespace, name);
    if (group !== gatewayGroup || (kind !== 'Gateway' && kind !== 'ListenerSet')) return { route, ref, listeners: [] };
    const candidates = nearest(route, byKey.get(key(kind, namespace, name)) ?? []);
    if (candidates.length > 1) {
      // Several files beside the route define the parent and none is with it: which one is applied
      // with the route is unknown. One that takes it is the one meant; if none does, say so quietly.
      const results = candidates.map((candidate) => attachTo(route, model, ref, candidate, kind, namespace, name));
      const fine = results.find((result) => !result.problem || ruleInfo(result.problem.code).severity === 'information');
      if (fine) return fine;
      const first = results[0];
      return { ...first, problem: { ...first.problem!, ambiguous: true, message: `${first.problem!.message} (${kind} ${namespace}/${name} is defined in ${candidates.length} files beside this route and none of them takes it; which one is applied with it cannot be known from the files)` } };
    }
    const parent = candidates[0];
    if (!parent) {
      // Shared Gateways are owned by the platform team, rarely shipped beside the routes: like a
      // GatewayClass, one that is not in the files is only worth knowing.
      const known = [...new Set(objects.filter((object) => object.decoded.gateway?.kind === kind).map((object) => `${object.namespace}/${object.object.name ?? ''}`))];
      // A near miss of a name in the same namespace is a typo, not a shared Gateway.
      const meant = closest(name, known.filter((entry) => entry.startsWith(`${namespace}/`)).map((entry) => entry.slice(namespace.length + 1)));
      if (meant !== undefined) return { route, ref, listeners: [], problem: { code: 'gateway/no-matching-parent', reason: 'NoMatchingParent', message: `NoMatchingParent: no ${kind} "${namespace}/${name}" in this unit (did you mean ${namespace}/${meant}?), so the route attaches to nothing` } };
      return { route, ref, listeners: [], problem: { code: 'gateway/parent-not-in-files', reason: 'NoMatchingParent', message: `no ${kind} "${namespace}/${name}" in ${known.length > 0 ? `this unit (it has ${known.sort().join(', ')})` : 'these files'}; if it is not in the cluster either, the route attaches to nothing (NoMatchingParent)` } };
    }
    return attachTo(route, model, ref, parent, kind, namespace, name);
  }

  function attachMesh(route: IndexedObject, ref: ParentRefModel, namespace: string, name: string): ParentAttachment {
    const service = lookup(route, 'Service', namespace, name);
    const port = ref.port?.value;
    if (!service?.decoded.service) {
      return { route, ref, listeners: [], mesh: { ...(port !== undefined ? { port } : {}) }, problem: { code: 'gateway/parent-not-in-files', reason: 'NoMatchingParent', message: `no Service "${namespace}/${name}" in ${objects.some((object) => object.object.recognized === 'Service') ? 'this unit' : 'these files'}; in a mesh this route takes the requests sent to it, if the cluster has it` } };
    }
    const ports = service.decoded.service.ports?.value ?? [];
    if (port !== undefined && !ports.some((candidate) => candidate.port?.value === port)) {
      return { route, ref, parent: service, listeners: [], mesh: { service, port }, problem: { code: 'gateway/no-matching-parent', reason: 'NoMatchingParent', message: `NoMatchingParent: Service ${namespace}/${name} has no port ${port} (its ports: ${ports.map((candidate) => candidate.port?.value ?? '?').join(', ')}), so the mesh route takes no traffic` } };
    }
    return { route, ref, parent: service, listeners: [], mesh: { service, ...(port !== undefined ? { port } : {}) } };
  }

  function attachTo(route: IndexedObject, model: GatewayRouteModel, ref: ParentRefModel, parent: IndexedObject, kind: string, namespace: string, name: string): ParentAttachment {
    const setProblem = setParents.get(parent)?.problem;
    if (setProblem) return { route, ref, parent, listeners: [], problem: { ...setProblem, message: `${setProblem.message}, so routes attached to it take no traffic` } };
    const all = listenersOf(parent);
    const section = ref.sectionName?.value;
    const port = ref.port?.value;
    const named = all.filter((listener) => (section === undefined || listener.model.name?.value === section) && (port === undefined || listener.model.port?.value === port));
    if (named.length === 0) {
      const which = [section !== undefined ? `sectionName "${section}"` : '', port !== undefined ? `port ${port}` : ''].filter(Boolean).join(' and ');
      const listed = all.map((listener) => `${listener.model.name?.value ?? '?'} (${listener.model.protocol?.value ?? '?'} ${listener.model.port?.value ?? '?'})`).join(', ');
      return { route, ref, parent, listeners: [], problem: { code: 'gateway/no-matching-parent', reason: 'NoMatchingParent', message: `NoMatchingParent: ${which} matches no listener of ${kind} ${namespace}/${name}${listed ? ` (its listeners: ${listed})` : ''}` } };
    }
    let admitted = named.filter((listener) => admits(listener, route, model.kind));
    let note: ParentAttachment['problem'];
    if (admitted.length === 0) {
      // A TLS listener that terminates TLS: which route kinds it carries is the implementation's choice.
      const chosen = named.filter((listener) => namespaceAdmitted(listener, route) && implementationChooses(listener, model.kind));
      if (chosen.length > 0) {
        admitted = chosen;
        note = { code: 'gateway/implementation-defined', reason: 'ImplementationSpecific', message: `${chosen.map((listener) => listener.model.name?.value ?? '?').join(', ')} of ${kind} ${namespace}/${name} is a TLS listener in Terminate mode; whether it carries ${model.kind} is left to the implementation by the Gateway API (Envoy Gateway does, for TCPRoute and TLSRoute)` };
      }
    }
    if (admitted.length === 0) {
      const reasons = named.map((listener) => `${listener.model.name?.value ?? '?'}: ${whyNotAdmitted(listener, route, model.kind)}`);
      return { route, ref, parent, listeners: [], problem: { code: 'gateway/not-allowed-by-listeners', reason: 'NotAllowedByListeners', message: `NotAllowedByListeners: no listener of ${kind} ${namespace}/${name} admits ${model.kind}/${route.object.name ?? ''} from namespace ${route.namespace} (${reasons.join('; ')})` } };
    }
    const routeHostnames = (model.hostnames?.value ?? []).map((hostname) => hostname.value);
    const hostnameKinds = model.kind === 'HTTPRoute' || model.kind === 'GRPCRoute' || model.kind === 'TLSRoute';
    const matching = hostnameKinds ? admitted.filter((listener) => hostnamesIntersect(listener.model.hostname?.value, routeHostnames)) : admitted;
    if (matching.length === 0) {
      const listenerNames = admitted.map((listener) => `${listener.model.name?.value ?? '?'} (${listener.model.hostname?.value ?? 'any host'})`).join(', ');
      return { route, ref, parent, listeners: [], problem: { code: 'gateway/no-matching-listener-hostname', reason: 'NoMatchingListenerHostname', message: `NoMatchingListenerHostname: the route's hostnames ${routeHostnames.join(', ')} intersect no listener hostname of ${kind} ${namespace}/${name}: ${listenerNames}` } };
    }
    return { route, ref, parent, listeners: matching, ...(note ? { problem: note } : {}) };
  }

  function implementationChooses(listener: Listener, kind: RouteKind): boolean {
    if ((listener.model.kinds?.length ?? 0) > 0) return false;
    return listener.model.protocol?.value === 'TLS' && listener.model.tls?.mode?.value === 'Terminate' && (kind === 'TCPRoute' || kind === 'TLSRoute');
  }

  function admits(listener: Listener, route: IndexedObject, kind: RouteKind): boolean {
    return namespaceAdmitted(listener, route) && kindAdmitted(listener, kind);
  }

  function namespaceAdmitted(listener: Listener, route: IndexedObject): boolean {
    const from = listener.model.namespacesFrom?.value ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Same') return route.namespace === listener.owner.namespace;
    if (from === 'Selector') {
      const selector = listener.model.namespaceSelector;
      const labels = namespaceLabels.get(route.namespace) ?? new Map([['kubernetes.io/metadata.name', route.namespace]]);
      return selector !== undefined && selectorSelects(selector, labels);
    }
    return false;
  }

  function kindAdmitted(listener: Listener, kind: RouteKind): boolean {
    const kinds = listener.model.kinds;
    if (kinds && kinds.length > 0) return kinds.some((entry) => (entry.group?.value ?? gatewayGroup) === gatewayGroup && entry.kind?.value === kind);
    const defaults = defaultKindsByProtocol[listener.model.protocol?.value ?? ''];
    // A protocol of the implementation's own (example.com/PROTO) carries what it says: assume it admits.
    return defaults === undefined ? true : defaults.includes(kind);
  }

  function whyNotAdmitted(listener: Listener, route: IndexedObject, kind: RouteKind): string {
    if (!namespaceAdmitted(listener, route)) {
      const from = listener.model.namespacesFrom?.value ?? 'Same';
      if (from === 'Same') return `allowedRoutes.namespaces.from is Same (only namespace ${listener.owner.namespace})`;
      if (from === 'Selector') return `namespace ${route.namespace} does not match the selector ${listener.model.namespaceSelector ? selectorText(listener.model.namespaceSelector) : '(none)'}`;
      return `allowedRoutes.namespaces.from is ${from}`;
    }
    const kinds = listener.model.kinds?.map((entry) => entry.kind?.value ?? '?') ?? defaultKindsByProtocol[listener.model.protocol?.value ?? ''] ?? [];
    return `it admits ${kinds.join(', ') || 'no route kind'}, not ${kind}`;
  }

  function resolveBackend(route: IndexedObject, routeKind: RouteKind, rule: RouteRuleModel, ref: BackendRefModel, total: number): BackendResolution {
    const share = total > 0 ? backendWeight(ref) / total : 0;
    const base = { route, rule, ref, share };
    const { group, kind } = backendKind(ref);
    const namespace = ref.namespace?.value || route.namespace;
    const name = ref.name?.value ?? '';
    if (group !== '' || kind !== 'Service') {
      // ServiceImport (multi-cluster) is a backend kind the Gateway API names; others need a controller that knows them.
      if (group === 'multicluster.x-k8s.io' && kind === 'ServiceImport') return base;
      // A kind of an implementation's own API group (Envoy Gateway's Backend): the implementation's choice.
      if (group.includes('.') && !group.endsWith('.k8s.io')) {
        return { ...base, problem: { code: 'gateway/implementation-defined', reason: 'ImplementationSpecific', message: `backendRef kind ${group}/${kind} is not a Service: backends other than Services are left to the implementation by the Gateway API, so only a controller that supports this kind (as Envoy Gateway supports gateway.envoyproxy.io/Backend) sends traffic there` } };
      }
      return { ...base, problem: { code: 'gateway/invalid-kind', reason: 'InvalidKind', message: `InvalidKind: backendRef kind ${group ? `${group}/` : ''}${kind} is not a Service; only a controller that supports it can send traffic there` } };
    }
    const service = lookup(route, 'Service', namespace, name);
    if (namespace !== route.namespace && !granted(route, routeKind, namespace, name)) {
      return { ...base, ...(service ? { service } : {}), problem: { code: 'gateway/ref-not-permitted', reason: 'RefNotPermitted', message: `RefNotPermitted: Service ${namespace}/${name} is in another namespace and no ReferenceGrant in ${namespace} allows ${routeKind} from namespace ${route.namespace} to it` } };
    }
    if (!service?.decoded.service) {
      // Route-only files (a platform repository, a sample) hold no Service at all: the cluster may have it.
      const anyService = objects.some((object) => object.object.recognized === 'Service');
      return { ...base, problem: { code: 'gateway/backend-not-found', reason: 'BackendNotFound', message: anyService ? `BackendNotFound: no Service "${namespace}/${name}" in this unit` : `no Service "${namespace}/${name}" in these files, which hold no Service at all; if the cluster has none either, requests to it fail (BackendNotFound)`, ...(anyService ? {} : { lowered: true }) } };
    }
    const ports = service.decoded.service.ports?.value ?? [];
    const number = ref.port?.value;
    const port = number === undefined ? undefined : ports.find((candidate) => candidate.port?.value === number);
    if (number !== undefined && !port) {
      const listed = ports.map((candidate) => `${candidate.port?.value ?? '?'}${candidate.name?.value ? `/${candidate.name.value}` : ''} ${effectiveProtocol(candidate)}`).join(', ');
      return { ...base, service, problem: { code: 'gateway/backend-not-found', reason: 'BackendNotFound', message: `BackendNotFound: Service ${namespace}/${name} has no port ${number}${listed ? ` (its ports: ${listed})` : ''}` } };
    }
    return { ...base, service, ...(port ? { port } : {}) };
  }

  function granted(route: IndexedObject, routeKind: RouteKind, namespace: string, name: string): boolean {
    return grants.some((grant) => {
      if (grant.namespace !== namespace || grant.decoded.gateway?.kind !== 'ReferenceGrant') return false;
      const model = grant.decoded.gateway.referenceGrant;
      const from = model.from.some((entry) => entry.group?.value === gatewayGroup && entry.kind?.value === routeKind && entry.namespace?.value === route.namespace);
      const to = model.to.some((entry) => (entry.group?.value ?? '') === '' && entry.kind?.value === 'Service' && (entry.name === undefined || entry.name.value === '' || entry.name.value === name));
      return from && to;
    });
  }

  return {
    attachments,
    backends,
    findings,
    routesOn: (listener) => [...new Set(onListener.get(listener) ?? [])],
    meshRoutesOf: (service) => attachments.filter((attachment) => attachment.mesh?.service === service && !attachment.problem),
    listenersOf,
    listenerSetsOf: (gateway) => [...setParents.entries()].filter(([, entry]) => entry.gateway === gateway && !entry.problem).map(([set]) => set),
  };
}

/**
 * Whether a listener hostname and a route's hostnames share a host: no hostname on either side
 * means any; `*.example.com` covers every name below example.com (not example.com itself); two
 * wildcards intersect when one's domain lies within the other's.
 */
export function hostnamesIntersect(listener: string | undefined, route: readonly string[]): boolean {
  if (!listener || route.length === 0) return true;
  return route.some((hostname) => hostnamePairIntersects(listener, hostname));
}

function hostnamePairIntersects(left: string, right: string): boolean {
  if (left === right) return true;
  if (left.startsWith('*.') && hostMatches(left, right.replace(/^\*\./, 'x.'))) return true;
  if (right.startsWith('*.') && hostMatches(right, left.replace(/^\*\./, 'x.'))) return true;
  return false;
}

/** A Gateway API hostname (exact, or "*." covering any name below it, not itself) against a host; none matches every host. */
export function hostMatches(pattern: string | undefined, host: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}
