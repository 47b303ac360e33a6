/**
 * HTTPRoute and GRPCRoute filters (gateway.networking.k8s.io/v1, httproute_types.go and
 * grpcroute_types.go): decoded into a typed model, and checked as the CRDs' schema and CEL rules
 * check them. A filter names its `type` and sets the one field of that type (RequestHeaderModifier,
 * ResponseHeaderModifier, RequestMirror, RequestRedirect, URLRewrite, ExtensionRef, CORS); a rule
 * may hold each type once (RequestMirror any number of times), never RequestRedirect together with
 * URLRewrite or with backendRefs; ReplacePrefixMatch needs exactly one PathPrefix match. Header
 * modifier lists are keyed by name, so one name twice is a duplicate the API server refuses.
 */
import type { Span } from '../model';
import { mapItems, readInt, readMap, readSeq, readString, readStringList } from '../rules/context';
import type { Read, RuleContext } from '../rules/context';
import type { YAMLMap, YAMLSeq } from '../yamlView';

export const filterFields = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
  ExternalAuth: 'externalAuth',
} as const;

export type FilterType = keyof typeof filterFields;

export interface HeaderEntryModel {
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly value?: Read<string>;
}

export interface HeaderFilterModel {
  readonly span: Span;
  readonly set: readonly HeaderEntryModel[];
  readonly add: readonly HeaderEntryModel[];
  readonly remove: ReadonlyArray<{ readonly value: string; readonly span: Span }>;
}

export interface PathModifierModel {
  readonly path: string;
  readonly span: Span;
  readonly type?: Read<string>;
  readonly replaceFullPath?: Read<string>;
  readonly replacePrefixMatch?: Read<string>;
}

export interface RedirectModel {
  readonly span: Span;
  readonly scheme?: Read<string>;
  readonly hostname?: Read<string>;
  readonly path?: PathModifierModel;
  readonly port?: Read<number>;
  readonly statusCode?: Read<number>;
}

export interface RewriteModel {
  readonly span: Span;
  readonly hostname?: Read<string>;
  readonly path?: PathModifierModel;
}

export interface MirrorModel {
  readonly span: Span;
  readonly backend?: { readonly span: Span; readonly group?: Read<string>; readonly kind?: Read<string>; readonly namespace?: Read<string>; readonly name?: Read<string>; readonly port?: Read<number> };
  readonly percent?: Read<number>;
}

export interface FilterModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly type?: Read<string>;
  /** The typed fields the entry sets (requestRedirect, urlRewrite, …), with their spans. */
  readonly fields: ReadonlyArray<{ readonly key: string; readonly span: Span }>;
  readonly requestHeaderModifier?: HeaderFilterModel;
  readonly responseHeaderModifier?: HeaderFilterModel;
  readonly requestRedirect?: RedirectModel;
  readonly urlRewrite?: RewriteModel;
  readonly requestMirror?: MirrorModel;
  readonly extensionRef?: { readonly span: Span; readonly group?: Read<string>; readonly kind?: Read<string>; readonly name?: Read<string> };
}

export function readFilters(ctx: RuleContext, parent: YAMLMap, base: string): FilterModel[] | undefined {
  const list = readSeq(ctx, parent, 'filters', `${base}.filters`);
  if (!list) return undefined;
  return mapItems(ctx, list.value, `${base}.filters`).map(({ index, map, path }) => {
    const fields = Object.values(filterFields).flatMap((key) => {
      const entry = ctx.view.get(map, key);
      return entry ? [{ key, span: ctx.view.span(entry.keyNode) }] : [];
    });
    const typed = (key: string): Read<YAMLMap> | undefined => readMap(ctx, map, key, `${path}.${key}`);
    const redirect = typed('requestRedirect');
    const rewrite = typed('urlRewrite');
    const mirror = typed('requestMirror');
    const extension = typed('extensionRef');
    const requestHeaders = typed('requestHeaderModifier');
    const responseHeaders = typed('responseHeaderModifier');
    return {
      index,
      path,
      span: ctx.view.span(map),
      type: readString(ctx, map, 'type', `${path}.type`),
      fields,
      ...(requestHeaders ? { requestHeaderModifier: readHeaderFilter(ctx, requestHeaders, `${path}.requestHeaderModifier`) } : {}),
      ...(responseHeaders ? { responseHeaderModifier: readHeaderFilter(ctx, responseHeaders, `${path}.responseHeaderModifier`) } : {}),
      ...(redirect
        ? {
            requestRedirect: {
              span: redirect.span,
              scheme: readString(ctx, redirect.value, 'scheme', `${path}.requestRedirect.scheme`),
              hostname: readString(ctx, redirect.value, 'hostname', `${path}.requestRedirect.hostname`),
              path: readPathModifier(ctx, redirect.value, `${path}.requestRedirect.path`),
              port: readInt(ctx, redirect.value, 'port', `${path}.requestRedirect.port`),
              statusCode: readInt(ctx, redirect.value, 'statusCode', `${path}.requestRedirect.statusCode`),
            },
          }
        : {}),
      ...(rewrite ? { urlRewrite: { span: rewrite.span, hostname: readString(ctx, rewrite.value, 'hostname', `${path}.urlRewrite.hostname`), path: readPathModifier(ctx, rewrite.value, `${path}.urlRewrite.path`) } } : {}),
      ...(mirror ? { requestMirror: readMirror(ctx, mirror, `${path}.requestMirror`) } : {}),
      ...(extension
        ? { extensionRef: { span: extension.span, group: readString(ctx, extension.value, 'group', `${path}.extensionRef.group`), kind: readString(ctx, extension.value, 'kind', `${path}.extensionRef.kind`), name: readString(ctx, extension.value, 'name', `${path}.extensionRef.name`) } }
        : {}),
    };
  });
}

function readHeaderFilter(ctx: RuleContext, read: Read<YAMLMap>, path: string): HeaderFilterModel {
  const entries = (key: 'set' | 'add'): HeaderEntryModel[] => {
    const list: Read<YAMLSeq> | undefined = readSeq(ctx, read.value, key, `${path}.${key}`);
    return list ? mapItems(ctx, list.value, `${path}.${key}`).map(({ map, path: entryPath }) => ({ path: entryPath, span: ctx.view.span(map), name: readString(ctx, map, 'name', `${entryPath}.name`), value: readString(ctx, map, 'value', `${entryPath}.value`) })) : [];
  };
  const remove = readStringList(ctx, read.value, 'remove', `${path}.remove`);
  return { span: read.span, set: entries('set'), add: entries('add'), remove: remove?.value.map((item) => ({ value: item.value, span: item.span })) ?? [] };
}

function readPathModifier(ctx: RuleContext, parent: YAMLMap, path: string): PathModifierModel | undefined {
  const read = readMap(ctx, parent, 'path', path);
  if (!read) return undefined;
  return {
    path,
    span: read.span,
    type: readString(ctx, read.value, 'type', `${path}.type`),
    replaceFullPath: readString(ctx, read.value, 'replaceFullPath', `${path}.replaceFullPath`),
    replacePrefixMatch: readString(ctx, read.value, 'replacePrefixMatch', `${path}.replacePrefixMatch`),
  };
}

function readMirror(ctx: RuleContext, read: Read<YAMLMap>, path: string): MirrorModel {
  const backend = readMap(ctx, read.value, 'backendRef', `${path}.backendRef`);
  const ref = backend?.value;
  return {
    span: read.span,
    ...(backend && ref
      ? {
          backend: {
            span: backend.span,
            group: readString(ctx, ref, 'group', `${path}.backendRef.group`),
            kind: readString(ctx, ref, 'kind', `${path}.backendRef.kind`),
            namespace: readString(ctx, ref, 'namespace', `${path}.backendRef.namespace`),
            name: readString(ctx, ref, 'name', `${path}.backendRef.name`),
            port: readInt(ctx, ref, 'port', `${path}.backendRef.port`),
          },
        }
      : {}),
    percent: readInt(ctx, read.value, 'percent', `${path}.percent`),
  };
}

// Validation ----------------------------------------------------------------------------------

export interface FilterReport {
  (code: string, span: Span, path: string, message: string): void;
}

const preciseHostname = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const headerName = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const httpTypes: readonly FilterType[] = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS'];
const grpcTypes: readonly FilterType[] = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'];
/** Types a rule may hold only once (RequestMirror may repeat). */
const once: readonly FilterType[] = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'CORS'];

/**
 * A rule's (or a backendRef's) filters as the CRD checks them. `rule` carries what the rule-level
 * CEL rules look at: whether the rule has backendRefs, and its matches' path types.
 */
export function checkFilters(report: FilterReport, filters: readonly FilterModel[], base: string, kind: 'HTTPRoute' | 'GRPCRoute', rule: { readonly backendRefs: number; readonly pathTypes: ReadonlyArray<string | undefined> } | undefined): void {
  const types = kind === 'HTTPRoute' ? httpTypes : grpcTypes;
  if (filters.length > 16) report('gateway/invalid-value', filters[16].span, `${base}.filters`, `${base}.filters has ${filters.length} items, more than the 16 allowed`);
  for (const filter of filters) {
    const type = filter.type?.value;
    if (type === undefined) {
      report('gateway/required', filter.span, `${filter.path}.type`, `${filter.path}.type is required: one of ${types.join(', ')}`);
    } else if (!(types as readonly string[]).includes(type)) {
      report('gateway/invalid-value', filter.type!.span, `${filter.path}.type`, `${filter.path}.type "${type}" is not supported on a ${kind}: use ${types.join(', ')}`);
    }
    // The CEL rules of a filter: the field of its type is set, and no other.
    const own = type !== undefined ? filterFields[type as FilterType] : undefined;
    for (const field of filter.fields) {
      if (field.key !== own) report('gateway/filter-mismatch', field.span, filter.path, `filter.${field.key} must be nil if the filter.type is not ${typeOfField(field.key)}${type ? ` (it is ${type})` : ''}`);
    }
    if (own && !filter.fields.some((field) => field.key === own)) report('gateway/filter-mismatch', filter.type!.span, filter.path, `filter.${own} must be specified for ${type} filter.type`);
    for (const [modifier, key] of [[filter.requestHeaderModifier, 'requestHeaderModifier'], [filter.responseHeaderModifier, 'responseHeaderModifier']] as const) {
      if (modifier) checkHeaderFilter(report, modifier, `${filter.path}.${key}`);
    }
    if (filter.requestRedirect) checkRedirect(report, filter.requestRedirect, `${filter.path}.requestRedirect`);
    if (filter.urlRewrite) {
      if (filter.urlRewrite.hostname) checkPreciseHostname(report, filter.urlRewrite.hostname, `${filter.path}.urlRewrite.hostname`);
      if (filter.urlRewrite.path) checkPathModifier(report, filter.urlRewrite.path);
    }
    if (filter.requestMirror) {
      const mirror = filter.requestMirror;
      if (!mirror.backend) report('gateway/required', mirror.span, `${filter.path}.requestMirror.backendRef`, `${filter.path}.requestMirror.backendRef is required`);
      else if ((mirror.backend.group?.value ?? '') === '' && (mirror.backend.kind?.value ?? 'Service') === 'Service' && mirror.backend.port === undefined) {
        report('gateway/backend-port-required', mirror.backend.name?.span ?? mirror.backend.span, `${filter.path}.requestMirror.backendRef`, 'Must have port for Service reference: a mirror to a Service needs a port');
      }
      if (mirror.percent && (mirror.percent.value < 0 || mirror.percent.value > 100)) report('gateway/invalid-value', mirror.percent.span, `${filter.path}.requestMirror.percent`, `${filter.path}.requestMirror.percent must be between 0 and 100, not ${mirror.percent.value}`);
    }
  }
  // Rule-level CEL rules: each of these types once, never a redirect together with a rewrite.
  for (const type of once) {
    const same = filters.filter((filter) => filter.type?.value === type);
    if (same.length > 1) report('gateway/filter-conflict', same[1].type!.span, `${base}.filters`, `${type} filter cannot be repeated`);
  }
  const redirect = filters.find((filter) => filter.type?.value === 'RequestRedirect');
  const rewrite = filters.find((filter) => filter.type?.value === 'URLRewrite');
  if (redirect && rewrite) report('gateway/filter-conflict', rewrite.type!.span, `${base}.filters`, 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both');
  if (!rule) return;
  if (redirect && rule.backendRefs > 0) report('gateway/filter-conflict', redirect.type!.span, base, 'RequestRedirect filter must not be used together with backendRefs: a redirect answers the request itself');
  for (const filter of [redirect, rewrite]) {
    const modifier = filter?.requestRedirect?.path ?? filter?.urlRewrite?.path;
    if (!filter || modifier?.type?.value !== 'ReplacePrefixMatch' || !modifier.replacePrefixMatch) continue;
    if (rule.pathTypes.length !== 1 || (rule.pathTypes[0] ?? 'PathPrefix') !== 'PathPrefix') {
      report('gateway/filter-conflict', modifier.type.span, base, `When using ${filter.type?.value} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified (the rule has ${rule.pathTypes.length === 0 ? 'no matches' : rule.pathTypes.map((type) => type ?? 'PathPrefix').join(', ')})`);
    }
  }
}

function typeOfField(key: string): string {
  return Object.entries(filterFields).find(([, field]) => field === key)?.[0] ?? key;
}

function checkHeaderFilter(report: FilterReport, modifier: HeaderFilterModel, path: string): void {
  for (const key of ['set', 'add'] as const) {
    const seen = new Set<string>();
    const entries = modifier[key];
    if (entries.length > 16) report('gateway/invalid-value', entries[16].span, `${path}.${key}`, `${path}.${key} has ${entries.length} items, more than the 16 allowed`);
    for (const entry of entries) {
      if (!entry.name) report('gateway/required', entry.span, `${entry.path}.name`, `${entry.path}.name is required`);
      else {
        if (!headerName.test(entry.name.value)) report('gateway/invalid-value', entry.name.span, `${entry.path}.name`, `${entry.path}.name "${entry.name.value}" must be an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~)`);
        // Keyed by name (listType=map): the same key twice is a duplicate.
        if (seen.has(entry.name.value)) report('gateway/invalid-value', entry.name.span, `${entry.path}.name`, `Duplicate value: header "${entry.name.value}" is listed twice in ${key}`);
        seen.add(entry.name.value);
      }
      if (!entry.value) report('gateway/required', entry.span, `${entry.path}.value`, `${entry.path}.value is required`);
      else if (entry.value.value.length === 0 || entry.value.value.length > 4096) report('gateway/invalid-value', entry.value.span, `${entry.path}.value`, `${entry.path}.value must be 1-4096 characters long`);
    }
  }
  const removed = new Set<string>();
  for (const [index, item] of modifier.remove.entries()) {
    // A set list: the same entry twice is a duplicate.
    if (removed.has(item.value)) report('gateway/invalid-value', item.span, `${path}.remove[${index}]`, `Duplicate value: "${item.value}" is listed twice in remove`);
    removed.add(item.value);
  }
}

function checkRedirect(report: FilterReport, redirect: RedirectModel, path: string): void {
  if (redirect.scheme && redirect.scheme.value !== 'http' && redirect.scheme.value !== 'https') report('gateway/invalid-value', redirect.scheme.span, `${path}.scheme`, `${path}.scheme "${redirect.scheme.value}" is not supported: use "http" or "https"`);
  if (redirect.hostname) checkPreciseHostname(report, redirect.hostname, `${path}.hostname`);
  if (redirect.port && (redirect.port.value < 1 || redirect.port.value > 65535)) report('gateway/invalid-value', redirect.port.span, `${path}.port`, `${path}.port must be between 1 and 65535, not ${redirect.port.value}`);
  if (redirect.statusCode && ![301, 302, 303, 307, 308].includes(redirect.statusCode.value)) report('gateway/invalid-value', redirect.statusCode.span, `${path}.statusCode`, `${path}.statusCode ${redirect.statusCode.value} is not supported: use 301, 302, 303, 307 or 308`);
  if (redirect.path) checkPathModifier(report, redirect.path);
}

function checkPreciseHostname(report: FilterReport, hostname: Read<string>, path: string): void {
  if (hostname.value.length === 0 || hostname.value.length > 253 || !preciseHostname.test(hostname.value)) {
    report('gateway/invalid-hostname', hostname.span, path, `${path} "${hostname.value}" must be a lowercase DNS name without a wildcard or port`);
  }
}

function checkPathModifier(report: FilterReport, modifier: PathModifierModel): void {
  const type = modifier.type?.value;
  if (type === undefined) report('gateway/required', modifier.span, `${modifier.path}.type`, `${modifier.path}.type is required: ReplaceFullPath or ReplacePrefixMatch`);
  else if (type !== 'ReplaceFullPath' && type !== 'ReplacePrefixMatch') report('gateway/invalid-value', modifier.type!.span, `${modifier.path}.type`, `${modifier.path}.type "${type}" is not supported: use ReplaceFullPath or ReplacePrefixMatch`);
  if (type === 'ReplaceFullPath' && !modifier.replaceFullPath) report('gateway/filter-mismatch', modifier.type!.span, modifier.path, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'");
  if (modifier.replaceFullPath && type !== 'ReplaceFullPath') report('gateway/filter-mismatch', modifier.replaceFullPath.keySpan, modifier.path, "type must be 'ReplaceFullPath' when replaceFullPath is set");
  if (type === 'ReplacePrefixMatch' && !modifier.replacePrefixMatch) report('gateway/filter-mismatch', modifier.type!.span, modifier.path, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'");
  if (modifier.replacePrefixMatch && type !== 'ReplacePrefixMatch') report('gateway/filter-mismatch', modifier.replacePrefixMatch.keySpan, modifier.path, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set");
}
