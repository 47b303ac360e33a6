/**
 * Completion for the values where guessing is most costly: a Service's targetPort (the named and
 * numbered container ports of the workloads it selects), its selector (the template labels that
 * exist in its namespace), and the enumerated fields (type, protocol, traffic policies, session
 * affinity) with what each value means.
 */
import { isJsonPath } from '../parse';
import type { Span } from '../model';
import { declaredPorts, selectorMatches, shortName, templateLabels } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { effectiveProtocol } from '../rules/serviceShape';
import type { WorkspaceIndex } from '../workspace';
import type { Locale } from './explain';
import { gatewayCompletions } from '../gateway/features';
import { locateAt, pathOf } from './locate';
import type { Location } from './locate';

export interface CompletionItem {
  readonly label: string;
  readonly kind: 'value' | 'key' | 'enum';
  readonly detail: string;
  readonly documentation?: string;
  /** Text to insert; the label when absent. */
  readonly insertText?: string;
  /** The span the item replaces (the partly typed word). */
  readonly span: Span;
  /** Orders items: lower first. */
  readonly sortText?: string;
}

type Choices = ReadonlyArray<{ value: string; en: string; zh: string }>;

const enumerations: Readonly<Record<string, Choices>> = {
  'spec.type': [
    { value: 'ClusterIP', en: 'A virtual IP reachable inside the cluster only (default).', zh: '仅集群内可达的虚拟 IP（默认）。' },
    { value: 'NodePort', en: 'Also opens a port from the node port range on every node.', zh: '另外在每个节点上开放一个节点端口范围内的端口。' },
    { value: 'LoadBalancer', en: 'Also asks the cloud provider for an external load balancer.', zh: '另外向云厂商申请外部负载均衡器。' },
    { value: 'ExternalName', en: 'Only a DNS CNAME to an outside host; no proxying.', zh: '只是指向外部主机的 DNS CNAME；不做代理。' },
  ],
  protocol: [
    { value: 'TCP', en: 'Default.', zh: '默认值。' },
    { value: 'UDP', en: 'Datagrams, such as DNS or syslog.', zh: '数据报，例如 DNS 或 syslog。' },
    { value: 'SCTP', en: 'Stream Control Transmission Protocol.', zh: '流控制传输协议。' },
  ],
  'spec.externalTrafficPolicy': [
    { value: 'Cluster', en: 'Any node forwards to any Pod; the client IP is hidden (default).', zh: '任意节点可转发到任意 Pod；客户端 IP 被隐藏（默认）。' },
    { value: 'Local', en: 'Only Pods on the receiving node; the client IP is kept.', zh: '只转发到接收节点上的 Pod；保留客户端 IP。' },
  ],
  'spec.internalTrafficPolicy': [
    { value: 'Cluster', en: 'In-cluster clients may reach any Pod (default).', zh: '集群内客户端可访问任意 Pod（默认）。' },
    { value: 'Local', en: 'Only Pods on the client\'s own node.', zh: '只访问客户端所在节点上的 Pod。' },
  ],
  'spec.sessionAffinity': [
    { value: 'None', en: 'Each connection is balanced on its own (default).', zh: '每个连接独立负载均衡（默认）。' },
    { value: 'ClientIP', en: 'A client sticks to one Pod for a while (10800 s by default).', zh: '同一客户端在一段时间内固定到同一 Pod（默认 10800 秒）。' },
  ],
};

export function completeAt(index: WorkspaceIndex, file: string, offset: number, locale: Locale): CompletionItem[] {
  // Items are YAML text; in JSON the editor's own JSON support completes inside the quotes.
  if (isJsonPath(file)) return [];
  const location = locateAt(index, file, offset);
  if (!location) return [];
  const generic = pathOf(location.segments).replace(/\[-?\d+\]/g, '[*]');
  const replace = replaceSpan(index, file, location, offset);
  const names = gatewayCompletions(index, location);
  if (names) return names.map((item, position) => ({ label: item.label, kind: 'value', detail: item.detail, span: replace, sortText: String(position).padStart(3, '0') }));
  if (location.object.object.recognized === 'Service') {
    if (generic === 'spec.ports[*].targetPort' && location.on === 'value') return targetPortItems(index, location, replace);
    if (generic.startsWith('spec.selector')) return selectorItems(index, location, replace);
    const choices = enumerations[generic] ?? (generic === 'spec.ports[*].protocol' ? enumerations.protocol : undefined);
    if (choices && location.on === 'value') return enumItems(choices, locale, replace);
    return [];
  }
  if (/\.ports\[\*\]\.protocol$/.test(generic) && location.on === 'value') return enumItems(enumerations.protocol, locale, replace);
  return [];
}

/** The partly typed word before the cursor, which an item replaces. */
function replaceSpan(index: WorkspaceIndex, file: string, location: Location, offset: number): Span {
  if (location.node && location.span.end >= offset) return location.span;
  const text = index.source(file)?.text ?? '';
  let start = offset;
  while (start > 0 && /[\w./-]/.test(text[start - 1])) start--;
  return { start, end: offset };
}

function enumItems(choices: Choices, locale: Locale, span: Span): CompletionItem[] {
  return choices.map((choice, position) => ({ label: choice.value, kind: 'enum', detail: locale === 'zh-cn' ? choice.zh : choice.en, span, sortText: String(position).padStart(2, '0') }));
}

function targetPortItems(index: WorkspaceIndex, location: Location, span: Span): CompletionItem[] {
  const service = location.object;
  const portIndex = location.segments[2];
  const port = service.decoded.service?.ports?.value.find((candidate) => candidate.index === portIndex);
  const protocol = port ? effectiveProtocol(port) : 'TCP';
  const items = new Map<string, CompletionItem>();
  for (const workload of matchedWorkloads(index, service)) {
    for (const declared of declaredPorts(workload)) {
      if (declared.protocol !== protocol) continue;
      const where = `${shortName(workload)}, container ${declared.container}`;
      if (declared.name) {
        const existing = items.get(`n:${declared.name}`);
        items.set(`n:${declared.name}`, { label: declared.name, kind: 'value', detail: existing ? `${existing.detail}; ${declared.number} in ${where}` : `${declared.number}/${declared.protocol} in ${where}`, span, sortText: `0${declared.name}` });
      }
      if (!items.has(`p:${declared.number}`)) {
        items.set(`p:${declared.number}`, { label: String(declared.number), kind: 'value', detail: `${declared.name ? `${declared.name}, ` : ''}${declared.protocol} in ${where}`, span, sortText: `1${String(declared.number).padStart(5, '0')}` });
      }
    }
  }
  return [...items.values()];
}

function selectorItems(index: WorkspaceIndex, location: Location, span: Span): CompletionItem[] {
  const service = location.object;
  const segments = location.segments;
  const templates = [...index.templatesIn(service.namespace)];
  const existing = service.decoded.service?.selector?.value ?? [];
  // On a key (or a new line) inside the selector: offer the label keys of the namespace's templates.
  if (location.on === 'key' || segments.length === 2) {
    const keys = new Map<string, string[]>();
    for (const template of templates) {
      for (const label of templateLabels(template)) {
        if (existing.some((pair) => pair.key === label.key && segments[2] !== label.key)) continue;
        keys.set(label.key, [...(keys.get(label.key) ?? []), `${label.value} (${shortName(template)})`]);
      }
    }
    return [...keys].map(([key, values]) => ({ label: key, kind: 'key' as const, detail: values.slice(0, 3).join(', '), insertText: `${key}: `, span }));
  }
  // On a value: the values that key has in templates, best first those that would match a template.
  const key = String(segments[2]);
  const values = new Map<string, IndexedObject[]>();
  for (const template of templates) {
    const label = templateLabels(template).find((candidate) => candidate.key === key);
    if (label) values.set(label.value, [...(values.get(label.value) ?? []), template]);
  }
  const others = existing.filter((pair) => pair.key !== key);
  return [...values].map(([value, owners]) => {
    const matching = owners.filter((owner) => selectorMatches([...others, { key, value, keySpan: span, valueSpan: span }], templateLabels(owner)));
    return { label: value, kind: 'value' as const, detail: owners.map(shortName).join(', '), span, sortText: `${matching.length > 0 ? 0 : 1}${value}` };
  });
}
