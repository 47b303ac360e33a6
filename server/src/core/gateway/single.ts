/**
 * What the API server rejects in a Gateway API object on its own: the CRDs' OpenAPI validation
 * (required fields, enums, bounds, patterns, list lengths) and the CEL rules of the standard
 * channel (unique listener names, unique port/protocol/hostname, no hostname on TCP/UDP
 * listeners, no tls on HTTP/TCP/UDP listeners, a Service backendRef needs a port, sectionName
 * when a route names one parent twice). All are errors, at the path the rule sits on; a CEL rule
 * on a list is reported on the item that breaks it, with the list's path.
 */
import type { Span } from '../model';
import type { Read, RuleContext } from '../rules/context';
import { parseLegacyIp } from '../ip';
import { checkFilters } from './filters';
import { backendKind, parentKind } from './model';
import type { BackendRefModel, GatewayAddressModel, GatewayDecoded, GatewayRouteModel, ListenerModel, ObjectRefModel, ReferenceGrantModel, RouteKind } from './model';

const gatewayKindNames = new Set(['Gateway', 'GatewayClass', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant']);

export function isGatewayKind(kind: string): kind is GatewayDecoded['kind'] {
  return gatewayKindNames.has(kind);
}

const hostnamePattern = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const sectionNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const protocolPattern = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/;
const namespacePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const kindPattern = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const groupPattern = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const headerNamePattern = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const controllerPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
const pathCharacters = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

export function checkGatewayObject(ctx: RuleContext, decoded: GatewayDecoded): void {
  const v = validator(ctx);
  switch (decoded.kind) {
    case 'Gateway': {
      const gateway = decoded.gateway;
      v.required(gateway.gatewayClassName, 'spec.gatewayClassName', gateway.specSpan);
      if (gateway.gatewayClassName && gateway.gatewayClassName.value !== '') v.length(gateway.gatewayClassName, 'spec.gatewayClassName', 1, 253);
      checkListeners(v, gateway.listeners, gateway.listenersRead, gateway.specSpan, true);
      if (gateway.addresses) checkAddresses(v, gateway.addresses.items, gateway.addresses.read);
      if (gateway.allowedListeners?.from) v.oneOf(gateway.allowedListeners.from, 'spec.allowedListeners.namespaces.from', ['All', 'Selector', 'Same', 'None']);
      return;
    }
    case 'ListenerSet': {
      const set = decoded.listenerSet;
      if (!set.parentRef) v.missing('spec.parentRef', set.specSpan);
      else checkRef(v, set.parentRef);
      checkListeners(v, set.listeners, set.listenersRead, set.specSpan, false);
      return;
    }
    case 'GatewayClass': {
      const controller = decoded.gatewayClass.controllerName;
      v.required(controller, 'spec.controllerName', ctx.object.anchorSpan);
      if (controller) v.pattern(controller, 'spec.controllerName', controllerPattern, 'a domain-prefixed path such as example.net/gateway-controller', 253);
      return;
    }
    case 'ReferenceGrant':
      checkReferenceGrant(v, decoded.referenceGrant);
      return;
    default:
      checkRoute(v, decoded.route);
  }
}

interface Validator {
  report(code: string, span: Span, path: string, message: string): void;
  missing(path: string, span: Span): void;
  required(read: Read<unknown> | undefined, path: string, span: Span): void;
  length(read: Read<string>, path: string, min: number, max: number): boolean;
  pattern(read: Read<string>, path: string, pattern: RegExp, what: string, max: number, code?: string, min?: number): void;
  range(read: Read<number> | undefined, path: string, min: number, max: number): void;
  oneOf(read: Read<string> | undefined, path: string, values: readonly string[]): void;
  maxItems(read: Read<unknown> | undefined, count: number, path: string, max: number): void;
}

function validator(ctx: RuleContext): Validator {
  const v: Validator = {
    report: (code, span, path, message) => ctx.report({ code, span, path, message }),
    missing: (path, span) => v.report('gateway/required', span, path, `${path} is required`),
    required: (read, path, span) => {
      if (read === undefined || (typeof read.value === 'string' && read.value === '')) v.report('gateway/required', read?.span ?? span, path, `${path} is required${read ? ' and must not be empty' : ''}`);
    },
    length: (read, path, min, max) => {
      if (read.value.length < min || read.value.length > max) {
        v.report('gateway/invalid-value', read.span, path, `${path} must be ${min}-${max} characters long, not ${read.value.length}`);
        return false;
      }
      return true;
    },
    pattern: (read, path, pattern, what, max, code = 'gateway/invalid-value', min = 1) => {
      if (!v.length(read, path, min, max)) return;
      if (!pattern.test(read.value)) v.report(code, read.span, path, `${path} "${read.value}" must be ${what}`);
    },
    range: (read, path, min, max) => {
      if (read && (read.value < min || read.value > max)) v.report('gateway/invalid-value', read.span, path, `${path} must be between ${min} and ${max}, not ${read.value}`);
    },
    oneOf: (read, path, values) => {
      if (read && !values.includes(read.value)) {
        const close = values.find((value) => value.toLowerCase() === read.value.toLowerCase());
        v.report('gateway/invalid-value', read.span, path, `${path} "${read.value}" is not supported: use ${close ? `"${close}" (values are case-sensitive)` : values.map((value) => `"${value}"`).join(', ')}`);
      }
    },
    maxItems: (read, count, path, max) => {
      if (read && count > max) v.report('gateway/invalid-value', read.keySpan, path, `${path} has ${count} items, more than the ${max} allowed`);
    },
  };
  return v;
}

function checkListeners(v: Validator, listeners: readonly ListenerModel[], read: Read<unknown> | undefined, specSpan: Span, inGateway: boolean): void {
  if (listeners.length === 0) v.report('gateway/required', read?.span ?? specSpan, 'spec.listeners', 'spec.listeners must list at least one listener');
  v.maxItems(read, listeners.length, 'spec.listeners', 64);
  const names = new Map<string, ListenerModel>();
  const combinations = new Map<string, ListenerModel>();
  for (const listener of listeners) {
    v.required(listener.name, `${listener.path}.name`, listener.span);
    if (listener.name) v.pattern(listener.name, `${listener.path}.name`, sectionNamePattern, 'lowercase letters, digits, "-" and "." (a DNS subdomain)', 253);
    if (listener.hostname) checkHostname(v, listener.hostname, `${listener.path}.hostname`);
    if (inGateway && listener.port === undefined) {
      // The port is required on a Gateway listener (a ListenerSet may leave it to the Gateway).
      v.missing(`${listener.path}.port`, listener.name?.span ?? listener.span);
    }
    v.range(listener.port, `${listener.path}.port`, 1, 65535);
    v.required(listener.protocol, `${listener.path}.protocol`, listener.span);
    if (listener.protocol) v.pattern(listener.protocol, `${listener.path}.protocol`, protocolPattern, 'a protocol such as HTTP, HTTPS, TLS, TCP or UDP (or a domain-prefixed one)', 255);
    if (listener.namespacesFrom) v.oneOf(listener.namespacesFrom, `${listener.path}.allowedRoutes.namespaces.from`, ['All', 'Selector', 'Same']);
    if (listener.kinds) {
      if (listener.kinds.length > 8) v.report('gateway/invalid-value', listener.kinds[8].span, `${listener.path}.allowedRoutes.kinds`, `${listener.path}.allowedRoutes.kinds has ${listener.kinds.length} items, more than the 8 allowed`);
      for (const kind of listener.kinds) {
        v.required(kind.kind, `${kind.path}.kind`, kind.span);
        if (kind.kind) v.pattern(kind.kind, `${kind.path}.kind`, kindPattern, 'a kind name such as HTTPRoute', 63);
        if (kind.group) v.pattern(kind.group, `${kind.path}.group`, groupPattern, 'an API group such as gateway.networking.k8s.io', 253, undefined, 0);
      }
    }
    const protocol = listener.protocol?.value ?? '';
    // CEL rules of spec.listeners, reported on the listener that breaks them.
    if (listener.tls && (protocol === 'HTTP' || protocol === 'TCP' || protocol === 'UDP')) {
      v.report('gateway/listener-tls', listener.tls.span, 'spec.listeners', `tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']: listener "${listener.name?.value ?? listener.index}" is ${protocol}`);
    }
    if (listener.tls && protocol === 'HTTPS' && listener.tls.mode && listener.tls.mode.value !== '' && listener.tls.mode.value !== 'Terminate') {
      v.report('gateway/listener-tls', listener.tls.mode.span, 'spec.listeners', 'tls mode must be Terminate for protocol HTTPS');
    }
    if (listener.tls) {
      if (listener.tls.mode) v.oneOf(listener.tls.mode, `${listener.path}.tls.mode`, ['Terminate', 'Passthrough']);
      if ((listener.tls.mode?.value ?? 'Terminate') === 'Terminate' && listener.tls.certificateRefs === 0 && listener.tls.options === 0) {
        v.report('gateway/listener-tls', listener.tls.span, `${listener.path}.tls`, 'certificateRefs or options must be specified when mode is Terminate');
      }
    }
    if (listener.hostname && listener.hostname.value !== '' && (protocol === 'TCP' || protocol === 'UDP')) {
      v.report('gateway/listener-hostname-forbidden', listener.hostname.span, 'spec.listeners', `hostname must not be specified for protocols ['TCP', 'UDP']: listener "${listener.name?.value ?? listener.index}" is ${protocol}`);
    }
    const name = listener.name?.value;
    if (name !== undefined) {
      const earlier = names.get(name);
      if (earlier) v.report('gateway/listener-conflict', listener.name!.span, 'spec.listeners', `Listener name must be unique within the ${inGateway ? 'Gateway' : 'ListenerSet'}: "${name}" is also ${earlier.path}`);
      else names.set(name, listener);
    }
    if (listener.port && listener.protocol) {
      const key = `${listener.port.value}/${protocol}/${listener.hostname?.value ?? '\u0000'}`;
      const earlier = combinations.get(key);
      if (earlier) v.report('gateway/listener-conflict', listener.port.span, 'spec.listeners', `Combination of port, protocol and hostname must be unique for each listener: ${earlier.path} has the same ${protocol} ${listener.port.value}${listener.hostname ? ` ${listener.hostname.value}` : ' without a hostname'}`);
      else combinations.set(key, listener);
    }
  }
}

/** spec.addresses: IPAddress values are IPs, Hostname values DNS names (a wildcard allowed), each unique within its type. */
function checkAddresses(v: Validator, addresses: readonly GatewayAddressModel[], read: Read<unknown>): void {
  v.maxItems(read, addresses.length, 'spec.addresses', 16);
  const seen = new Set<string>();
  for (const address of addresses) {
    const type = address.type?.value ?? 'IPAddress';
    if (address.type) v.pattern(address.type, `${address.path}.type`, /^(Hostname|IPAddress|NamedAddress)$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/, 'IPAddress, Hostname, NamedAddress or a domain-prefixed type', 253);
    const value = address.value;
    if (!value) continue;
    if (value.value.length > 253) v.report('gateway/invalid-value', value.span, `${address.path}.value`, `${address.path}.value must be at most 253 characters long`);
    if (type === 'IPAddress' && !parseLegacyIp(value.value)) v.report('gateway/invalid-address', value.span, `${address.path}.value`, `${address.path}.value "${value.value}" must be an IPv4 or IPv6 address when type is IPAddress${/^[a-z0-9.*-]+$/.test(value.value) && /[a-z]/.test(value.value) ? ' (for a DNS name, set type: Hostname)' : ''}`);
    if (type === 'Hostname' && value.value !== '' && !hostnamePattern.test(value.value)) v.report('gateway/invalid-address', value.span, address.path, `Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$): "${value.value}"`);
    if (type === 'IPAddress' || type === 'Hostname') {
      const key = `${type}/${value.value}`;
      if (seen.has(key)) v.report('gateway/invalid-address', value.span, 'spec.addresses', `${type} values must be unique: "${value.value}" is listed twice`);
      seen.add(key);
    }
  }
}

function checkHostname(v: Validator, read: Read<string>, path: string): void {
  v.pattern(read, path, hostnamePattern, 'a lowercase DNS name, optionally starting with "*." (no port, no trailing dot, no other wildcard)', 253, 'gateway/invalid-hostname');
  if (hostnamePattern.test(read.value) && /^\d+\.\d+\.\d+\.\d+$/.test(read.value)) {
    v.report('gateway/hostname-is-ip', read.span, path, `${path} "${read.value}" is an IP address; Gateway API hostnames are DNS names, and IPs do not match a request's Host`);
  }
}

function checkRef(v: Validator, ref: ObjectRefModel): void {
  v.required(ref.name, `${ref.path}.name`, ref.span);
  if (ref.name) v.length(ref.name, `${ref.path}.name`, 1, 253);
  if (ref.namespace) v.pattern(ref.namespace, `${ref.path}.namespace`, namespacePattern, 'a namespace name (lowercase letters, digits and "-")', 63);
  if (ref.kind) v.pattern(ref.kind, `${ref.path}.kind`, kindPattern, 'a kind name', 63);
  if (ref.group) v.pattern(ref.group, `${ref.path}.group`, groupPattern, 'an API group ("" for the core group)', 253, undefined, 0);
}

function checkRoute(v: Validator, route: GatewayRouteModel): void {
  v.maxItems(route.parentRefsRead, route.parentRefs.length, 'spec.parentRefs', 32);
  for (const ref of route.parentRefs) {
    checkRef(v, ref);
    if (ref.sectionName) v.pattern(ref.sectionName, `${ref.path}.sectionName`, sectionNamePattern, 'a listener name (a DNS subdomain)', 253);
    v.range(ref.port, `${ref.path}.port`, 1, 65535);
  }
  checkSameParentTwice(v, route);
  if (route.hostnames) {
    v.maxItems(route.hostnames, route.hostnames.value.length, 'spec.hostnames', 16);
    for (const hostname of route.hostnames.value) checkHostname(v, { value: hostname.value, span: hostname.span, keySpan: hostname.span, node: route.hostnames.node }, `spec.hostnames[${hostname.index}]`);
  }
  if (route.rules.length > 16) v.report('gateway/invalid-value', route.rules[16].span, 'spec.rules', `spec.rules has ${route.rules.length} items, more than the 16 allowed`);
  for (const rule of route.rules) {
    if (rule.backendRefs.length > 16) v.report('gateway/invalid-value', rule.backendRefs[16].span, `${rule.path}.backendRefs`, `${rule.path}.backendRefs has ${rule.backendRefs.length} items, more than the 16 allowed`);
    for (const match of rule.matches) checkMatch(v, match, route.kind);
    for (const backend of rule.backendRefs) checkBackend(v, backend);
    if (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute') {
      checkFilters(v.report, rule.filters, rule.path, route.kind, { backendRefs: rule.backendRefs.length, pathTypes: rule.matches.length === 0 ? ['PathPrefix'] : rule.matches.map((match) => match.pathType?.value) });
      for (const backend of rule.backendRefs) if (backend.filters) checkFilters(v.report, backend.filters, backend.path, route.kind, { backendRefs: 0, pathTypes: rule.matches.length === 0 ? ['PathPrefix'] : rule.matches.map((match) => match.pathType?.value) });
    }
  }
  for (const rule of route.rules) if (rule.timeouts) checkTimeouts(v, rule.timeouts, rule.path);
  // Rule names, where given, are unique within the route.
  const ruleNames = new Set<string>();
  for (const rule of route.rules) {
    if (!rule.name) continue;
    if (ruleNames.has(rule.name.value)) v.report('gateway/invalid-value', rule.name.span, 'spec.rules', `Rule name must be unique within the route: "${rule.name.value}" is used twice`);
    ruleNames.add(rule.name.value);
  }
}

const durationPattern = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/** A Gateway API Duration in milliseconds (`1h30m`, `500ms`), or undefined when it is not one. */
function durationMs(text: string): number | undefined {
  if (!durationPattern.test(text)) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|h|m|s)/g)) total += Number(amount) * units[unit];
  return total;
}

/** HTTPRoute rule timeouts: Gateway API Durations, and a backendRequest no longer than the request (unless that is 0s, no limit). */
function checkTimeouts(v: Validator, timeouts: NonNullable<GatewayRouteModel['rules'][number]['timeouts']>, base: string): void {
  for (const key of ['request', 'backendRequest'] as const) {
    const read = timeouts[key];
    if (read && durationMs(read.value) === undefined) v.report('gateway/invalid-value', read.span, `${base}.timeouts.${key}`, `${base}.timeouts.${key} "${read.value}" must be a Gateway API Duration such as 10s, 500ms or 1h30m (hours, minutes, seconds, milliseconds; up to 4 parts)`);
  }
  const request = timeouts.request ? durationMs(timeouts.request.value) : undefined;
  const backend = timeouts.backendRequest ? durationMs(timeouts.backendRequest.value) : undefined;
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    v.report('gateway/invalid-value', timeouts.backendRequest!.span, `${base}.timeouts`, `backendRequest timeout cannot be longer than request timeout: ${timeouts.backendRequest!.value} is longer than ${timeouts.request!.value}`);
  }
}

/** The standard channel's CEL rules on parentRefs: the same parent twice needs distinct sectionNames. */
function checkSameParentTwice(v: Validator, route: GatewayRouteModel): void {
  const key = (ref: ObjectRefModel): string => {
    const { group, kind } = parentKind(ref);
    return `${group}/${kind}/${ref.namespace?.value ?? ''}/${ref.name?.value ?? ''}`;
  };
  const groups = new Map<string, typeof route.parentRefs[number][]>();
  for (const ref of route.parentRefs) groups.set(key(ref), [...(groups.get(key(ref)) ?? []), ref]);
  for (const refs of groups.values()) {
    if (refs.length < 2) continue;
    const section = (ref: (typeof refs)[number]): string => ref.sectionName?.value ?? '';
    if (refs.some((ref) => section(ref) === '') && refs.some((ref) => section(ref) !== '')) {
      const culprit = refs.find((ref) => section(ref) === '')!;
      v.report('gateway/parent-section-required', culprit.span, 'spec.parentRefs', `sectionName must be specified when parentRefs includes 2 or more references to the same parent: ${culprit.path} names ${culprit.name?.value ?? ''} without one`);
      continue;
    }
    const seen = new Set<string>();
    for (const ref of refs) {
      if (seen.has(section(ref))) v.report('gateway/parent-section-required', ref.sectionName?.span ?? ref.span, 'spec.parentRefs', `sectionName must be unique when parentRefs includes 2 or more references to the same parent: ${ref.path} repeats ${section(ref) ? `"${section(ref)}"` : 'the parent without a sectionName'}`);
      seen.add(section(ref));
    }
  }
}

function checkMatch(v: Validator, match: GatewayRouteModel['rules'][number]['matches'][number], kind: RouteKind): void {
  if (kind === 'HTTPRoute') {
    const type = match.pathType;
    v.oneOf(type, `${match.path}.path.type`, ['Exact', 'PathPrefix', 'RegularExpression']);
    const value = match.pathValue;
    const effectiveType = type?.value ?? 'PathPrefix';
    if (value) {
      v.length(value, `${match.path}.path.value`, 0, 1024);
      if (effectiveType === 'Exact' || effectiveType === 'PathPrefix') {
        const path = `${match.path}.path`;
        const types = "when type one of ['Exact', 'PathPrefix']";
        const problems: string[] = [];
        if (!value.value.startsWith('/')) problems.push(`value must be an absolute path and start with '/' ${types}`);
        for (const part of ['//', '/./', '/../', '%2f', '%2F', '#']) if (value.value.includes(part)) problems.push(`must not contain '${part}' ${types}`);
        for (const end of ['/..', '/.']) if (value.value.endsWith(end)) problems.push(`must not end with '${end}' ${types}`);
        if (value.value !== '' && !pathCharacters.test(value.value)) problems.push(`must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']`);
        for (const problem of problems) v.report('gateway/invalid-path', value.span, path, `path "${value.value}": ${problem}`);
      }
    }
    v.oneOf(match.method, `${match.path}.method`, httpMethods);
  }
  if (match.headers.length > 16) v.report('gateway/invalid-value', match.headers[16].span, `${match.path}.headers`, `${match.path}.headers has ${match.headers.length} items, more than the 16 allowed`);
  if (kind === 'GRPCRoute') {
    v.oneOf(match.grpcType, `${match.path}.method.type`, ['Exact', 'RegularExpression']);
    if ((match.grpcType?.value ?? 'Exact') === 'Exact') {
      if (match.grpcService && match.grpcService.value !== '' && !/^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(match.grpcService.value)) v.report('gateway/invalid-value', match.grpcService.span, `${match.path}.method`, `service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$): "${match.grpcService.value}"`);
      if (match.grpcMethod && match.grpcMethod.value !== '' && !/^[A-Za-z_][A-Za-z_0-9]*$/.test(match.grpcMethod.value)) v.report('gateway/invalid-value', match.grpcMethod.span, `${match.path}.method`, `method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$): "${match.grpcMethod.value}"`);
    }
  }
  for (const header of match.headers) v.oneOf(header.type, `${header.path}.type`, ['Exact', 'RegularExpression']);
  if (match.queryParams.length > 16) v.report('gateway/invalid-value', match.queryParams[16].span, `${match.path}.queryParams`, `${match.path}.queryParams has ${match.queryParams.length} items, more than the 16 allowed`);
  const params = new Set<string>();
  for (const param of match.queryParams) {
    v.required(param.name, `${param.path}.name`, param.span);
    v.required(param.value, `${param.path}.value`, param.span);
    v.oneOf(param.type, `${param.path}.type`, ['Exact', 'RegularExpression']);
    if (!param.name) continue;
    // Keyed by name: the same name twice is a duplicate key the API server refuses.
    if (params.has(param.name.value)) v.report('gateway/invalid-value', param.name.span, `${param.path}.name`, `Duplicate value: query parameter "${param.name.value}" is matched twice in one match`);
    params.add(param.name.value);
  }
  const names = new Set<string>();
  for (const header of match.headers) {
    v.required(header.name, `${header.path}.name`, header.span);
    if (header.name) {
      v.pattern(header.name, `${header.path}.name`, headerNamePattern, 'an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~)', 256);
      // A list keyed by name: the same name twice is a duplicate key the API server refuses.
      if (names.has(header.name.value)) v.report('gateway/invalid-value', header.name.span, `${header.path}.name`, `Duplicate value: header "${header.name.value}" is matched twice in one match`);
      names.add(header.name.value);
    }
  }
}

function checkBackend(v: Validator, backend: BackendRefModel): void {
  checkRef(v, backend);
  v.range(backend.port, `${backend.path}.port`, 1, 65535);
  v.range(backend.weight, `${backend.path}.weight`, 0, 1000000);
  const { group, kind } = backendKind(backend);
  if (group === '' && kind === 'Service' && backend.port === undefined) {
    v.report('gateway/backend-port-required', backend.name?.span ?? backend.span, backend.path, `Must have port for Service reference: ${backend.path} names Service "${backend.name?.value ?? ''}" without a port`);
  }
}

function checkReferenceGrant(v: Validator, grant: ReferenceGrantModel): void {
  for (const [list, key] of [[grant.from, 'from'], [grant.to, 'to']] as const) {
    if (list.length === 0) v.report('gateway/required', (key === 'from' ? grant.fromSpan : grant.toSpan) ?? grant.specSpan, `spec.${key}`, `spec.${key} must list at least one entry`);
    if (list.length > 16) v.report('gateway/invalid-value', list[16].span, `spec.${key}`, `spec.${key} has ${list.length} items, more than the 16 allowed`);
    for (const ref of list) {
      if (ref.group === undefined) v.missing(`${ref.path}.group`, ref.span);
      else v.pattern(ref.group, `${ref.path}.group`, groupPattern, 'an API group ("" for the core group)', 253, undefined, 0);
      v.required(ref.kind, `${ref.path}.kind`, ref.span);
      if (ref.kind) v.pattern(ref.kind, `${ref.path}.kind`, kindPattern, 'a kind name', 63);
      if (key === 'from') {
        v.required(ref.namespace, `${ref.path}.namespace`, ref.span);
        if (ref.namespace) v.pattern(ref.namespace, `${ref.path}.namespace`, namespacePattern, 'a namespace name', 63);
      } else if (ref.name) v.length(ref.name, `${ref.path}.name`, 1, 253);
    }
  }
}
