/**
 * Hover on an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy: what its
 * subject, a peer, a rule's action and its priority mean, in English or Simplified Chinese, and
 * what they come to among the objects — the Pods the subject holds, the workloads a peer holds,
 * and where the policy ranks against the others of its tier.
 */
import { explainedMarkdown } from '../features/explain';
import type { ExplanationEntry, Locale } from '../features/explain';
import { pathOf } from '../features/locate';
import type { Location } from '../features/locate';
import type { Span } from '../model';
import type { WorkspaceIndex } from '../workspace';
import { peerText } from './connectivity';

const explanations: Readonly<Record<string, ExplanationEntry>> = {
  subject: {
    en: { title: 'subject', text: 'The Pods this cluster-wide policy applies to: every Pod of the namespaces `namespaces` selects, or the Pods `pods.podSelector` selects in the namespaces `pods.namespaceSelector` selects. Its rules decide for them before NetworkPolicies (admin tier) or after them (baseline).' },
    'zh-cn': { title: 'subject', text: '这条集群级策略作用于哪些 Pod：`namespaces` 所选命名空间中的全部 Pod，或在 `pods.namespaceSelector` 所选命名空间中由 `pods.podSelector` 选中的 Pod。其规则先于 NetworkPolicy（管理层级）或后于 NetworkPolicy（基线层级）为这些 Pod 作出决定。' },
  },
  peer: {
    en: { title: 'peer', text: 'The other end a rule is about: the Pods of the selected namespaces, selected Pods of selected namespaces, or (egress) address ranges in `networks`. Entries are alternatives.' },
    'zh-cn': { title: 'peer', text: '规则针对的另一端：所选命名空间中的 Pod、所选命名空间中被选中的 Pod，或（出站方向）`networks` 中的地址范围。多项之间是“或”的关系。' },
  },
  action: {
    en: { title: 'action', text: 'What the first matching rule does with a connection\'s ports: Allow (Accept) and Deny are final; Pass hands them to the next tier (NetworkPolicies after the admin tier, the default allow after the baseline). Rules of one policy are tried in order.' },
    'zh-cn': { title: 'action', text: '第一条匹配的规则如何处理连接的端口：Allow（Accept）与 Deny 为最终决定；Pass 交给下一层级（管理层级之后是 NetworkPolicy，基线之后是默认允许）。同一策略的规则按顺序匹配。' },
  },
  priority: {
    en: { title: 'priority', text: 'Order within the tier, from 0 to 1000: lower numbers decide first. Two policies of one priority that hold the same Pods have no defined order.' },
    'zh-cn': { title: 'priority', text: '层级内的顺序，取值 0 到 1000：数字越小越先决定。优先级相同且作用于相同 Pod 的两条策略，顺序没有定义。' },
  },
};

const labels: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: { holds: 'Holds', none: 'nothing in this unit', before: 'Decides after', after: 'Decides before', first: 'First to decide in its tier', last: 'Last to decide in its tier', same: 'Same priority as', action: 'Decides the ports it matches with' },
  'zh-cn': { holds: '作用于', none: '本单元中没有', before: '在以下策略之后决定：', after: '在以下策略之前决定：', first: '在本层级中最先决定', last: '在本层级中最后决定', same: '优先级相同：', action: '对匹配的端口作出决定：' },
};

export function adminPolicyHover(index: WorkspaceIndex, location: Location, locale: Locale): { markdown: string; span: Span } | undefined {
  const connectivity = index.connectivity();
  const policy = location.object;
  const model = policy.decoded.adminPolicy;
  if (!connectivity || !model) return undefined;
  const words = labels[locale];
  const generic = pathOf(location.segments).replace(/\[\d+\]/g, '[*]');
  const render = (key: string, facts: string[]): { markdown: string; span: Span } => ({ markdown: explainedMarkdown(explanations[key], locale, facts), span: location.span });
  const list = (texts: readonly string[]): string => (texts.length === 0 ? words.none : texts.map((text) => `\`${text}\``).join(', '));
  // A label and its value: Chinese labels end in a full-width colon, which takes no space after it.
  const fact = (label: string, value: string): string => `${label}${label.endsWith('：') ? '' : ' '}${value}`;
  if (generic.startsWith('spec.subject')) {
    return render('subject', [`${words.holds}: ${list(connectivity.workloads.filter((workload) => connectivity.tierPoliciesOf(workload).includes(policy)).map((workload) => peerText({ workload })))}`]);
  }
  if (generic === 'spec.priority') {
    const peers = connectivity.tierRanking(policy);
    const name = (object: (typeof peers.before)[number]): string => `${object.object.kind}/${object.object.name ?? ''}`;
    const facts = [
      peers.before.length === 0 ? words.first : fact(words.before, list(peers.before.map(name))),
      peers.after.length === 0 ? words.last : fact(words.after, list(peers.after.map(name))),
      ...(peers.same.length > 0 ? [fact(words.same, list(peers.same.map(name)))] : []),
    ];
    return render('priority', facts);
  }
  const rule = /^spec\.(ingress|egress)\[\*\]/.test(generic) ? model[location.segments[1] as 'ingress' | 'egress'].find((candidate) => candidate.index === location.segments[2]) : undefined;
  if (!rule) return undefined;
  if (/^spec\.(ingress|egress)\[\*\]\.action$/.test(generic)) return render('action', [fact(words.action, `\`${rule.action?.value ?? '?'}\``)]);
  if (/^spec\.(ingress|egress)\[\*\]\.(from|to)\[\*\]/.test(generic)) {
    const peer = rule.peers.find((candidate) => candidate.index === location.segments[4]);
    if (!peer) return undefined;
    const held = connectivity.workloads.filter((workload) => connectivity.adminPeerHolds(peer, workload)).map((workload) => peerText({ workload }));
    return render('peer', [`${words.holds}: ${list([...held, ...(peer.networks ?? []).map((network) => network.value)])}`]);
  }
  return undefined;
}
