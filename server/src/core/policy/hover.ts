/**
 * Hover on a NetworkPolicy: what its podSelector, a peer, a port or its policyTypes mean, in
 * English or Simplified Chinese, and what they compute to among the unit's objects — the Pods
 * selected, the workloads and address ranges a peer admits, the container ports a port names.
 */
import { explainedMarkdown } from '../features/explain';
import type { ExplanationEntry, Locale } from '../features/explain';
import { pathOf } from '../features/locate';
import type { Location } from '../features/locate';
import type { Span } from '../model';
import type { WorkspaceIndex } from '../workspace';
import { cidrRange, formatRange } from './addresses';
import { effectivePolicyTypes, peerText, rulePorts } from './connectivity';
import type { Workload } from './connectivity';
import { selectorText } from './model';

const explanations: Readonly<Record<string, ExplanationEntry>> = {
  podSelector: {
    en: { title: 'podSelector', text: 'The Pods this policy applies to, in its own namespace; `{}` selects them all. Selected Pods become isolated for the directions in policyTypes: only what some rule allows gets through.' },
    'zh-cn': { title: 'podSelector', text: '本策略作用于自身命名空间中的哪些 Pod；`{}` 表示全部。被选中的 Pod 在 policyTypes 所列方向上变为隔离状态：只有某条规则允许的流量才能通过。' },
  },
  peer: {
    en: { title: 'peer', text: 'Who a rule is about: a podSelector (Pods of the policy\'s namespace), a namespaceSelector (all Pods of the namespaces it selects), both together (those Pods in those namespaces), or an ipBlock (addresses outside the cluster). Separate entries are alternatives.' },
    'zh-cn': { title: 'peer', text: '规则针对的对象：podSelector（本策略命名空间中的 Pod）、namespaceSelector（所选命名空间中的全部 Pod）、两者同时写在一项里（这些命名空间中的这些 Pod），或 ipBlock（集群外的地址）。多项之间是“或”的关系。' },
  },
  port: {
    en: { title: 'port', text: 'A port of the destination Pod (never a Service port or a node port): a number, a range with endPort, or the name of a container port, looked up in each destination Pod by name and protocol. The protocol defaults to TCP.' },
    'zh-cn': { title: 'port', text: '目标 Pod 的端口（不是 Service 端口，也不是节点端口）：一个数字、用 endPort 表示的范围，或容器端口的名称（按名称和协议在每个目标 Pod 中查找）。协议默认为 TCP。' },
  },
  policyTypes: {
    en: { title: 'policyTypes', text: 'The directions in which the selected Pods are isolated. Omitted: Ingress, plus Egress when the policy has egress rules. An isolated direction allows only what the rules of all policies selecting the Pod allow.' },
    'zh-cn': { title: 'policyTypes', text: '被选中 Pod 在哪些方向上被隔离。省略时为 Ingress，若策略写有 egress 规则则再加上 Egress。隔离方向上只允许所有选中该 Pod 的策略的规则所允许的流量。' },
  },
};

const labels: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: { selects: 'Selects', noPort: 'No Connections', none: 'nothing in this unit', admits: 'Admits', isolates: 'Isolates', for: 'for', allows: 'Allows', on: 'on' },
  'zh-cn': { selects: '选中', noPort: '无（该端口不对应任何容器端口）', none: '本单元中没有', admits: '允许', isolates: '隔离', for: '方向', allows: '允许', on: '在' },
};

export function policyHover(index: WorkspaceIndex, location: Location, locale: Locale): { markdown: string; span: Span } | undefined {
  const connectivity = index.connectivity();
  const policy = location.object;
  const model = policy.decoded.networkPolicy;
  if (!connectivity || !model) return undefined;
  const words = labels[locale];
  const generic = pathOf(location.segments).replace(/\[\d+\]/g, '[*]');
  const names = (workloads: readonly Workload[]): string => (workloads.length === 0 ? words.none : workloads.map((workload) => `\`${peerText({ workload })}\``).join(', '));
  const render = (key: string, facts: string[]): { markdown: string; span: Span } => ({ markdown: explainedMarkdown(explanations[key], locale, facts), span: location.span });
  if (generic.startsWith('spec.podSelector')) {
    return render('podSelector', [`${words.selects} \`${model.podSelector ? selectorText(model.podSelector) : '{}'}\`: ${names(connectivity.selectedBy(policy))}`]);
  }
  if (generic.startsWith('spec.policyTypes')) {
    return render('policyTypes', [`${words.isolates} ${names(connectivity.selectedBy(policy))} ${words.for} ${[...effectivePolicyTypes(model)].join(', ')}`]);
  }
  const match = /^spec\.(ingress|egress)\[\*\]\.(from|to|ports)\[\*\]/.exec(generic);
  if (!match) return undefined;
  const direction = match[1] as 'ingress' | 'egress';
  const rule = (direction === 'ingress' ? model.ingress : model.egress)?.find((candidate) => candidate.index === location.segments[2]);
  if (!rule) return undefined;
  const item = location.segments[4];
  if (match[2] === 'ports') {
    const port = rule.ports?.find((candidate) => candidate.index === item);
    if (!port) return undefined;
    const destinations = direction === 'ingress' ? connectivity.selectedBy(policy) : connectivity.workloads.filter((workload) => connectivity.allowedByRule(policy, rule, { workload }));
    return render('port', destinations.slice(0, 8).map((workload) => {
      const ports = rulePorts([port], workload);
      // An empty set: the port names nothing on this workload.
      return `\`${peerText({ workload })}\`: ${ports.isEmpty ? words.noPort : ports.toString()}`;
    }));
  }
  const peer = rule.peers?.find((candidate) => candidate.index === item);
  if (!peer) return undefined;
  const facts = [`${words.admits}: ${names(connectivity.workloadsOfPeer(policy, peer))}`];
  const block = peer.ipBlock?.cidr ? cidrRange(peer.ipBlock.cidr.value) : undefined;
  if (block) facts.push(`ipBlock: \`${formatRange(block)}\`${peer.ipBlock!.except.length > 0 ? ` − ${peer.ipBlock!.except.map((except) => `\`${except.value}\``).join(', ')}` : ''}`);
  return render('peer', facts);
}
