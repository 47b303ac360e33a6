/**
 * Gateway API objects (gateway.networking.k8s.io: Gateway, GatewayClass, ListenerSet, HTTPRoute,
 * GRPCRoute, TLSRoute, TCPRoute, UDPRoute, ReferenceGrant) decoded once into typed models, the
 * way the API server's decoder reads them: wrong types reported once, spans kept for findings,
 * hovers and navigation. Defaults (a parentRef's group and kind, a backendRef's kind and weight)
 * are applied by the readers below, never written into the model.
 */
import type { Span } from '../model';
import { readSelector } from '../policy/model';
import type { LabelSelectorModel } from '../policy/model';
import { mapItems, readInt, readMap, readSeq, readString, readStringList } from '../rules/context';
import type { Read, RuleContext } from '../rules/context';
import type { YAMLMap, YAMLSeq } from '../yamlView';
import { readFilters } from './filters';
import type { FilterModel, HeaderEntryModel } from './filters';

export const gatewayGroup = 'gateway.networking.k8s.io';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';
export const routeKinds: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

export interface RouteGroupKindModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly group?: Read<string>;
  readonly kind?: Read<string>;
}

export interface ListenerModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly hostname?: Read<string>;
  readonly port?: Read<number>;
  readonly protocol?: Read<string>;
  readonly tls?: { readonly span: Span; readonly mode?: Read<string>; readonly certificateRefs: number; readonly options: number };
  /** allowedRoutes.namespaces.from (Same when absent). */
  readonly namespacesFrom?: Read<string>;
  readonly namespaceSelector?: LabelSelectorModel;
  /** allowedRoutes.kinds; undefined: the kinds the protocol carries. */
  readonly kinds?: readonly RouteGroupKindModel[];
}

export interface GatewayAddressModel {
  readonly path: string;
  readonly span: Span;
  readonly type?: Read<string>;
  readonly value?: Read<string>;
}

export interface GatewayModel {
  readonly specSpan: Span;
  readonly gatewayClassName?: Read<string>;
  readonly listeners: readonly ListenerModel[];
  readonly listenersRead?: Read<unknown>;
  readonly addresses?: { readonly read: Read<unknown>; readonly items: readonly GatewayAddressModel[] };
  /** spec.allowedListeners.namespaces: which ListenerSets may attach (None when absent). */
  readonly allowedListeners?: { readonly span: Span; readonly from?: Read<string>; readonly selector?: LabelSelectorModel };
}

export interface ObjectRefModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly group?: Read<string>;
  readonly kind?: Read<string>;
  readonly namespace?: Read<string>;
  readonly name?: Read<string>;
}

export interface ParentRefModel extends ObjectRefModel {
  readonly sectionName?: Read<string>;
  readonly port?: Read<number>;
}

export interface BackendRefModel extends ObjectRefModel {
  readonly port?: Read<number>;
  readonly weight?: Read<number>;
  /** Filters applied only to requests sent to this backend. */
  readonly filters?: readonly FilterModel[];
}

/** A header or query parameter match: a name, a value, and a type (Exact when absent). */
export interface ValueMatchModel extends HeaderEntryModel {
  readonly type?: Read<string>;
}

export interface RouteMatchModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly pathType?: Read<string>;
  readonly pathValue?: Read<string>;
  readonly headers: readonly ValueMatchModel[];
  /** HTTPRoute: queryParams. */
  readonly queryParams: readonly ValueMatchModel[];
  readonly method?: Read<string>;
  /** GRPCRoute: method.type, method.service and method.method. */
  readonly grpcType?: Read<string>;
  readonly grpcService?: Read<string>;
  readonly grpcMethod?: Read<string>;
}

export interface RouteRuleModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly matches: readonly RouteMatchModel[];
  readonly filters: readonly FilterModel[];
  readonly backendRefs: readonly BackendRefModel[];
  /** HTTPRoute: timeouts.request and timeouts.backendRequest, as written. */
  readonly timeouts?: { readonly span: Span; readonly request?: Read<string>; readonly backendRequest?: Read<string> };
}

export interface GatewayRouteModel {
  readonly kind: RouteKind;
  readonly specSpan: Span;
  readonly parentRefs: readonly ParentRefModel[];
  readonly parentRefsRead?: Read<unknown>;
  readonly hostnames?: Read<Array<{ index: number; value: string; span: Span }>>;
  readonly rules: readonly RouteRuleModel[];
}

export interface ReferenceGrantModel {
  readonly specSpan: Span;
  readonly fromSpan?: Span;
  readonly toSpan?: Span;
  readonly from: ReadonlyArray<ObjectRefModel>;
  readonly to: ReadonlyArray<ObjectRefModel>;
}

export interface ListenerSetModel {
  readonly specSpan: Span;
  readonly parentRef?: ObjectRefModel;
  readonly listeners: readonly ListenerModel[];
  readonly listenersRead?: Read<unknown>;
}

export interface GatewayClassModel {
  readonly controllerName?: Read<string>;
}

export type GatewayDecoded =
  | { readonly kind: 'Gateway'; readonly gateway: GatewayModel }
  | { readonly kind: 'ListenerSet'; readonly listenerSet: ListenerSetModel }
  | { readonly kind: 'GatewayClass'; readonly gatewayClass: GatewayClassModel }
  | { readonly kind: 'ReferenceGrant'; readonly referenceGrant: ReferenceGrantModel }
  | { readonly kind: RouteKind; readonly route: GatewayRouteModel };

export function decodeGatewayObject(ctx: RuleContext, kind: GatewayDecoded['kind']): GatewayDecoded {
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  const specSpan = spec?.span ?? ctx.object.anchorSpan;
  const map = spec?.value;
  switch (kind) {
    case 'Gateway': {
      const listeners = map ? readSeq(ctx, map, 'listeners', 'spec.listeners') : undefined;
      const addresses = map ? readSeq(ctx, map, 'addresses', 'spec.addresses') : undefined;
      const allowed = map ? readMap(ctx, map, 'allowedListeners', 'spec.allowedListeners') : undefined;
      const namespaces = allowed ? readMap(ctx, allowed.value, 'namespaces', 'spec.allowedListeners.namespaces') : undefined;
      return {
        kind,
        gateway: {
          specSpan,
          gatewayClassName: map ? readString(ctx, map, 'gatewayClassName', 'spec.gatewayClassName') : undefined,
          listeners: listeners ? readListeners(ctx, listeners.value, 'spec.listeners') : [],
          listenersRead: listeners,
          ...(addresses
            ? {
                addresses: {
                  read: addresses,
                  items: mapItems(ctx, addresses.value, 'spec.addresses').map(({ map: item, path }) => ({ path, span: ctx.view.span(item), type: readString(ctx, item, 'type', `${path}.type`), value: readString(ctx, item, 'value', `${path}.value`) })),
                },
              }
            : {}),
          ...(allowed
            ? {
                allowedListeners: {
                  span: allowed.span,
                  from: namespaces ? readString(ctx, namespaces.value, 'from', 'spec.allowedListeners.namespaces.from') : undefined,
                  selector: namespaces ? readSelector(ctx, namespaces.value, 'selector', 'spec.allowedListeners.namespaces.selector') : undefined,
                },
              }
            : {}),
        },
      };
    }
    case 'ListenerSet': {
      const listeners = map ? readSeq(ctx, map, 'listeners', 'spec.listeners') : undefined;
      const parent = map ? readMap(ctx, map, 'parentRef', 'spec.parentRef') : undefined;
      return { kind, listenerSet: { specSpan, parentRef: parent ? readRef(ctx, parent.value, 'spec.parentRef', 0, parent.span) : undefined, listeners: listeners ? readListeners(ctx, listeners.value, 'spec.listeners') : [], listenersRead: listeners } };
    }
    case 'GatewayClass':
      return { kind, gatewayClass: { controllerName: map ? readString(ctx, map, 'controllerName', 'spec.controllerName') : undefined } };
    case 'ReferenceGrant': {
      const lists = { from: map ? readSeq(ctx, map, 'from', 'spec.from') : undefined, to: map ? readSeq(ctx, map, 'to', 'spec.to') : undefined };
      const refs = (key: 'from' | 'to'): ObjectRefModel[] => {
        const list = lists[key];
        return list ? mapItems(ctx, list.value, `spec.${key}`).map(({ index, map: item, path }) => readRef(ctx, item, path, index, ctx.view.span(item))) : [];
      };
      return { kind, referenceGrant: { specSpan, fromSpan: lists.from?.span, toSpan: lists.to?.span, from: refs('from'), to: refs('to') } };
    }
    default: {
      const parents = map ? readSeq(ctx, map, 'parentRefs', 'spec.parentRefs') : undefined;
      const rules = map ? readSeq(ctx, map, 'rules', 'spec.rules') : undefined;
      return {
        kind,
        route: {
          kind,
          specSpan,
          parentRefs: parents ? mapItems(ctx, parents.value, 'spec.parentRefs').map(({ index, map: item, path }) => ({ ...readRef(ctx, item, path, index, ctx.view.span(item)), sectionName: readString(ctx, item, 'sectionName', `${path}.sectionName`), port: readInt(ctx, item, 'port', `${path}.port`) })) : [],
          parentRefsRead: parents,
          hostnames: map && kind !== 'TCPRoute' && kind !== 'UDPRoute' ? readStringList(ctx, map, 'hostnames', 'spec.hostnames') : undefined,
          rules: rules ? mapItems(ctx, rules.value, 'spec.rules').map(({ index, map: rule, path }) => readRule(ctx, rule, path, index, kind)) : [],
        },
      };
    }
  }
}

function readRef(ctx: RuleContext, map: YAMLMap, path: string, index: number, span: Span): ObjectRefModel {
  return {
    index,
    path,
    span,
    group: readString(ctx, map, 'group', `${path}.group`),
    kind: readString(ctx, map, 'kind', `${path}.kind`),
    namespace: readString(ctx, map, 'namespace', `${path}.namespace`),
    name: readString(ctx, map, 'name', `${path}.name`),
  };
}

function readListeners(ctx: RuleContext, seq: YAMLSeq, base: string): ListenerModel[] {
  return mapItems(ctx, seq, base).map(({ index, map, path }) => {
    const tls = readMap(ctx, map, 'tls', `${path}.tls`);
    const certificateRefs = tls ? readSeq(ctx, tls.value, 'certificateRefs', `${path}.tls.certificateRefs`) : undefined;
    const options = tls ? readMap(ctx, tls.value, 'options', `${path}.tls.options`) : undefined;
    const allowed = readMap(ctx, map, 'allowedRoutes', `${path}.allowedRoutes`);
    const namespaces = allowed ? readMap(ctx, allowed.value, 'namespaces', `${path}.allowedRoutes.namespaces`) : undefined;
    const kinds = allowed ? readSeq(ctx, allowed.value, 'kinds', `${path}.allowedRoutes.kinds`) : undefined;
    return {
      index,
      path,
      span: ctx.view.span(map),
      name: readString(ctx, map, 'name', `${path}.name`),
      hostname: readString(ctx, map, 'hostname', `${path}.hostname`),
      port: readInt(ctx, map, 'port', `${path}.port`),
      protocol: readString(ctx, map, 'protocol', `${path}.protocol`),
      tls: tls ? { span: tls.span, mode: readString(ctx, tls.value, 'mode', `${path}.tls.mode`), certificateRefs: certificateRefs?.value.items.length ?? 0, options: options?.value.items.length ?? 0 } : undefined,
      namespacesFrom: namespaces ? readString(ctx, namespaces.value, 'from', `${path}.allowedRoutes.namespaces.from`) : undefined,
      namespaceSelector: namespaces ? readSelector(ctx, namespaces.value, 'selector', `${path}.allowedRoutes.namespaces.selector`) : undefined,
      kinds: kinds
        ? mapItems(ctx, kinds.value, `${path}.allowedRoutes.kinds`).map(({ index: kindIndex, map: item, path: kindPath }) => ({ index: kindIndex, path: kindPath, span: ctx.view.span(item), group: readString(ctx, item, 'group', `${kindPath}.group`), kind: readString(ctx, item, 'kind', `${kindPath}.kind`) }))
        : undefined,
    };
  });
}

function readRule(ctx: RuleContext, rule: YAMLMap, path: string, index: number, kind: RouteKind): RouteRuleModel {
  const matches = readSeq(ctx, rule, 'matches', `${path}.matches`);
  const backends = readSeq(ctx, rule, 'backendRefs', `${path}.backendRefs`);
  const timeouts = kind === 'HTTPRoute' ? readMap(ctx, rule, 'timeouts', `${path}.timeouts`) : undefined;
  return {
    index,
    path,
    span: ctx.view.span(rule),
    name: readString(ctx, rule, 'name', `${path}.name`),
    matches: matches
      ? mapItems(ctx, matches.value, `${path}.matches`).map(({ index: matchIndex, map, path: matchPath }) => {
          const pathMap = kind === 'HTTPRoute' ? readMap(ctx, map, 'path', `${matchPath}.path`) : undefined;
          const method = kind === 'GRPCRoute' ? readMap(ctx, map, 'method', `${matchPath}.method`) : undefined;
          const headers = readSeq(ctx, map, 'headers', `${matchPath}.headers`);
          const queryParams = kind === 'HTTPRoute' ? readSeq(ctx, map, 'queryParams', `${matchPath}.queryParams`) : undefined;
          const valueMatches = (list: Read<YAMLSeq> | undefined, key: string): ValueMatchModel[] =>
            list
              ? mapItems(ctx, list.value, `${matchPath}.${key}`).map(({ map: item, path: itemPath }) => ({
                  path: itemPath,
                  span: ctx.view.span(item),
                  name: readString(ctx, item, 'name', `${itemPath}.name`),
                  value: readString(ctx, item, 'value', `${itemPath}.value`),
                  type: readString(ctx, item, 'type', `${itemPath}.type`),
                }))
              : [];
          return {
            index: matchIndex,
            path: matchPath,
            span: ctx.view.span(map),
            pathType: pathMap ? readString(ctx, pathMap.value, 'type', `${matchPath}.path.type`) : undefined,
            pathValue: pathMap ? readString(ctx, pathMap.value, 'value', `${matchPath}.path.value`) : undefined,
            headers: valueMatches(headers, 'headers'),
            queryParams: valueMatches(queryParams, 'queryParams'),
            method: kind === 'HTTPRoute' ? readString(ctx, map, 'method', `${matchPath}.method`) : undefined,
            grpcType: method ? readString(ctx, method.value, 'type', `${matchPath}.method.type`) : undefined,
            grpcService: method ? readString(ctx, method.value, 'service', `${matchPath}.method.service`) : undefined,
            grpcMethod: method ? readString(ctx, method.value, 'method', `${matchPath}.method.method`) : undefined,
          };
        })
      : [],
    filters: (kind === 'HTTPRoute' || kind === 'GRPCRoute' ? readFilters(ctx, rule, path) : undefined) ?? [],
    backendRefs: backends
      ? mapItems(ctx, backends.value, `${path}.backendRefs`).map(({ index: backendIndex, map, path: backendPath }) => {
          const filters = kind === 'HTTPRoute' || kind === 'GRPCRoute' ? readFilters(ctx, map, backendPath) : undefined;
          return {
            ...readRef(ctx, map, backendPath, backendIndex, ctx.view.span(map)),
            port: readInt(ctx, map, 'port', `${backendPath}.port`),
            weight: readInt(ctx, map, 'weight', `${backendPath}.weight`),
            ...(filters ? { filters } : {}),
          };
        })
      : [],
    ...(timeouts
      ? { timeouts: { span: timeouts.span, request: readString(ctx, timeouts.value, 'request', `${path}.timeouts.request`), backendRequest: readString(ctx, timeouts.value, 'backendRequest', `${path}.timeouts.backendRequest`) } }
      : {}),
  };
}

/** A parentRef's group and kind after defaulting (gateway.networking.k8s.io, Gateway). */
export function parentKind(ref: ObjectRefModel): { group: string; kind: string } {
  return { group: ref.group?.value ?? gatewayGroup, kind: ref.kind?.value ?? 'Gateway' };
}

/** A backendRef's group and kind after defaulting (core, Service). */
export function backendKind(ref: ObjectRefModel): { group: string; kind: string } {
  return { group: ref.group?.value ?? '', kind: ref.kind?.value ?? 'Service' };
}

/** A backendRef's weight after defaulting (1). */
export function backendWeight(ref: BackendRefModel): number {
  return ref.weight?.value ?? 1;
}
