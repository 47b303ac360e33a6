/**
 * The editor's view of Gateway API objects: hover on a route's parentRefs, sectionName and
 * backendRefs says what they resolve to (the listeners attached, or the controller's reason;
 * the Service and port, and this backend's share), hover on a listener lists the routes it
 * carries; definition and references link routes, Gateways and their listeners, ReferenceGrants
 * and Services; completion offers Gateway and listener names, Service names and ports; a lens
 * on each listener counts the routes attached.
 */
import { explainedMarkdown } from '../features/explain';
import type { ExplanationEntry, Locale } from '../features/explain';
import { pathOf } from '../features/locate';
import type { Location } from '../features/locate';
import type { Span } from '../model';
import type { IndexedObject } from '../routing';
import { effectiveProtocol } from '../rules/serviceShape';
import type { WorkspaceIndex } from '../workspace';
import type { BackendResolution, Listener, ParentAttachment } from './attach';
import type { FilterModel, PathModifierModel } from './filters';
import { backendKind, gatewayGroup, parentKind } from './model';
import type { RouteRuleModel } from './model';

const explanations: Readonly<Record<string, ExplanationEntry>> = {
  parentRef: {
    en: { title: 'parentRef', text: 'The Gateway (or ListenerSet) this route attaches to; `sectionName` picks one listener by name. The listener must admit the route: its namespace (allowedRoutes.namespaces, Same by default), its kind (from the listener protocol or allowedRoutes.kinds) and an intersecting hostname.' },
    'zh-cn': { title: 'parentRef', text: '本路由要挂接的 Gateway（或 ListenerSet）；`sectionName` 按名称选择其中一个 listener。listener 必须接纳该路由：命名空间（allowedRoutes.namespaces，默认 Same）、路由种类（由 listener 协议或 allowedRoutes.kinds 决定），以及有交集的主机名。' },
  },
  backendRef: {
    en: { title: 'backendRef', text: 'Where matching traffic goes: a Service and one of its ports (the port is required for a Service). Traffic is split over a rule\'s backendRefs by weight (1 by default). A Service in another namespace needs a ReferenceGrant there.' },
    'zh-cn': { title: 'backendRef', text: '匹配的流量发往何处：一个 Service 及其某个端口（引用 Service 时端口必填）。同一规则的多个 backendRef 按 weight（默认 1）分配流量。引用其他命名空间的 Service 需要该命名空间中的 ReferenceGrant。' },
  },
  filter: {
    en: { title: 'filter', text: 'A step applied to the requests this rule matches, in order: RequestRedirect answers with a redirect itself (no backendRefs), URLRewrite changes the host or path the backend receives, RequestHeaderModifier and ResponseHeaderModifier set, add or remove headers, RequestMirror sends a copy whose answer is ignored. Each type but RequestMirror at most once per rule.' },
    'zh-cn': { title: 'filter', text: '对本规则匹配的请求依次执行的处理：RequestRedirect 直接返回重定向（不能有 backendRefs），URLRewrite 修改后端收到的主机名或路径，RequestHeaderModifier 与 ResponseHeaderModifier 设置、追加或删除请求头，RequestMirror 发送一份副本且忽略其响应。除 RequestMirror 外，每种类型在一条规则中至多一次。' },
  },
  listener: {
    en: { title: 'listener', text: 'Where the Gateway takes traffic: a protocol, a port and optionally a hostname. Routes attach to it by parentRef; allowedRoutes says from which namespaces and of which kinds.' },
    'zh-cn': { title: 'listener', text: 'Gateway 接收流量的入口：协议、端口以及可选的主机名。路由通过 parentRef 挂接到它；allowedRoutes 规定接纳哪些命名空间、哪些种类的路由。' },
  },
};

const words: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: { mesh: 'In a mesh, takes the requests sent to', attached: 'Attached to', notAttached: 'Not attached', goesTo: 'Goes to', share: 'share of the rule', routes: 'Routes attached', none: 'none' },
  'zh-cn': { mesh: '在服务网格中，接管发往以下对象的请求：', attached: '已挂接到', notAttached: '未挂接', goesTo: '发往', share: '在该规则中的流量占比', routes: '已挂接的路由', none: '无' },
};

/** Hover on a Gateway API object, or undefined where there is nothing to say. */
export function gatewayHover(index: WorkspaceIndex, location: Location, locale: Locale): { markdown: string; span: Span } | undefined {
  const analysis = index.gateways();
  const object = location.object;
  if (!analysis || !object.decoded.gateway) return undefined;
  const w = words[locale];
  const segments = location.segments;
  const render = (key: string, facts: string[]): { markdown: string; span: Span } => ({ markdown: explainedMarkdown(explanations[key], locale, facts), span: location.span });
  if (segments[0] === 'spec' && segments[1] === 'parentRefs' && typeof segments[2] === 'number') {
    const attachment = analysis.attachments.find((candidate) => candidate.route === object && candidate.ref.index === segments[2]);
    return attachment ? render('parentRef', [attachmentText(attachment, w)]) : undefined;
  }
  if (segments[0] === 'spec' && segments[1] === 'rules' && typeof segments[2] === 'number' && segments[3] === 'filters' && typeof segments[4] === 'number' && 'route' in object.decoded.gateway) {
    const rule = object.decoded.gateway.route.rules.find((candidate) => candidate.index === segments[2]);
    const filter = rule?.filters.find((candidate) => candidate.index === segments[4]);
    return filter && rule ? render('filter', [filterText(filter, rule, object, locale)]) : undefined;
  }
  if (segments[0] === 'spec' && segments[1] === 'rules' && segments[3] === 'backendRefs' && typeof segments[4] === 'number') {
    const backend = analysis.backends.find((candidate) => candidate.route === object && candidate.rule.index === segments[2] && candidate.ref.index === segments[4]);
    return backend ? render('backendRef', [backendText(backend, w)]) : undefined;
  }
  if (segments[0] === 'spec' && segments[1] === 'listeners' && typeof segments[2] === 'number') {
    const listener = analysis.listenersOf(object).find((candidate) => candidate.model.index === segments[2]);
    if (!listener) return undefined;
    const routes = analysis.routesOn(listener);
    return render('listener', [`${w.routes}: ${routes.length === 0 ? w.none : routes.map((route) => `\`${route.object.kind} ${route.namespace}/${route.object.name ?? ''}\``).join(', ')}`]);
  }
  return undefined;
}

/** The conditions a controller sets, told in Chinese; the diagnostic on the same line has the details. */
const reasonsZh: Readonly<Record<string, string>> = {
  NoMatchingParent: 'parentRef 指向的 Gateway 不在本单元中，或 sectionName、port 不匹配任何 listener',
  NotAllowedByListeners: 'listener 的 allowedRoutes 不接纳该路由的命名空间或种类',
  NoMatchingListenerHostname: '路由的主机名与 listener 的主机名没有交集',
  BackendNotFound: '找不到后端：Service 不存在，或没有该端口',
  InvalidKind: '后端的种类不是 Service，也不是已知的种类',
  RefNotPermitted: '跨命名空间引用未被目标命名空间中的 ReferenceGrant 允许',
  NotAllowed: 'Gateway 的 allowedListeners 不接纳该 ListenerSet 所在的命名空间（默认为 None：不接纳任何 ListenerSet）',
  ImplementationSpecific: '终止 TLS 的 TLS listener 是否承载该种类的路由，Gateway API 交由实现决定（Envoy Gateway 承载 TCPRoute 和 TLSRoute）',
};

/** What one filter does to the requests of its rule, in the hover's language. */
function filterText(filter: FilterModel, rule: RouteRuleModel, route: IndexedObject, locale: Locale): string {
  const zh = locale === 'zh-cn';
  const type = filter.type?.value;
  const path = (modifier: PathModifierModel | undefined): string | undefined => {
    if (!modifier) return undefined;
    if (modifier.type?.value === 'ReplaceFullPath') return zh ? `路径整体替换为 \`${modifier.replaceFullPath?.value ?? '?'}\`` : `the whole path becomes \`${modifier.replaceFullPath?.value ?? '?'}\``;
    const prefix = rule.matches[0]?.pathValue?.value ?? '/';
    return zh ? `路径前缀 \`${prefix}\` 替换为 \`${modifier.replacePrefixMatch?.value ?? '?'}\`` : `the prefix \`${prefix}\` becomes \`${modifier.replacePrefixMatch?.value ?? '?'}\``;
  };
  if (type === 'RequestRedirect' && filter.requestRedirect) {
    const redirect = filter.requestRedirect;
    const parts = [redirect.scheme ? (zh ? `协议 ${redirect.scheme.value}` : `scheme ${redirect.scheme.value}`) : '', redirect.hostname ? (zh ? `主机 ${redirect.hostname.value}` : `host ${redirect.hostname.value}`) : '', redirect.port ? (zh ? `端口 ${redirect.port.value}` : `port ${redirect.port.value}`) : '', path(redirect.path) ?? ''].filter(Boolean);
    const status = redirect.statusCode?.value ?? 302;
    return zh ? `以 ${status} 重定向应答，不转发给后端${parts.length > 0 ? `；Location 中：${parts.join('，')}` : '；Location 保留请求的协议、主机和路径'}` : `Answers ${status} itself, nothing is forwarded${parts.length > 0 ? `; in the Location: ${parts.join(', ')}` : '; the Location keeps the request\'s scheme, host and path'}`;
  }
  if (type === 'URLRewrite' && filter.urlRewrite) {
    const parts = [filter.urlRewrite.hostname ? (zh ? `Host 改为 \`${filter.urlRewrite.hostname.value}\`` : `Host becomes \`${filter.urlRewrite.hostname.value}\``) : '', path(filter.urlRewrite.path) ?? ''].filter(Boolean);
    return zh ? `后端收到的请求：${parts.join('，') || '不变'}` : `The backend receives: ${parts.join(', ') || 'the request unchanged'}`;
  }
  const modifier = type === 'RequestHeaderModifier' ? filter.requestHeaderModifier : type === 'ResponseHeaderModifier' ? filter.responseHeaderModifier : undefined;
  if (modifier) {
    const parts = [...modifier.set.map((entry) => `${zh ? '设置' : 'set'} \`${entry.name?.value ?? '?'}: ${entry.value?.value ?? ''}\``), ...modifier.add.map((entry) => `${zh ? '追加' : 'add'} \`${entry.name?.value ?? '?'}: ${entry.value?.value ?? ''}\``), ...modifier.remove.map((item) => `${zh ? '删除' : 'remove'} \`${item.value}\``)];
    return `${type === 'RequestHeaderModifier' ? (zh ? '请求头' : 'Request headers') : zh ? '响应头' : 'Response headers'}: ${parts.join(', ') || (zh ? '无' : 'none')}`;
  }
  if (type === 'RequestMirror' && filter.requestMirror?.backend) {
    const backend = filter.requestMirror.backend;
    const target = `${backend.kind?.value ?? 'Service'} ${backend.namespace?.value || route.namespace}/${backend.name?.value ?? ''}${backend.port ? `:${backend.port.value}` : ''}`;
    return zh ? `副本发往 \`${target}\`${filter.requestMirror.percent ? `（${filter.requestMirror.percent.value}% 的请求）` : ''}，其响应被忽略` : `A copy goes to \`${target}\`${filter.requestMirror.percent ? ` (${filter.requestMirror.percent.value}% of requests)` : ''}; its answers are ignored`;
  }
  return zh ? `${type ?? '?'}：由实现决定` : `${type ?? '?'}: what it does is up to the implementation`;
}

/** A controller's condition in the hover's language. */
function problemText(problem: { readonly reason: string; readonly message: string }, w: Readonly<Record<string, string>>): string {
  const chinese = w === words['zh-cn'] ? reasonsZh[problem.reason] : undefined;
  return chinese ? `${problem.reason}（${chinese}）` : problem.message;
}

function attachmentText(attachment: ParentAttachment, w: Readonly<Record<string, string>>): string {
  if (attachment.mesh && attachment.mesh.service && !attachment.problem) return `${w.mesh} \`Service ${attachment.mesh.service.namespace}/${attachment.mesh.service.object.name ?? ''}${attachment.mesh.port !== undefined ? `:${attachment.mesh.port}` : ''}\` (GAMMA)`;
  if (attachment.problem && attachment.listeners.length === 0) return `${w.notAttached}: ${problemText(attachment.problem, w)}`;
  if (attachment.listeners.length === 0) return `${w.notAttached}`;
  const attached = `${w.attached} ${attachment.listeners.map((listener) => `\`${listenerText(listener)}\``).join(', ')}`;
  return attachment.problem ? `${attached} (${problemText(attachment.problem, w)})` : attached;
}

function backendText(backend: BackendResolution, w: Readonly<Record<string, string>>): string {
  if (backend.problem) return problemText(backend.problem, w);
  const port = backend.port;
  const target = backend.service ? `\`Service ${backend.service.namespace}/${backend.service.object.name ?? ''}${port ? `:${port.port?.value ?? '?'}${port.name?.value ? ` (${port.name.value})` : ''} ${effectiveProtocol(port)}` : ''}\`` : `\`${backendKind(backend.ref).kind} ${backend.ref.name?.value ?? ''}\``;
  return `${w.goesTo} ${target}; ${w.share}: ${Math.round(backend.share * 100)}%`;
}

export function listenerText(listener: Listener): string {
  const model = listener.model;
  return `${listener.owner.object.kind} ${listener.owner.namespace}/${listener.owner.object.name ?? ''} listener ${model.name?.value ?? '?'} (${model.protocol?.value ?? '?'} ${model.port?.value ?? '?'}${model.hostname?.value ? ` ${model.hostname.value}` : ''})`;
}

export interface Target {
  readonly file: string;
  readonly span: Span;
}

/** Go to definition from a route's parentRef (the Gateway, or the listener its sectionName names) and backendRef (the Service, or its port). */
export function gatewayDefinitions(index: WorkspaceIndex, location: Location): Target[] {
  const analysis = index.gateways();
  const object = location.object;
  const [first, second, third, fourth, fifth, sixth] = location.segments;
  if (!analysis || first !== 'spec') return [];
  if (second === 'parentRefs' && typeof third === 'number') {
    const attachment = analysis.attachments.find((candidate) => candidate.route === object && candidate.ref.index === third);
    if (!attachment?.parent) return [];
    if (fourth === 'sectionName' || fourth === 'port') {
      const listeners = attachment.listeners.length > 0 ? attachment.listeners : analysis.listenersOf(attachment.parent).filter((listener) => listener.model.name?.value === attachment.ref.sectionName?.value);
      return listeners.map((listener) => ({ file: listener.owner.file, span: listener.model.name?.span ?? listener.model.span }));
    }
    return [{ file: attachment.parent.file, span: attachment.parent.decoded.metadata.name?.span ?? attachment.parent.object.anchorSpan }];
  }
  if (second === 'rules' && fourth === 'backendRefs' && typeof fifth === 'number') {
    const backend = analysis.backends.find((candidate) => candidate.route === object && candidate.rule.index === third && candidate.ref.index === fifth);
    if (!backend?.service) return [];
    if (sixth === 'port' && backend.port) return [{ file: backend.service.file, span: backend.port.port?.span ?? backend.port.span }];
    return [{ file: backend.service.file, span: backend.service.decoded.metadata.name?.span ?? backend.service.object.anchorSpan }];
  }
  const listenerSet = object.decoded.gateway?.kind === 'ListenerSet' ? object.decoded.gateway.listenerSet : undefined;
  if (listenerSet?.parentRef && second === 'parentRef') {
    const ref = listenerSet.parentRef;
    const { kind } = parentKind(ref);
    const namespace = ref.namespace?.value || object.namespace;
    return index.objects().filter((candidate) => candidate.object.recognized === kind && candidate.namespace === namespace && candidate.object.name === ref.name?.value).map((gateway) => ({ file: gateway.file, span: gateway.object.anchorSpan }));
  }
  return [];
}

/**
 * Find references from a Gateway (its name, or a listener: the routes' parentRefs attached) and
 * from a Service (its name, or a port: the routes' backendRefs to it).
 */
export function gatewayReferences(index: WorkspaceIndex, location: Location): Target[] {
  const analysis = index.gateways();
  const object = location.object;
  if (!analysis) return [];
  const path = pathOf(location.segments);
  const kind = object.object.recognized;
  if (kind === 'Gateway' || kind === 'ListenerSet') {
    const listenerIndex = location.segments[1] === 'listeners' && typeof location.segments[2] === 'number' ? location.segments[2] : undefined;
    return analysis.attachments
      .filter((attachment) => attachment.parent === object && (listenerIndex === undefined || attachment.listeners.some((listener) => listener.model.index === listenerIndex)))
      .map((attachment) => ({ file: attachment.route.file, span: attachment.ref.sectionName?.span ?? attachment.ref.name?.span ?? attachment.ref.span }));
  }
  if (kind === 'Service' && (path === 'metadata.name' || path === 'kind' || /^spec\.ports\[\d+\]/.test(path))) {
    const portIndex = location.segments[1] === 'ports' && typeof location.segments[2] === 'number' ? location.segments[2] : undefined;
    return analysis.backends
      .filter((backend) => backend.service === object && (portIndex === undefined || backend.port?.index === portIndex))
      .map((backend) => ({ file: backend.route.file, span: backend.ref.name?.span ?? backend.ref.span }));
  }
  if (kind === 'ReferenceGrant') {
    // The cross-namespace backendRefs this grant's namespace receives from the namespaces it names.
    const grant = object.decoded.gateway?.kind === 'ReferenceGrant' ? object.decoded.gateway.referenceGrant : undefined;
    const from = new Set((grant?.from ?? []).map((entry) => `${entry.kind?.value}/${entry.namespace?.value}`));
    return analysis.backends
      .filter((backend) => backend.service?.namespace === object.namespace && backend.route.namespace !== object.namespace && from.has(`${backend.route.object.kind}/${backend.route.namespace}`) && !backend.problem)
      .map((backend) => ({ file: backend.route.file, span: backend.ref.span }));
  }
  return [];
}

export interface ListenerLens {
  readonly span: Span;
  readonly title: string;
}

/** `3 routes attached` above each listener of the Gateways and ListenerSets of a file. */
export function listenerLenses(index: WorkspaceIndex, file: string, routesText: (count: number) => string = (count) => `${count} route${count === 1 ? '' : 's'} attached`): ListenerLens[] {
  const analysis = index.gateways();
  if (!analysis) return [];
  return index
    .objects(file)
    .filter((object) => object.decoded.gateway?.kind === 'Gateway' || object.decoded.gateway?.kind === 'ListenerSet')
    .flatMap((owner) =>
      analysis.listenersOf(owner).map((listener) => {
        const count = analysis.routesOn(listener).length;
        return { span: listener.model.name?.span ?? listener.model.span, title: routesText(count) };
      }),
    );
}

export interface NameItem {
  readonly label: string;
  readonly detail: string;
}

/** Completion in a route: Gateway names, listener names, Service names and their ports. */
export function gatewayCompletions(index: WorkspaceIndex, location: Location): NameItem[] | undefined {
  const object = location.object;
  const decoded = object.decoded.gateway;
  if (!decoded || !('route' in decoded) || location.on !== 'value') return undefined;
  const generic = pathOf(location.segments).replace(/\[-?\d+\]/g, '[*]');
  const refAt = <T extends { readonly index: number }>(list: readonly T[], position: unknown): T | undefined => list.find((candidate) => candidate.index === position);
  if (generic === 'spec.parentRefs[*].name') {
    const ref = refAt(decoded.route.parentRefs, location.segments[2]);
    const kind = ref ? parentKind(ref).kind : 'Gateway';
    const namespace = ref?.namespace?.value || object.namespace;
    return index.objects().filter((candidate) => candidate.object.recognized === kind && candidate.namespace === namespace).map((gateway) => ({ label: gateway.object.name ?? '', detail: `${kind} ${namespace}/${gateway.object.name ?? ''}` }));
  }
  if (generic === 'spec.parentRefs[*].sectionName') {
    const ref = refAt(decoded.route.parentRefs, location.segments[2]);
    if (!ref) return [];
    const { group, kind } = parentKind(ref);
    const namespace = ref.namespace?.value || object.namespace;
    const parent = group === gatewayGroup ? index.objects().find((candidate) => candidate.object.recognized === kind && candidate.namespace === namespace && candidate.object.name === ref.name?.value) : undefined;
    const analysis = index.gateways();
    if (!parent || !analysis) return [];
    return analysis.listenersOf(parent).flatMap((listener) => (listener.model.name ? [{ label: listener.model.name.value, detail: listenerText(listener) }] : []));
  }
  if (generic === 'spec.rules[*].backendRefs[*].name' || generic === 'spec.rules[*].backendRefs[*].port') {
    const rule = refAt(decoded.route.rules, location.segments[2]);
    const ref = rule ? refAt(rule.backendRefs, location.segments[4]) : undefined;
    const namespace = ref?.namespace?.value || object.namespace;
    const services = index.objects().filter((candidate): candidate is IndexedObject => candidate.object.recognized === 'Service' && candidate.namespace === namespace);
    if (generic.endsWith('.name')) return services.map((service) => ({ label: service.object.name ?? '', detail: `Service ${namespace}/${service.object.name ?? ''}${(service.decoded.service?.ports?.value ?? []).length > 0 ? `: ${(service.decoded.service?.ports?.value ?? []).map((port) => port.port?.value ?? '?').join(', ')}` : ''}` }));
    const service = services.find((candidate) => candidate.object.name === ref?.name?.value);
    return (service?.decoded.service?.ports?.value ?? []).flatMap((port) => (port.port?.value !== undefined ? [{ label: String(port.port.value), detail: `${port.name?.value ? `${port.name.value}, ` : ''}${effectiveProtocol(port)} of Service ${namespace}/${service?.object.name ?? ''}` }] : []));
  }
  return undefined;
}
