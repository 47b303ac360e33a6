/**
 * "Send a request…" in the editor: where it is offered (a lens above each Gateway, route and
 * Ingress) and the request it starts from (the URL a listener, a route or an Ingress rule under
 * the cursor would take, and the Gateway and listener to ask).
 */
import type { Span } from '../model';
import type { IndexedObject } from '../routing';
import type { WorkspaceIndex } from '../workspace';
import { gatewayGroup, parentKind } from './model';
import type { ListenerModel } from './model';

export interface RequestSuggestion {
  readonly url: string;
  /** `namespace/name` of the Gateway to ask, when the place names one. */
  readonly gateway?: string;
  readonly listener?: string;
}

/** The objects of a file that answer requests: Gateways, HTTP and gRPC routes, Ingresses. */
export function requestLensSpans(index: WorkspaceIndex, file: string): Span[] {
  return index
    .objects(file)
    .filter((object) => object.object.recognized === 'Ingress' || object.decoded.gateway?.kind === 'Gateway' || object.decoded.gateway?.kind === 'HTTPRoute' || object.decoded.gateway?.kind === 'GRPCRoute')
    .map((object) => object.object.anchorSpan);
}

/** The request to start from at a place of a file, or undefined when the place is none of those objects. */
export function requestSuggestion(index: WorkspaceIndex, file: string, offset: number): RequestSuggestion | undefined {
  const object = index.objects(file).find((candidate) => candidate.object.span.start <= offset && offset <= candidate.object.span.end);
  if (!object) return undefined;
  const decoded = object.decoded.gateway;
  if (decoded?.kind === 'Gateway') {
    const listeners = decoded.gateway.listeners.filter((listener) => listener.protocol?.value === 'HTTP' || listener.protocol?.value === 'HTTPS');
    const listener = listeners.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end) ?? listeners[0];
    return { url: listenerUrl(listener, undefined, '/'), gateway: `${object.namespace}/${object.object.name ?? ''}`, ...(listener?.name ? { listener: listener.name.value } : {}) };
  }
  if (decoded?.kind === 'HTTPRoute' || decoded?.kind === 'GRPCRoute') {
    const route = decoded.route;
    const parent = route.parentRefs.find((ref) => parentKind(ref).group === gatewayGroup && parentKind(ref).kind === 'Gateway');
    const gatewayName = parent ? `${parent.namespace?.value || object.namespace}/${parent.name?.value ?? ''}` : undefined;
    const gateway = gatewayName ? findGateway(index, gatewayName) : undefined;
    const listeners = gateway?.decoded.gateway?.kind === 'Gateway' ? gateway.decoded.gateway.gateway.listeners : [];
    const listener = listeners.find((candidate) => candidate.name?.value === parent?.sectionName?.value) ?? listeners.find((candidate) => candidate.protocol?.value === 'HTTP' || candidate.protocol?.value === 'HTTPS');
    // The rule and match under the cursor, else the first.
    const rule = route.rules.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end) ?? route.rules[0];
    const match = rule?.matches.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end) ?? rule?.matches[0];
    const path = decoded.kind === 'GRPCRoute' ? `/${match?.grpcService?.value ?? 'package.Service'}/${match?.grpcMethod?.value ?? 'Method'}` : match?.pathType?.value === 'RegularExpression' ? '/' : (match?.pathValue?.value ?? '/');
    const hostname = route.hostnames?.value[0]?.value;
    return { url: listenerUrl(listener, hostname, path), ...(gatewayName && gateway ? { gateway: gatewayName } : {}) };
  }
  if (object.object.recognized === 'Ingress' && object.decoded.ingress) {
    const paths = object.decoded.ingress.paths;
    const entry = paths.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end) ?? paths[0];
    const host = entry?.host?.replace(/^\*/, 'www') ?? 'example.com';
    return { url: `http://${host}${entry?.path ?? '/'}` };
  }
  return undefined;
}

function findGateway(index: WorkspaceIndex, name: string): IndexedObject | undefined {
  return index.objects().find((object) => object.decoded.gateway?.kind === 'Gateway' && `${object.namespace}/${object.object.name ?? ''}` === name);
}

/** A URL a listener takes: its scheme, a host its hostname covers (a wildcard's "*" as "www"), its port when not the default. */
function listenerUrl(listener: ListenerModel | undefined, routeHostname: string | undefined, path: string): string {
  const scheme = listener?.protocol?.value === 'HTTPS' ? 'https' : 'http';
  const port = listener?.port?.value;
  const hostname = (routeHostname ?? listener?.hostname?.value ?? 'example.com').replace(/^\*/, 'www');
  const defaultPort = port === undefined || (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  return `${scheme}://${hostname}${defaultPort ? '' : `:${port}`}${path.startsWith('/') ? path : `/${path}`}`;
}
