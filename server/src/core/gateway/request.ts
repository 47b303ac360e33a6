/**
 * Which backend gets a request: the Gateway API's (and the Ingress API's) request routing,
 * answered from the manifests. Pure: it takes the unit's objects and its Gateway analysis.
 *
 * Gateway API, as httproute_types.go, grpcroute_types.go and gateway_types.go state it:
 * - A listener takes a request by port, protocol (http → HTTP, https → HTTPS) and hostname;
 *   among listeners that differ only by hostname, an exact hostname before a wildcard (more
 *   labels after "*" first) before none.
 * - Route hostnames that do not intersect the listener's are ignored; a route with hostnames
 *   matches a request whose Host one of them matches ("*.example.com" covers any name below it).
 * - A rule's match holds when its path (Exact; PathPrefix element by element, a trailing "/"
 *   ignored; RegularExpression implementation-specific), method, headers (names case-insensitive,
 *   the first entry of a name counts) and query parameters all hold; no matches is PathPrefix "/".
 * - Precedence across every route on the listener: the matching non-wildcard hostname with the
 *   most characters, then the matching hostname with the most characters; then an Exact path, a
 *   PathPrefix with the most characters, a method match, the most header matches, the most query
 *   matches (GRPCRoute: the most characters of service, then of method, then header matches);
 *   then the oldest route, then {namespace}/{name}; within a route, the first rule and match.
 * - The chosen rule's filters run in order: RequestRedirect answers with its status (302 by
 *   default) and a Location; URLRewrite and RequestHeaderModifier change what the backend gets;
 *   RequestMirror sends a copy elsewhere. No match is 404; a rule whose backends are all invalid
 *   (or that has none and no redirect) is 500.
 * Ingress (networking.k8s.io/v1): a host is exact or "*.domain" (one label); a path is Exact,
 * Prefix (element by element) or ImplementationSpecific; the longest matching path wins, Exact
 * before Prefix on a tie; without a match, the default backend.
 */
import type { RequestAnswer, RequestQuestion } from '../../protocol/request';
import type { Span } from '../model';
import type { IndexedObject } from '../routing';
import { hostMatches, hostnamesIntersect } from './attach';
import type { GatewayAnalysis, Listener } from './attach';
import type { FilterModel } from './filters';
import { backendWeight } from './model';
import type { GatewayRouteModel, RouteMatchModel, RouteRuleModel } from './model';

export type { RequestAnswer, RequestQuestion } from '../../protocol/request';

/** One line of the explanation, with the place it is about. */
export interface RequestStep {
  readonly text: string;
  readonly at?: { readonly file: string; readonly span: Span };
  /** A step that explains why a candidate lost, indented under the one that won. */
  readonly detail?: boolean;
}

export type RequestResult = { readonly answer: RequestAnswer; readonly steps: readonly RequestStep[] } | { readonly usage: string; readonly candidates: readonly string[] };

interface ParsedRequest {
  readonly scheme: 'http' | 'https';
  /** The Host header as sent (with a port when the URL has one). */
  readonly authority: string;
  /** The host to match: lowercase, without port. */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly search: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly method: string;
  /** Lowercased names, in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly grpc: boolean;
  /** The path as written differs from the one read (dot segments, percent-encoding). */
  readonly normalised: boolean;
}

export function parseRequest(question: RequestQuestion): ParsedRequest | string {
  let url: URL;
  try {
    url = new URL(question.url);
  } catch {
    return `"${question.url}" is not a URL: give one such as http://shop.example.com/api`;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return `the URL's scheme must be http or https, not ${scheme}`;
  const headers = question.headers.map(([name, value]) => [name.trim().toLowerCase(), value.trim()] as const);
  const hostHeader = headers.find(([name]) => name === 'host')?.[1];
  const authority = hostHeader ?? url.host;
  const host = authority.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  const port = question.port ?? (url.port !== '' ? Number(url.port) : scheme === 'https' ? 443 : 80);
  const contentType = headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  return {
    scheme,
    authority,
    host,
    port,
    path: url.pathname || '/',
    search: url.search,
    query: [...url.searchParams.entries()],
    method: question.method.toUpperCase(),
    headers: headers.filter(([name]) => name !== 'host'),
    grpc: contentType.startsWith('application/grpc'),
    normalised: writtenPath(question.url) !== (url.pathname || '/'),
  };
}

/** The path of a URL as written, before any normalisation. */
function writtenPath(text: string): string {
  const match = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(text);
  return match?.[1] || '/';
}

/**
 * Controllers whose documented behaviour the answer can name (by GatewayClass controllerName).
 * Each is built on Envoy, whose safe_regex route matching uses RE2 against the whole path
 * without its query string.
 */
const knownControllers: ReadonlyArray<{ readonly prefix: string; readonly name: string }> = [
  { prefix: 'gateway.envoyproxy.io/', name: 'Envoy Gateway' },
  { prefix: 'istio.io/', name: 'Istio' },
  { prefix: 'projectcontour.io/', name: 'Contour' },
  { prefix: 'io.cilium/', name: 'Cilium' },
];

function implementationOf(objects: readonly IndexedObject[], gateway: IndexedObject): { className: string; controller: string; name: string; behaviour: string } | undefined {
  const className = gateway.decoded.gateway?.kind === 'Gateway' ? gateway.decoded.gateway.gateway.gatewayClassName?.value : undefined;
  if (!className) return undefined;
  const gatewayClass = objects.find((object) => object.decoded.gateway?.kind === 'GatewayClass' && object.object.name === className);
  const controller = gatewayClass?.decoded.gateway?.kind === 'GatewayClass' ? gatewayClass.decoded.gateway.gatewayClass.controllerName?.value : undefined;
  const known = controller ? knownControllers.find((candidate) => controller.startsWith(candidate.prefix)) : undefined;
  if (!controller || !known) return undefined;
  return { className, controller, name: known.name, behaviour: 'an Envoy-based data plane, which matches RegularExpression paths and headers with RE2 against the whole value (a path without its query string)' };
}

/** Answers a request against one unit's objects. */
export function answerRequest(objects: readonly IndexedObject[], gateways: GatewayAnalysis | undefined, question: RequestQuestion): RequestResult {
  const request = parseRequest(question);
  if (typeof request === 'string') return { usage: request, candidates: [] };
  const all = objects.filter((object) => object.decoded.gateway?.kind === 'Gateway');
  // A Service's cluster DNS name is resolved inside the cluster: the mesh (or kube-proxy) answers, not a Gateway.
  const service = question.gateway === undefined && question.ingressClass === undefined ? serviceNamed(objects, request.host) : undefined;
  if (service) return answerOnMesh(gateways, service, request);
  if (question.gateway !== undefined) {
    const [namespace, name] = question.gateway.includes('/') ? question.gateway.split('/', 2) : [undefined, question.gateway];
    const named = all.filter((gateway) => gateway.object.name === name && (namespace === undefined || gateway.namespace === namespace));
    const unique = uniqueById(named);
    if (unique.length !== 1 || !gateways) {
      return { usage: unique.length === 0 ? `no Gateway "${question.gateway}" in the files` : `"${question.gateway}" names ${unique.length} Gateways; add the namespace`, candidates: uniqueById(all).map(gatewayName) };
    }
    return answerOnGateway(objects, gateways, unique[0], request, question);
  }
  if (question.ingressClass === undefined && gateways) {
    const taking = uniqueById(all.filter((gateway) => listenersFor(gateways, gateway, request, question.listener).length > 0));
    if (taking.length === 1) return answerOnGateway(objects, gateways, taking[0], request, question);
    if (taking.length > 1) {
      return { usage: `${taking.length} Gateways have a listener for ${request.scheme} port ${request.port} and host ${request.host}; choose one with --gateway`, candidates: taking.map(gatewayName) };
    }
  }
  const ingresses = objects.filter((object) => object.object.recognized === 'Ingress' && object.decoded.ingress);
  if (ingresses.length > 0) return answerOnIngress(objects, ingresses, request, question);
  const candidates = gateways ? uniqueById(all).flatMap((gateway) => gatewayListeners(gateways, gateway).map((listener) => `${gatewayName(gateway)} listener ${listener.model.name?.value ?? '?'} (${listener.model.protocol?.value ?? '?'} ${listener.model.port?.value ?? '?'}${listener.model.hostname ? ` ${listener.model.hostname.value}` : ''})`)) : [];
  return { usage: all.length === 0 ? 'no Gateway and no Ingress in the files' : `no Gateway listener takes ${request.scheme} on port ${request.port} for host ${request.host}${question.port === undefined ? ' (give --port for the listener port)' : ''}`, candidates };
}

/** One object per id: where files beside each other define the same one, the first by file name. */
function uniqueById(objects: readonly IndexedObject[]): IndexedObject[] {
  const seen = new Map<string, IndexedObject>();
  for (const object of objects) {
    const before = seen.get(object.id);
    if (!before || object.file < before.file || (object.file === before.file && object.object.span.start < before.object.span.start)) seen.set(object.id, object);
  }
  return [...seen.values()];
}

/** Where the chosen route is one of several definitions side by side, say that the answer picked one. */
function alternativesStep(winner: IndexedObject, all: readonly IndexedObject[]): RequestStep | undefined {
  const files = [...new Set(all.filter((object) => object.id === winner.id).map((object) => object.file))].sort();
  if (files.length < 2) return undefined;
  return { text: `${winner.object.kind} ${routeName(winner)} is defined in ${files.length} files beside each other (${files.join(', ')}); which one is applied cannot be known from the files, so this answer uses the first, ${winner.file}`, detail: true };
}

function gatewayName(gateway: IndexedObject): string {
  return `${gateway.namespace}/${gateway.object.name ?? ''}`;
}

/** The Gateway's own listeners, then those of the ListenerSets it accepts (allowedListeners). */
function gatewayListeners(gateways: GatewayAnalysis, gateway: IndexedObject): Listener[] {
  return [...gateways.listenersOf(gateway), ...gateways.listenerSetsOf(gateway).flatMap((set) => gateways.listenersOf(set))];
}

function listenerTakes(listener: Listener, request: ParsedRequest): boolean {
  const protocol = listener.model.protocol?.value;
  const fits = request.scheme === 'http' ? protocol === 'HTTP' : protocol === 'HTTPS';
  return fits && listener.model.port?.value === request.port && hostMatches(listener.model.hostname?.value, request.host);
}

function listenersFor(gateways: GatewayAnalysis, gateway: IndexedObject, request: ParsedRequest, name: string | undefined): Listener[] {
  return gatewayListeners(gateways, gateway).filter((listener) => (name === undefined || listener.model.name?.value === name) && listenerTakes(listener, request));
}

/** Listener precedence: exact, then wildcards by the labels after "*", then none. */
function listenerRank(listener: Listener): number {
  const hostname = listener.model.hostname?.value;
  if (!hostname) return 0;
  if (hostname.startsWith('*.')) return 1 + hostname.split('.').length;
  return 1000;
}

function place(object: IndexedObject, span: Span): RequestStep['at'] {
  return { file: object.file, span };
}

const notFound = (gateway: RequestAnswer['gateway'], steps: RequestStep[]): RequestResult => ({ answer: { version: 1, gateway, route: null, status: 404, redirect: null, backends: [], forwarded: null }, steps });

function answerOnGateway(objects: readonly IndexedObject[], gateways: GatewayAnalysis, gateway: IndexedObject, request: ParsedRequest, question: RequestQuestion): RequestResult {
  const steps: RequestStep[] = [];
  const listeners = listenersFor(gateways, gateway, request, question.listener).sort((left, right) => listenerRank(right) - listenerRank(left));
  if (listeners.length === 0) {
    const all = gatewayListeners(gateways, gateway);
    steps.push({ text: `Gateway ${gatewayName(gateway)} has no listener for ${request.scheme} on port ${request.port} and host ${request.host}${question.listener ? ` named ${question.listener}` : ''} (its listeners: ${all.map((listener) => `${listener.model.name?.value ?? '?'} ${listener.model.protocol?.value ?? '?'} ${listener.model.port?.value ?? '?'}${listener.model.hostname ? ` ${listener.model.hostname.value}` : ''}`).join(', ') || 'none'})`, at: place(gateway, gateway.object.anchorSpan) });
    steps.push({ text: 'the Gateway answers 404: no listener takes the request' });
    return notFound({ namespace: gateway.namespace, name: gateway.object.name ?? '', listener: null }, steps);
  }
  const listener = listeners[0];
  const listenerName = listener.model.name?.value ?? '';
  const gatewayJson = { namespace: gateway.namespace, name: gateway.object.name ?? '', listener: listenerName };
  steps.push({ text: `listener ${listenerName} of ${listener.owner.object.kind} ${gatewayName(listener.owner)}: ${listener.model.protocol?.value} port ${listener.model.port?.value}, hostname ${listener.model.hostname?.value ?? '(any)'}`, at: place(listener.owner, listener.model.span) });
  for (const other of listeners.slice(1)) steps.push({ text: `listener ${other.model.name?.value ?? '?'} (hostname ${other.model.hostname?.value ?? '(any)'}) also takes the host, but a more specific hostname goes first`, at: place(other.owner, other.model.span), detail: true });

  const implementation = implementationOf(objects, gateway);
  if (request.normalised) steps.push({ text: `the path was normalised to ${request.path} as a browser reads the URL; whether a Gateway merges slashes, resolves dot segments or decodes %2F is the implementation's choice`, detail: true });
  const kind = request.grpc ? 'GRPCRoute' : 'HTTPRoute';
  const attached = gateways.attachments.filter((attachment) => attachment.listeners.includes(listener)).map((attachment) => attachment.route);
  const routes = uniqueById(attached).filter((route) => routeModelOf(route)?.kind === kind);
  const scoped = routes.map((route) => ({ route, hostname: routeHostname(routeModelOf(route)!.hostnames?.value.map((item) => item.value) ?? [], listener.model.hostname?.value, request.host) }));
  const decided = decide(scoped, kind, request, steps, `listener ${listenerName}`, attached);
  if (!decided) {
    steps.push({ text: 'the Gateway answers 404' });
    return notFound(gatewayJson, steps);
  }
  // Where the answer rests on a regular expression, the implementation's dialect matters: name it when known.
  if (decided.key.regex && implementation) steps.push({ text: `GatewayClass ${implementation.className} is ${implementation.name} (${implementation.controller}): ${implementation.behaviour}`, detail: true });
  return { answer: applyRule(decided, kind, gateways, request, listener.model.port?.value ?? request.port, gatewayJson, steps), steps };
}

/**
 * The rule that takes the request among the given routes (each with the hostname it matches,
 * undefined when it matches none), by the specification's precedence; the explanation of the
 * winner and of every loser goes to `steps`. Undefined when no rule matches.
 */
function decide(routes: ReadonlyArray<{ route: IndexedObject; hostname: string | undefined }>, kind: 'HTTPRoute' | 'GRPCRoute', request: ParsedRequest, steps: RequestStep[], where: string, everyDefinition: readonly IndexedObject[]): Candidate | undefined {
  const candidates: Candidate[] = [];
  const losers: RequestStep[] = [];
  for (const { route, hostname } of routes) {
    const model = routeModelOf(route)!;
    if (hostname === undefined) {
      losers.push({ text: `${kind} ${routeName(route)}: its hostnames ${(model.hostnames?.value ?? []).map((item) => item.value).join(', ')} do not match host ${request.host}`, at: place(route, model.hostnames?.span ?? route.object.anchorSpan), detail: true });
      continue;
    }
    for (const rule of model.rules) {
      const matches: ReadonlyArray<RouteMatchModel | undefined> = rule.matches.length > 0 ? rule.matches : [undefined];
      for (const match of matches) {
        const why = kind === 'GRPCRoute' ? grpcMismatch(match, request) : httpMismatch(match, request);
        const at = match ? `${rule.path}.matches[${match.index}]` : rule.path;
        if (why !== undefined) losers.push({ text: `${kind} ${routeName(route)} ${at}: ${why}`, at: place(route, match?.span ?? rule.span), detail: true });
        else candidates.push({ route, rule, match, key: kind === 'GRPCRoute' ? grpcKey(hostname, match) : httpKey(hostname, match) });
      }
    }
  }
  if (candidates.length === 0) {
    steps.push({ text: `no ${kind} rule attached to ${where} matches ${request.method} ${request.path}${request.search}${routes.length === 0 ? ` (no ${kind} is attached to it)` : ''}` });
    steps.push(...losers);
    return undefined;
  }
  candidates.sort(compareCandidates);
  const winner = candidates[0];
  const at = winner.match ? `${winner.rule.path}.matches[${winner.match.index}]` : `${winner.rule.path} (no matches: every request)`;
  steps.push({ text: `${kind} ${routeName(winner.route)} ${at}${winner.rule.name ? ` "${winner.rule.name.value}"` : ''}: ${describeMatch(winner.match, kind)}`, at: place(winner.route, winner.match?.span ?? winner.rule.span) });
  const alternatives = alternativesStep(winner.route, everyDefinition);
  if (alternatives) steps.push(alternatives);
  if (winner.key.regex) steps.push({ text: 'the path is a RegularExpression match: its dialect and its rank among other matches are implementation-specific (read here as a JavaScript pattern matching the whole path)', detail: true });
  for (const other of candidates.slice(1)) {
    const otherAt = other.match ? `${other.rule.path}.matches[${other.match.index}]` : other.rule.path;
    steps.push({ text: `${kind} ${routeName(other.route)} ${otherAt} also matches, but loses on ${decidingStep(winner, other)}`, at: place(other.route, other.match?.span ?? other.rule.span), detail: true });
  }
  steps.push(...losers);
  return winner;
}

/**
 * A request inside the cluster to a Service's DNS name: mesh routes (GAMMA) whose parentRef is
 * that Service decide where it goes; without one, kube-proxy sends it to the Service's Pods.
 */
function answerOnMesh(gateways: GatewayAnalysis | undefined, service: IndexedObject, request: ParsedRequest): RequestResult {
  const steps: RequestStep[] = [{ text: `host ${request.host} is the DNS name of Service ${routeName(service)}: the request is sent inside the cluster`, at: place(service, service.object.anchorSpan) }];
  const kind = request.grpc ? 'GRPCRoute' : 'HTTPRoute';
  const attachments = (gateways?.meshRoutesOf(service) ?? []).filter((attachment) => attachment.mesh?.port === undefined || attachment.mesh.port === request.port);
  const meshRoutes = attachments.map((attachment) => attachment.route);
  const routes = uniqueById(meshRoutes).filter((route) => routeModelOf(route)?.kind === kind);
  const ports = service.decoded.service?.ports?.value ?? [];
  if (routes.length === 0) {
    const port = ports.find((candidate) => candidate.port?.value === request.port);
    if (!port) {
      steps.push({ text: `Service ${routeName(service)} has no port ${request.port} (its ports: ${ports.map((candidate) => candidate.port?.value ?? '?').join(', ')}): the connection is refused`, at: place(service, service.object.anchorSpan) });
      return { answer: { version: 1, gateway: null, route: null, status: 503, redirect: null, backends: [], forwarded: null }, steps };
    }
    steps.push({ text: `no mesh route (GAMMA) names Service ${routeName(service)} as its parent: kube-proxy (or the mesh) sends the request to the Service's Pods`, at: place(service, port.span) });
    return { answer: { version: 1, gateway: null, route: null, status: 200, redirect: null, backends: [{ kind: 'Service', namespace: service.namespace, name: service.object.name ?? '', port: request.port, weight: 1 }], forwarded: forwardedAs(request.authority, request.path, request.search, request.headers) }, steps };
  }
  const decided = decide(routes.map((route) => ({ route, hostname: '' })), kind, request, steps, `Service ${routeName(service)} (mesh)`, meshRoutes);
  if (!decided) {
    steps.push({ text: 'the mesh answers 404: routes take this Service\'s requests and none matches' });
    return { answer: { version: 1, gateway: null, route: null, status: 404, redirect: null, backends: [], forwarded: null }, steps };
  }
  return { answer: applyRule(decided, kind, gateways!, request, request.port, null, steps), steps };
}

/** The Service a host names by its cluster DNS name (`name.namespace.svc.cluster.local`, `name.namespace.svc`, `name.namespace`), when the files define it. */
function serviceNamed(objects: readonly IndexedObject[], host: string): IndexedObject | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.[a-z0-9.-]+)?)?$/.exec(host);
  if (!match) return undefined;
  const found = objects.filter((object) => object.object.recognized === 'Service' && object.decoded.service && object.object.name === match[1] && object.namespace === match[2]);
  return uniqueById(found)[0];
}

function routeModelOf(route: IndexedObject): GatewayRouteModel | undefined {
  const decoded = route.decoded.gateway;
  return decoded && 'route' in decoded ? decoded.route : undefined;
}

function routeName(route: IndexedObject): string {
  return `${route.namespace}/${route.object.name ?? ''}`;
}

/**
 * The route hostname a request matches: the most specific of those intersecting the listener;
 * a route without hostnames takes the listener's. Undefined: the route does not match the host.
 */
function routeHostname(hostnames: readonly string[], listenerHostname: string | undefined, host: string): string | undefined {
  if (hostnames.length === 0) return listenerHostname ?? '';
  const usable = hostnames.filter((hostname) => hostnamesIntersect(listenerHostname, [hostname]) && hostMatches(hostname, host));
  usable.sort((left, right) => hostnameScore(right)[0] - hostnameScore(left)[0] || hostnameScore(right)[1] - hostnameScore(left)[1]);
  return usable[0];
}

function hostnameScore(hostname: string): [number, number] {
  return [hostname.startsWith('*') ? 0 : hostname.length, hostname.length];
}

interface Candidate {
  readonly route: IndexedObject;
  readonly rule: RouteRuleModel;
  readonly match: RouteMatchModel | undefined;
  readonly key: PrecedenceKey;
}

interface PrecedenceKey {
  /** Compared in order, larger first; names say which step each is. */
  readonly values: readonly number[];
  readonly names: readonly string[];
  readonly regex?: boolean;
}

const httpSteps = ['hostname specificity (characters of a matching non-wildcard hostname)', 'hostname length', 'path match type (Exact before PathPrefix)', 'path length (the longer PathPrefix goes first)', 'method match', 'number of header matches', 'number of query parameter matches'];
const grpcSteps = ['hostname specificity (characters of a matching non-wildcard hostname)', 'hostname length', 'characters of the matching service', 'characters of the matching method', 'number of header matches'];

function httpKey(hostname: string, match: RouteMatchModel | undefined): PrecedenceKey {
  const [exact, chars] = hostnameScore(hostname);
  const type = match?.pathType?.value ?? 'PathPrefix';
  const value = match?.pathValue?.value ?? '/';
  const typeRank = type === 'Exact' ? 2 : type === 'PathPrefix' ? 1 : 0;
  return {
    values: [exact, chars, typeRank, typeRank === 1 ? value.length : 0, match?.method ? 1 : 0, distinctBy(match?.headers ?? [], (name) => name.toLowerCase()).length, distinctBy(match?.queryParams ?? [], (name) => name).length],
    names: httpSteps,
    ...(type === 'RegularExpression' ? { regex: true } : {}),
  };
}

function grpcKey(hostname: string, match: RouteMatchModel | undefined): PrecedenceKey {
  const [exact, chars] = hostnameScore(hostname);
  return { values: [exact, chars, match?.grpcService?.value.length ?? 0, match?.grpcMethod?.value.length ?? 0, distinctBy(match?.headers ?? [], (name) => name.toLowerCase()).length], names: grpcSteps };
}

function compareCandidates(left: Candidate, right: Candidate): number {
  for (let index = 0; index < left.key.values.length; index++) {
    const difference = right.key.values[index] - left.key.values[index];
    if (difference !== 0) return difference;
  }
  // The oldest route wins next; a repository does not say which is older, so namespace/name decides.
  const byName = routeName(left.route).localeCompare(routeName(right.route));
  if (byName !== 0) return byName;
  if (left.route !== right.route) return left.route.file.localeCompare(right.route.file);
  return left.rule.index - right.rule.index || (left.match?.index ?? 0) - (right.match?.index ?? 0);
}

function decidingStep(winner: Candidate, other: Candidate): string {
  for (let index = 0; index < winner.key.values.length; index++) {
    if (winner.key.values[index] !== other.key.values[index]) return `${winner.key.names[index]}: ${winner.key.values[index]} against ${other.key.values[index]}`;
  }
  if (routeName(winner.route) !== routeName(other.route)) {
    return `the tie-break: the oldest route in the cluster wins, which the files do not say, so ${routeName(winner.route)} is picked by namespace/name (check creationTimestamp in the cluster)`;
  }
  return winner.rule.index !== other.rule.index ? 'rule order: the first matching rule of a route wins' : 'match order within the rule';
}

/** Entries of a name-keyed match list, the first of each name only (later ones are ignored). */
function distinctBy<T extends { readonly name?: { readonly value: string } }>(entries: readonly T[], key: (name: string) => string): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (!entry.name) return false;
    const name = key(entry.name.value);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

function fullMatch(pattern: string, text: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`).test(text);
  } catch {
    return undefined;
  }
}

/** Whether a PathPrefix value covers a path, element by element (a trailing "/" ignored). */
export function prefixCovers(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
}

/** Why a match does not hold for the request, or undefined when it holds. */
function httpMismatch(match: RouteMatchModel | undefined, request: ParsedRequest): string | undefined {
  const type = match?.pathType?.value ?? 'PathPrefix';
  const value = match?.pathValue?.value ?? '/';
  if (type === 'Exact' && request.path !== value) return `path ${request.path} is not exactly ${value}`;
  if (type === 'PathPrefix' && !prefixCovers(value, request.path)) return `path ${request.path} is not under the prefix ${value}`;
  if (type === 'RegularExpression') {
    const matched = fullMatch(value, request.path);
    if (matched === undefined) return `the regular expression ${value} cannot be read here (its dialect is the implementation's)`;
    if (!matched) return `path ${request.path} does not match the regular expression ${value}`;
  }
  if (match?.method && match.method.value !== request.method) return `method ${request.method} is not ${match.method.value}`;
  const headerWhy = headersMismatch(match?.headers ?? [], request);
  if (headerWhy) return headerWhy;
  for (const param of distinctBy(match?.queryParams ?? [], (name) => name)) {
    const name = param.name!.value;
    const got = request.query.find(([key]) => key === name)?.[1];
    const want = param.value?.value ?? '';
    const regex = param.type?.value === 'RegularExpression';
    if (got === undefined) return `query parameter ${name} is missing`;
    if (regex ? fullMatch(want, got) !== true : got !== want) return `query parameter ${name}=${got} does not match ${regex ? `the regular expression ${want}` : want}`;
  }
  return undefined;
}

function headersMismatch(headers: RouteMatchModel['headers'], request: ParsedRequest): string | undefined {
  for (const header of distinctBy(headers, (name) => name.toLowerCase())) {
    const name = header.name!.value.toLowerCase();
    const got = request.headers.find(([key]) => key === name)?.[1];
    const want = header.value?.value ?? '';
    const regex = header.type?.value === 'RegularExpression';
    if (got === undefined) return `header ${header.name!.value} is missing`;
    if (regex ? fullMatch(want, got) !== true : got !== want) return `header ${header.name!.value}: ${got} does not match ${regex ? `the regular expression ${want}` : want}`;
  }
  return undefined;
}

/** gRPC: the path is /package.Service/Method. */
function grpcMismatch(match: RouteMatchModel | undefined, request: ParsedRequest): string | undefined {
  const parts = /^\/([^/]+)\/([^/]+)$/.exec(request.path);
  const service = parts?.[1];
  const method = parts?.[2];
  const regex = match?.grpcType?.value === 'RegularExpression';
  const wantService = match?.grpcService?.value;
  const wantMethod = match?.grpcMethod?.value;
  if ((wantService || wantMethod) && !parts) return `path ${request.path} is not a gRPC /service/method`;
  if (wantService && (regex ? fullMatch(wantService, service!) !== true : wantService !== service)) return `service ${service} is not ${wantService}`;
  if (wantMethod && (regex ? fullMatch(wantMethod, method!) !== true : wantMethod !== method)) return `method ${method} is not ${wantMethod}`;
  return headersMismatch(match?.headers ?? [], request);
}

function describeMatch(match: RouteMatchModel | undefined, kind: string): string {
  if (!match) return 'matches every request';
  const parts: string[] = [];
  if (kind === 'GRPCRoute') {
    if (match.grpcService) parts.push(`service ${match.grpcService.value}`);
    if (match.grpcMethod) parts.push(`method ${match.grpcMethod.value}`);
  } else {
    parts.push(`${match.pathType?.value ?? 'PathPrefix'} ${match.pathValue?.value ?? '/'}`);
    if (match.method) parts.push(`method ${match.method.value}`);
  }
  for (const header of match.headers) parts.push(`header ${header.name?.value ?? '?'}${header.type?.value === 'RegularExpression' ? ' ~ ' : ': '}${header.value?.value ?? ''}`);
  for (const param of match.queryParams) parts.push(`query ${param.name?.value ?? '?'}${param.type?.value === 'RegularExpression' ? ' ~ ' : '='}${param.value?.value ?? ''}`);
  return `matches ${parts.join(', ')}`;
}

/** Runs the chosen rule's filters and picks its backends. */
function applyRule(winner: Candidate, kind: 'HTTPRoute' | 'GRPCRoute', gateways: GatewayAnalysis, request: ParsedRequest, listenerPort: number, gateway: RequestAnswer['gateway'], steps: RequestStep[]): RequestAnswer {
  const route = { kind, namespace: winner.route.namespace, name: winner.route.object.name ?? '', rule: winner.rule.index, match: winner.match?.index ?? null } as const;
  let host = request.authority;
  let path = request.path;
  const headers = new Map<string, string>(request.headers.map(([name, value]) => [name, value]));
  const matchedPrefix = winner.match?.pathType?.value === 'PathPrefix' || !winner.match ? winner.match?.pathValue?.value ?? '/' : undefined;
  for (const filter of winner.rule.filters) {
    const type = filter.type?.value;
    const at = place(winner.route, filter.span);
    if (type === 'RequestRedirect' && filter.requestRedirect) {
      const redirect = filter.requestRedirect;
      const scheme = redirect.scheme?.value ?? request.scheme;
      const hostname = redirect.hostname?.value ?? request.host;
      const port = redirect.port?.value ?? (redirect.scheme ? (scheme === 'https' ? 443 : 80) : listenerPort);
      const newPath = modifiedPath(redirect.path, request.path, matchedPrefix);
      const defaultPort = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
      const location = `${scheme}://${hostname}${defaultPort ? '' : `:${port}`}${newPath}${request.search}`;
      const status = redirect.statusCode?.value ?? 302;
      steps.push({ text: `RequestRedirect ${filter.path}: ${status} to ${location}`, at });
      return { version: 1, gateway, route, status, redirect: { location }, backends: [], forwarded: null };
    }
    if (type === 'URLRewrite' && filter.urlRewrite) {
      if (filter.urlRewrite.hostname) host = filter.urlRewrite.hostname.value;
      path = modifiedPath(filter.urlRewrite.path, path, matchedPrefix);
      steps.push({ text: `URLRewrite ${filter.path}: the backend gets Host ${host} and path ${path}`, at });
    } else if (type === 'RequestHeaderModifier' && filter.requestHeaderModifier) {
      const modifier = filter.requestHeaderModifier;
      for (const entry of modifier.set) if (entry.name && entry.value) headers.set(entry.name.value.toLowerCase(), entry.value.value);
      for (const entry of modifier.add) {
        if (!entry.name || !entry.value) continue;
        const name = entry.name.value.toLowerCase();
        const before = headers.get(name);
        headers.set(name, before === undefined ? entry.value.value : `${before},${entry.value.value}`);
      }
      for (const name of modifier.remove) headers.delete(name.value.toLowerCase());
      steps.push({ text: `RequestHeaderModifier ${filter.path}: ${[...modifier.set.map((entry) => `set ${entry.name?.value}: ${entry.value?.value}`), ...modifier.add.map((entry) => `add ${entry.name?.value}: ${entry.value?.value}`), ...modifier.remove.map((item) => `remove ${item.value}`)].join(', ')}`, at });
    } else if (type === 'RequestMirror' && filter.requestMirror?.backend) {
      const backend = filter.requestMirror.backend;
      steps.push({ text: `RequestMirror ${filter.path}: a copy goes to ${backend.kind?.value ?? 'Service'} ${backend.namespace?.value ?? winner.route.namespace}/${backend.name?.value ?? ''}${backend.port ? `:${backend.port.value}` : ''}${filter.requestMirror.percent ? ` (${filter.requestMirror.percent.value}% of requests)` : ''}; its answers are ignored`, at });
    } else if (type === 'ResponseHeaderModifier') {
      steps.push({ text: `ResponseHeaderModifier ${filter.path}: changes the response headers, not the request`, at });
    } else if (type !== undefined) {
      steps.push({ text: `${type} ${filter.path}: implementation-specific (${filterTarget(filter)}); its effect is not modelled here`, at });
    }
  }
  if (winner.rule.timeouts?.request) steps.push({ text: `timeouts.request ${winner.rule.timeouts.request.value}: the Gateway gives up after that long`, at: place(winner.route, winner.rule.timeouts.span) });
  const forwarded = forwardedAs(host, path, request.search, [...headers.entries()]);
  const refs = winner.rule.backendRefs;
  if (refs.length === 0) {
    steps.push({ text: `the rule has no backendRefs, so nothing receives the request: ${kind === 'GRPCRoute' ? 'UNAVAILABLE' : '500'}`, at: place(winner.route, winner.rule.span) });
    return { version: 1, gateway, route, status: 500, redirect: null, backends: [], forwarded: null };
  }
  const resolutions = gateways.backends.filter((resolution) => resolution.route === winner.route && resolution.rule === winner.rule);
  const invalidCodes = new Set(['gateway/backend-not-found', 'gateway/ref-not-permitted', 'gateway/invalid-kind']);
  const total = refs.reduce((sum, ref) => sum + backendWeight(ref), 0);
  const backends: Array<RequestAnswer['backends'][number]> = [];
  let invalidWeight = 0;
  for (const ref of refs) {
    const weight = backendWeight(ref);
    const resolution = resolutions.find((candidate) => candidate.ref === ref);
    const kindName = ref.kind?.value ?? 'Service';
    const namespace = ref.namespace?.value || winner.route.namespace;
    const name = ref.name?.value ?? '';
    const share = total > 0 ? Math.round((weight / total) * 1000) / 10 : 0;
    if (weight === 0) {
      steps.push({ text: `backend ${kindName} ${namespace}/${name}${ref.port ? `:${ref.port.value}` : ''}: weight 0, receives nothing`, at: place(winner.route, ref.span), detail: true });
      continue;
    }
    if (resolution?.problem && invalidCodes.has(resolution.problem.code)) {
      invalidWeight += weight;
      // A Service the files do not define may still be in the cluster: the answer says so.
      const outside = resolution.problem.code === 'gateway/backend-not-found' && !resolution.service ? ' (unless the cluster has this Service)' : '';
      steps.push({ text: `backend ${kindName} ${namespace}/${name}${ref.port ? `:${ref.port.value}` : ''} (${share}%) is invalid: ${resolution.problem.message}; its share of requests gets ${kind === 'GRPCRoute' ? 'UNAVAILABLE' : '500'}${outside}`, at: place(winner.route, ref.span) });
      continue;
    }
    backends.push({ kind: kindName, namespace, name, port: ref.port?.value ?? null, weight });
    steps.push({ text: `backend ${kindName} ${namespace}/${name}${ref.port ? `:${ref.port.value}` : ''}: ${share}% of requests${ref.filters && ref.filters.length > 0 ? ` (with its own filters: ${ref.filters.map((filter) => filter.type?.value ?? '?').join(', ')})` : ''}`, at: place(winner.route, ref.span) });
  }
  if (backends.length === 0) {
    steps.push({ text: `no valid backend: the Gateway answers ${kind === 'GRPCRoute' ? 'UNAVAILABLE (HTTP 500)' : '500'}` });
    return { version: 1, gateway, route, status: 500, redirect: null, backends: [], forwarded: null };
  }
  if (invalidWeight > 0) steps.push({ text: `${Math.round((invalidWeight / total) * 1000) / 10}% of requests get ${kind === 'GRPCRoute' ? 'UNAVAILABLE' : '500'} (their backend is invalid); the rest are forwarded` });
  return { version: 1, gateway, route, status: 200, redirect: null, backends, forwarded };
}

/** The request as the backend receives it: Host, path with the query, headers by name. */
function forwardedAs(host: string, path: string, search: string, headers: ReadonlyArray<readonly [string, string]>): NonNullable<RequestAnswer['forwarded']> {
  return { host, path: `${path}${search}`, headers: Object.fromEntries([...headers].sort(([left], [right]) => left.localeCompare(right))) };
}

function filterTarget(filter: FilterModel): string {
  const ref = filter.extensionRef;
  return ref ? `${ref.group?.value ?? ''}/${ref.kind?.value ?? ''} ${ref.name?.value ?? ''}` : (filter.type?.value ?? '?');
}

/** A path after ReplaceFullPath or ReplacePrefixMatch (the matched prefix replaced, element-wise). */
export function modifiedPath(modifier: { readonly type?: { value: string }; readonly replaceFullPath?: { value: string }; readonly replacePrefixMatch?: { value: string } } | undefined, path: string, matchedPrefix: string | undefined): string {
  if (!modifier) return path;
  if (modifier.type?.value === 'ReplaceFullPath' && modifier.replaceFullPath) return modifier.replaceFullPath.value;
  if (modifier.type?.value === 'ReplacePrefixMatch' && modifier.replacePrefixMatch && matchedPrefix !== undefined) {
    const prefix = matchedPrefix.replace(/\/+$/, '');
    const rest = path.slice(prefix.length);
    const result = `${modifier.replacePrefixMatch.value.replace(/\/+$/, '')}${rest}`;
    return result === '' ? '/' : result.startsWith('/') ? result : `/${result}`;
  }
  return path;
}

// Ingress ---------------------------------------------------------------------------------------

/** An Ingress host (exact, or "*.domain": exactly one more label) against a request host. */
function ingressHostMatches(pattern: string | undefined, host: string): boolean {
  if (!pattern) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length && !host.slice(0, host.length - suffix.length).includes('.');
  }
  return pattern.toLowerCase() === host;
}

function answerOnIngress(objects: readonly IndexedObject[], ingresses: readonly IndexedObject[], request: ParsedRequest, question: RequestQuestion): RequestResult {
  const classOf = (ingress: IndexedObject): string => ingress.decoded.ingress?.className ?? '(default class)';
  const classes = [...new Set(ingresses.map(classOf))].sort();
  let chosen = question.ingressClass;
  if (chosen === undefined) {
    const taking = classes.filter((name) => ingresses.some((ingress) => classOf(ingress) === name && (ingress.decoded.ingress!.defaultBackend || ingress.decoded.ingress!.paths.some((entry) => ingressHostMatches(entry.host, request.host)))));
    if (taking.length > 1) return { usage: `Ingresses of ${taking.length} classes take host ${request.host}; choose one with --ingress-class`, candidates: taking };
    chosen = taking[0] ?? classes[0];
  } else if (!classes.includes(chosen)) {
    return { usage: `no Ingress of class "${chosen}" in the files`, candidates: classes };
  }
  const ofClass = ingresses.filter((ingress) => classOf(ingress) === chosen);
  const steps: RequestStep[] = [{ text: `Ingress class ${chosen}: ${ofClass.length} Ingress${ofClass.length === 1 ? '' : 'es'}, merged by the controller` }];
  type Hit = { ingress: IndexedObject; entry: IngressPath; hostRank: number };
  const hits: Hit[] = [];
  for (const ingress of ofClass) {
    for (const entry of ingress.decoded.ingress!.paths) {
      if (!ingressHostMatches(entry.host, request.host)) continue;
      const type = entry.pathType ?? 'ImplementationSpecific';
      const value = entry.path ?? '/';
      const holds = type === 'Exact' ? request.path === value : prefixCovers(value, request.path);
      if (!holds) {
        steps.push({ text: `Ingress ${routeName(ingress)} ${entry.fieldPath}: path ${request.path} does not match ${type} ${value}`, at: place(ingress, entry.span), detail: true });
        continue;
      }
      hits.push({ ingress, entry, hostRank: !entry.host ? 0 : entry.host.startsWith('*.') ? 1 : 2 });
    }
  }
  const length = (hit: Hit): number => (hit.entry.path ?? '/').replace(/\/+$/, '').length;
  hits.sort((left, right) => right.hostRank - left.hostRank || length(right) - length(left) || Number(right.entry.pathType === 'Exact') - Number(left.entry.pathType === 'Exact') || routeName(left.ingress).localeCompare(routeName(right.ingress)));
  const services = objects.filter((object) => object.object.recognized === 'Service');
  const forward = (ingress: IndexedObject, backend: IngressBackend, rule: number | null, match: number | null): RequestAnswer => {
    const route = { kind: 'Ingress', namespace: ingress.namespace, name: ingress.object.name ?? '', rule, match } as const;
    if (!backend.serviceName) {
      steps.push({ text: 'the backend is a resource, not a Service: what answers is the controller\'s choice', at: place(ingress, backend.span) });
      return { version: 1, gateway: null, route, status: 200, redirect: null, backends: [], forwarded: forwardedAs(request.authority, request.path, request.search, request.headers) };
    }
    const service = services.find((candidate) => candidate.namespace === ingress.namespace && candidate.object.name === backend.serviceName);
    const port = backend.portNumber ?? service?.decoded.service?.ports?.value.find((candidate) => candidate.name?.value === backend.portName)?.port?.value;
    if (!service || port === undefined) {
      steps.push({ text: `backend Service ${ingress.namespace}/${backend.serviceName}${backend.portName ? `:${backend.portName}` : backend.portNumber ? `:${backend.portNumber}` : ''} ${service ? 'has no such port' : 'is not in the files'}: the controller answers with an error (ingress-nginx: 503)`, at: place(ingress, backend.span) });
      return { version: 1, gateway: null, route, status: 503, redirect: null, backends: [], forwarded: null };
    }
    steps.push({ text: `backend Service ${ingress.namespace}/${backend.serviceName}:${port}: every request`, at: place(ingress, backend.span) });
    return { version: 1, gateway: null, route, status: 200, redirect: null, backends: [{ kind: 'Service', namespace: ingress.namespace, name: backend.serviceName, port, weight: 1 }], forwarded: forwardedAs(request.authority, request.path, request.search, request.headers) };
  };
  const winner = hits[0];
  if (winner) {
    const type = winner.entry.pathType ?? 'ImplementationSpecific';
    steps.splice(1, 0, { text: `Ingress ${routeName(winner.ingress)} ${winner.entry.fieldPath}: host ${winner.entry.host ?? '(any)'}, ${type} ${winner.entry.path ?? '/'}${type === 'ImplementationSpecific' ? ' (ImplementationSpecific: matched here as Prefix; the controller decides)' : ''}`, at: place(winner.ingress, winner.entry.span) });
    for (const other of hits.slice(1)) steps.push({ text: `Ingress ${routeName(other.ingress)} ${other.entry.fieldPath} also matches, but ${other.hostRank < winner.hostRank ? 'its host is less specific' : length(other) < length(winner) ? 'its path is shorter (the longest matching path wins)' : other.entry.pathType !== 'Exact' && type === 'Exact' ? 'Exact goes before Prefix' : 'it comes later by namespace/name'}`, at: place(other.ingress, other.entry.span), detail: true });
    return { answer: forward(winner.ingress, winner.entry, winner.entry.rule, winner.entry.index), steps };
  }
  const fallback = ofClass.find((ingress) => ingress.decoded.ingress!.defaultBackend);
  if (fallback) {
    steps.push({ text: `no rule matches; Ingress ${routeName(fallback)} spec.defaultBackend takes the request`, at: place(fallback, fallback.decoded.ingress!.defaultBackend!.span) });
    return { answer: forward(fallback, fallback.decoded.ingress!.defaultBackend!, null, null), steps };
  }
  steps.push({ text: `no Ingress rule of class ${chosen} matches ${request.host}${request.path} and none has a defaultBackend: the controller's own default backend answers 404` });
  return { answer: { version: 1, gateway: null, route: null, status: 404, redirect: null, backends: [], forwarded: null }, steps };
}

/** What the request engine needs of an Ingress, decoded once (decode.ts). */
export interface IngressBackend {
  readonly span: Span;
  readonly serviceName?: string;
  readonly portNumber?: number;
  readonly portName?: string;
}

export interface IngressPath extends IngressBackend {
  readonly rule: number;
  readonly index: number;
  readonly fieldPath: string;
  readonly host?: string;
  readonly path?: string;
  readonly pathType?: string;
}

export interface IngressModel {
  readonly className?: string;
  readonly defaultBackend?: IngressBackend;
  readonly paths: readonly IngressPath[];
}
