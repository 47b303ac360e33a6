/**
 * The cluster-wide tiers of the network-policy-api (policy.networking.k8s.io/v1alpha1):
 * AdminNetworkPolicy (ANP) and BaselineAdminNetworkPolicy (BANP), decoded once. As the API's
 * type comments say (apis/v1alpha1/adminnetworkpolicy_types.go, baseline…_types.go): an ANP has a
 * `priority` (0–1000, lower first), a `subject` (`namespaces`, or `pods` with a namespace and a
 * pod selector), and ordered ingress and egress rules, each with an `action` (Allow, Deny, Pass),
 * peers (`namespaces`, `pods`; for egress also `nodes` and `networks`) and optional `ports`
 * (`portNumber`, `namedPort`, `portRange`). Within one policy the first rule that matches decides.
 * The BANP is the singleton `default`, with Allow and Deny only; it decides what no ANP and no
 * NetworkPolicy did. Their successor, ClusterNetworkPolicy (v1alpha2, apis/v1alpha2/
 * clusternetworkpolicy_types.go), is one kind with a `tier` (Admin or Baseline) and a priority in
 * both, actions Accept, Deny and Pass, and ports as `protocols` (tcp, udp, sctp with a
 * destinationPort number or range, or a destinationNamedPort); it is read into the same model.
 * The engine is in connectivity.ts.
 */
import type { Span } from '../model';
import { mapItems, readInt, readMap, readSeq, readString, readStringList } from '../rules/context';
import type { Read, RuleContext } from '../rules/context';
import type { YAMLMap } from '../yamlView';
import { cidrRange, contains } from './addresses';
import { readSelector } from './model';
import type { LabelSelectorModel } from './model';

export type AdminTier = 'admin' | 'baseline';
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/** `namespaces` (every Pod of the selected namespaces) or `pods` (selected Pods of selected namespaces). */
export interface AdminSelection {
  readonly span: Span;
  readonly path: string;
  readonly namespaces?: LabelSelectorModel;
  readonly pods?: { readonly namespaceSelector?: LabelSelectorModel; readonly podSelector?: LabelSelectorModel; readonly span: Span };
}

export interface AdminPeerModel extends AdminSelection {
  readonly index: number;
  /** Egress only: CIDRs outside the cluster (or inside it; Pods are not matched by address here). */
  readonly networks?: ReadonlyArray<{ readonly value: string; readonly span: Span }>;
  /** Egress only: nodes; K8s Route models no node peers, so such a peer matches nothing here. */
  readonly nodes?: LabelSelectorModel;
}

export interface AdminPortModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  /** ClusterNetworkPolicy: how many of tcp, udp, sctp, destinationNamedPort the entry sets (exactly one is allowed). */
  readonly protocolCount?: number;
  /** ClusterNetworkPolicy: a protocol entry without a destinationPort, covering the whole protocol. */
  readonly wholeProtocol?: boolean;
  readonly portNumber?: { readonly protocol: string; readonly port?: Read<number> };
  readonly namedPort?: Read<string>;
  readonly portRange?: { readonly protocol: string; readonly start?: Read<number>; readonly end?: Read<number> };
}

export interface AdminRuleModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly action?: Read<string>;
  readonly peers: readonly AdminPeerModel[];
  /** Undefined: every port. */
  readonly ports?: readonly AdminPortModel[];
}

export interface AdminPolicyModel {
  readonly tier: AdminTier;
  /** ClusterNetworkPolicy (v1alpha2 and later) rather than the v1alpha1 kinds. */
  readonly cluster?: boolean;
  /** ClusterNetworkPolicy: spec.tier as written. */
  readonly tierField?: Read<string>;
  readonly specSpan: Span;
  readonly priority?: Read<number>;
  readonly subject?: AdminSelection;
  readonly ingress: readonly AdminRuleModel[];
  readonly egress: readonly AdminRuleModel[];
}

export const adminPolicyKinds: ReadonlySet<string> = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

export function decodeAdminPolicy(ctx: RuleContext, kind: string): AdminPolicyModel {
  const cluster = kind === 'ClusterNetworkPolicy';
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  const tierField = cluster && spec ? readString(ctx, spec.value, 'tier', 'spec.tier') : undefined;
  const tier: AdminTier = kind === 'BaselineAdminNetworkPolicy' || tierField?.value === 'Baseline' ? 'baseline' : 'admin';
  if (!spec) return { tier, ...(cluster ? { cluster } : {}), specSpan: ctx.object.anchorSpan, ingress: [], egress: [] };
  const map = spec.value;
  const subject = readMap(ctx, map, 'subject', 'spec.subject');
  return {
    tier,
    ...(cluster ? { cluster, ...(tierField ? { tierField } : {}) } : {}),
    specSpan: spec.span,
    ...(tier === 'admin' || cluster ? { priority: readInt(ctx, map, 'priority', 'spec.priority') } : {}),
    ...(subject ? { subject: readSelection(ctx, subject.value, subject.span, 'spec.subject') } : {}),
    ingress: readRules(ctx, map, 'ingress', 'from'),
    egress: readRules(ctx, map, 'egress', 'to'),
  };
}

function readSelection(ctx: RuleContext, map: YAMLMap, span: Span, path: string): AdminSelection {
  const pods = readMap(ctx, map, 'pods', `${path}.pods`);
  return {
    span,
    path,
    namespaces: readSelector(ctx, map, 'namespaces', `${path}.namespaces`),
    ...(pods
      ? {
          pods: {
            span: pods.span,
            namespaceSelector: readSelector(ctx, pods.value, 'namespaceSelector', `${path}.pods.namespaceSelector`),
            podSelector: readSelector(ctx, pods.value, 'podSelector', `${path}.pods.podSelector`),
          },
        }
      : {}),
  };
}

function readRules(ctx: RuleContext, spec: YAMLMap, key: 'ingress' | 'egress', peersKey: 'from' | 'to'): AdminRuleModel[] {
  const list = readSeq(ctx, spec, key, `spec.${key}`);
  if (!list) return [];
  return mapItems(ctx, list.value, `spec.${key}`).map(({ index, map, path }) => {
    const peers = readSeq(ctx, map, peersKey, `${path}.${peersKey}`);
    const ports = readSeq(ctx, map, 'ports', `${path}.ports`);
    // ClusterNetworkPolicy writes its ports as `protocols`.
    const protocols = readSeq(ctx, map, 'protocols', `${path}.protocols`);
    return {
      index,
      path,
      span: ctx.view.span(map),
      name: readString(ctx, map, 'name', `${path}.name`),
      action: readString(ctx, map, 'action', `${path}.action`),
      peers: peers
        ? mapItems(ctx, peers.value, `${path}.${peersKey}`).map(({ index: peerIndex, map: peer, path: peerPath }) => {
            const networks = readStringList(ctx, peer, 'networks', `${peerPath}.networks`);
            return {
              ...readSelection(ctx, peer, ctx.view.span(peer), peerPath),
              index: peerIndex,
              ...(networks ? { networks: networks.value.map((item) => ({ value: item.value, span: item.span })) } : {}),
              nodes: readSelector(ctx, peer, 'nodes', `${peerPath}.nodes`),
            };
          })
        : [],
      ...(ports ? { ports: mapItems(ctx, ports.value, `${path}.ports`).map(({ index: portIndex, map: port, path: portPath }) => readPort(ctx, port, portIndex, portPath)) } : {}),
      ...(protocols ? { ports: mapItems(ctx, protocols.value, `${path}.protocols`).map(({ index: portIndex, map: protocol, path: protocolPath }) => readProtocol(ctx, protocol, portIndex, protocolPath)) } : {}),
    };
  });
}

/** A ClusterNetworkPolicy `protocols` entry (`tcp: {destinationPort: {number | range}}`, or `destinationNamedPort`) as a port. */
function readProtocol(ctx: RuleContext, entry: YAMLMap, index: number, path: string): AdminPortModel {
  const base = { index, path, span: ctx.view.span(entry) };
  const named = readString(ctx, entry, 'destinationNamedPort', `${path}.destinationNamedPort`);
  const kinds = (['tcp', 'udp', 'sctp'] as const).flatMap((key) => {
    const found = readMap(ctx, entry, key, `${path}.${key}`);
    return found ? [{ key, map: found.value }] : [];
  });
  const chosen = kinds[0];
  if (!chosen) return { ...base, ...(named ? { namedPort: named } : {}), protocolCount: (named ? 1 : 0) + kinds.length } as AdminPortModel;
  const protocol = chosen.key.toUpperCase();
  const destination = readMap(ctx, chosen.map, 'destinationPort', `${path}.${chosen.key}.destinationPort`);
  const number = destination ? readInt(ctx, destination.value, 'number', `${path}.${chosen.key}.destinationPort.number`) : undefined;
  const range = destination ? readMap(ctx, destination.value, 'range', `${path}.${chosen.key}.destinationPort.range`) : undefined;
  return {
    ...base,
    protocolCount: kinds.length + (named ? 1 : 0),
    ...(number ? { portNumber: { protocol, port: number } } : {}),
    ...(range ? { portRange: { protocol, start: readInt(ctx, range.value, 'start', `${path}.${chosen.key}.destinationPort.range.start`), end: readInt(ctx, range.value, 'end', `${path}.${chosen.key}.destinationPort.range.end`) } } : {}),
    // A protocol without a port: every port of that protocol.
    ...(!number && !range ? { portRange: { protocol, start: { value: 1, span: base.span }, end: { value: 65535, span: base.span } }, wholeProtocol: true } : {}),
    ...(named ? { namedPort: named } : {}),
  } as AdminPortModel;
}

function readPort(ctx: RuleContext, port: YAMLMap, index: number, path: string): AdminPortModel {
  const number = readMap(ctx, port, 'portNumber', `${path}.portNumber`);
  const range = readMap(ctx, port, 'portRange', `${path}.portRange`);
  return {
    index,
    path,
    span: ctx.view.span(port),
    ...(number ? { portNumber: { protocol: readString(ctx, number.value, 'protocol', `${path}.portNumber.protocol`)?.value ?? 'TCP', port: readInt(ctx, number.value, 'port', `${path}.portNumber.port`) } } : {}),
    namedPort: readString(ctx, port, 'namedPort', `${path}.namedPort`),
    ...(range
      ? { portRange: { protocol: readString(ctx, range.value, 'protocol', `${path}.portRange.protocol`)?.value ?? 'TCP', start: readInt(ctx, range.value, 'start', `${path}.portRange.start`), end: readInt(ctx, range.value, 'end', `${path}.portRange.end`) } }
      : {}),
  };
}

// Validation: the published CRDs' schema and CEL rules (network-policy-api v0.1.x, v1alpha1). ------

const ruleActions: Readonly<Record<AdminTier, readonly string[]>> = { admin: ['Allow', 'Deny', 'Pass'], baseline: ['Allow', 'Deny'] };
const clusterActions = ['Accept', 'Deny', 'Pass'];
const portProtocols = ['TCP', 'UDP', 'SCTP'];

/** What the API server refuses in an AdminNetworkPolicy or BaselineAdminNetworkPolicy, as errors at their paths. */
export function checkAdminPolicy(ctx: RuleContext, policy: AdminPolicyModel): void {
  const kind = ctx.object.kind;
  const actions = policy.cluster ? clusterActions : ruleActions[policy.tier];
  const maxRules = policy.cluster ? 25 : 100;
  if (policy.cluster) {
    if (!policy.tierField) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.tier', message: 'a ClusterNetworkPolicy needs spec.tier: Admin or Baseline' });
    else if (policy.tierField.value !== 'Admin' && policy.tierField.value !== 'Baseline') ctx.report({ code: 'adminpolicy/invalid-value', span: policy.tierField.span, path: 'spec.tier', message: `tier "${policy.tierField.value}" is not supported: use Admin or Baseline` });
  }
  if (policy.tier === 'baseline' && !policy.cluster && ctx.object.name !== undefined && ctx.object.name !== 'default') {
    ctx.report({ code: 'adminpolicy/invalid-value', span: nameSpan(ctx), path: 'metadata.name', message: `a BaselineAdminNetworkPolicy must be named "default" (it is a singleton), not "${ctx.object.name}"` });
  }
  if (policy.tier === 'admin' || policy.cluster) {
    if (!policy.priority) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.priority', message: `${policy.cluster ? 'a ClusterNetworkPolicy' : 'an AdminNetworkPolicy'} needs spec.priority (0 to 1000, lower numbers decide first)` });
    else if (policy.priority.value < 0 || policy.priority.value > 1000) ctx.report({ code: 'adminpolicy/invalid-value', span: policy.priority.span, path: 'spec.priority', message: `priority ${policy.priority.value} must be between 0 and 1000` });
  }
  if (!policy.subject) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.subject', message: `spec.subject is required: the namespaces or Pods the ${kind} applies to` });
  else checkSelection(ctx, policy.subject, ['namespaces', 'pods']);
  for (const [rules, direction, peersKey] of [[policy.ingress, 'ingress', 'from'], [policy.egress, 'egress', 'to']] as const) {
    if (rules.length > maxRules) ctx.report({ code: 'adminpolicy/invalid-value', span: rules[maxRules].span, path: `spec.${direction}`, message: `spec.${direction} may hold at most ${maxRules} rules` });
    for (const rule of rules) {
      const action = rule.action?.value;
      if (action === undefined) ctx.report({ code: 'adminpolicy/required', span: rule.span, path: `${rule.path}.action`, message: `a rule needs an action: ${actions.join(', ')}` });
      else if (!actions.includes(action)) ctx.report({ code: 'adminpolicy/invalid-value', span: rule.action!.span, path: `${rule.path}.action`, message: `action "${action}" is not supported here: use ${actions.join(', ')}` });
      if ((rule.name?.value.length ?? 0) > 100) ctx.report({ code: 'adminpolicy/invalid-value', span: rule.name!.span, path: `${rule.path}.name`, message: 'a rule name may be at most 100 characters' });
      if (rule.peers.length === 0) ctx.report({ code: 'adminpolicy/required', span: rule.span, path: `${rule.path}.${peersKey}`, message: `a rule needs at least one peer in ${peersKey}` });
      for (const peer of rule.peers) checkSelection(ctx, peer, direction === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks']);
      for (const port of rule.ports ?? []) checkPort(ctx, port);
    }
    checkShadowedRules(ctx, rules, direction);
  }
}

// Shadowed rules: within one policy the first matching rule decides (network-policy-api,
// AdminNetworkPolicySpec: "rules are evaluated in order ... the first rule that matches"), so a
// rule whose every peer and port an earlier rule already covers never decides anything. Only what
// is certain from the manifest counts: selector containment is judged by requirements (a selector
// that asks for a subset of another's requirements matches a superset of its Pods).

function checkShadowedRules(ctx: RuleContext, rules: readonly AdminRuleModel[], direction: 'ingress' | 'egress'): void {
  const usable = (rule: AdminRuleModel): boolean => rule.action !== undefined && rule.peers.length > 0 && rule.peers.every((peer) => selectionKind(peer) !== undefined) && (rule.ports ?? []).every((port) => portCover(port) !== undefined);
  rules.forEach((rule, index) => {
    if (index === 0 || !usable(rule)) return;
    const earlier = rules.slice(0, index).filter(usable);
    // Every peer × port of this rule lies inside one earlier rule's peers × ports.
    const ports: ReadonlyArray<AdminPortModel | undefined> = rule.ports ?? [undefined];
    const covering = new Set<AdminRuleModel>();
    // A networks peer is its CIDRs, each of which an earlier rule may cover.
    const atoms = rule.peers.flatMap((peer) => (peer.networks ? peer.networks.map((network) => ({ ...peer, networks: [network] })) : [peer]));
    for (const peer of atoms) {
      for (const port of ports) {
        const by = earlier.find((candidate) => candidate.peers.some((outer) => peerCovers(outer, peer)) && portsCover(candidate.ports, port));
        if (!by) return;
        covering.add(by);
      }
    }
    const names = [...covering].map(ruleLabel).join(' and ');
    ctx.report({
      code: 'adminpolicy/shadowed-rule',
      span: rule.name?.span ?? rule.action?.span ?? rule.span,
      path: rule.path,
      message: `this ${direction} rule never decides anything: ${names} ${covering.size === 1 ? 'comes first and covers' : 'come first and between them cover'} every peer and port of this one, and the first rule that matches decides`,
    });
  });
}

function ruleLabel(rule: AdminRuleModel): string {
  return `rule ${rule.index}${rule.name ? ` "${rule.name.value}"` : ''} (${rule.action?.value ?? '?'})`;
}

type Selection = AdminSelection | AdminPeerModel;

function selectionKind(selection: Selection): 'namespaces' | 'pods' | 'nodes' | 'networks' | undefined {
  const present = [
    selection.namespaces ? 'namespaces' : undefined,
    selection.pods?.namespaceSelector && selection.pods.podSelector ? 'pods' : selection.pods ? 'invalid' : undefined,
    'nodes' in selection && selection.nodes ? 'nodes' : undefined,
    'networks' in selection && selection.networks ? 'networks' : undefined,
  ].filter((key) => key !== undefined);
  return present.length === 1 && present[0] !== 'invalid' ? (present[0] as 'namespaces' | 'pods' | 'nodes' | 'networks') : undefined;
}

/** Whether `outer` matches at least what `inner` matches: its requirements are among inner's. */
function selectorCovers(outer: LabelSelectorModel, inner: LabelSelectorModel): boolean {
  const labels = new Map(inner.matchLabels.map((pair) => [pair.key, pair.value]));
  const expressions = new Set(inner.matchExpressions.map(expressionKey));
  for (const pair of inner.matchLabels) expressions.add(expressionKey({ key: pair.key, operator: 'In', values: [pair.value] }));
  return outer.matchLabels.every((pair) => labels.get(pair.key) === pair.value) && outer.matchExpressions.every((expression) => expressions.has(expressionKey(expression)) || impliedByLabel(expression, labels));
}

function expressionKey(expression: { readonly key: string; readonly operator: string; readonly values: readonly string[] }): string {
  return `${expression.key}\u0000${expression.operator}\u0000${[...new Set(expression.values)].sort().join('\u0000')}`;
}

/** An In listing the label's value, or Exists on it, holds wherever inner's matchLabels hold. */
function impliedByLabel(expression: { readonly key: string; readonly operator: string; readonly values: readonly string[] }, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(expression.key);
  if (value === undefined) return false;
  return expression.operator === 'Exists' || (expression.operator === 'In' && expression.values.includes(value));
}

function peerCovers(outer: AdminPeerModel, inner: AdminPeerModel): boolean {
  const outerKind = selectionKind(outer);
  const innerKind = selectionKind(inner);
  if (outerKind === 'namespaces') {
    if (innerKind === 'namespaces') return selectorCovers(outer.namespaces!, inner.namespaces!);
    if (innerKind === 'pods') return selectorCovers(outer.namespaces!, inner.pods!.namespaceSelector!);
    return false;
  }
  if (outerKind === 'pods') {
    const pods = outer.pods!;
    if (innerKind === 'pods') return selectorCovers(pods.namespaceSelector!, inner.pods!.namespaceSelector!) && selectorCovers(pods.podSelector!, inner.pods!.podSelector!);
    if (innerKind === 'namespaces') return isEmpty(pods.podSelector!) && selectorCovers(pods.namespaceSelector!, inner.namespaces!);
    return false;
  }
  if (outerKind === 'nodes') return innerKind === 'nodes' && selectorCovers(outer.nodes!, inner.nodes!);
  if (outerKind === 'networks' && innerKind === 'networks') {
    const ranges = outer.networks!.map((network) => cidrRange(network.value));
    return inner.networks!.every((network) => {
      const range = cidrRange(network.value);
      return range !== undefined && ranges.some((candidate) => candidate !== undefined && contains(candidate, range));
    });
  }
  return false;
}

function isEmpty(selector: LabelSelectorModel): boolean {
  return selector.matchLabels.length === 0 && selector.matchExpressions.length === 0;
}

/** What one port entry covers: a protocol's port range, or a port name. */
type PortCover = { readonly protocol: string; readonly start: number; readonly end: number } | { readonly named: string };

function portCover(port: AdminPortModel): PortCover | undefined {
  if (port.protocolCount !== undefined && port.protocolCount !== 1) return undefined;
  if (port.portRange) {
    const { protocol, start, end } = port.portRange;
    return start && end && start.value <= end.value ? { protocol, start: start.value, end: end.value } : undefined;
  }
  if (port.portNumber?.port) return { protocol: port.portNumber.protocol, start: port.portNumber.port.value, end: port.portNumber.port.value };
  if (port.namedPort) return { named: port.namedPort.value };
  return undefined;
}

/** Whether `outer` (undefined: every port) covers the port entry (undefined: every port). */
function portsCover(outer: readonly AdminPortModel[] | undefined, inner: AdminPortModel | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  const want = portCover(inner);
  if (!want) return false;
  return outer.some((candidate) => {
    const have = portCover(candidate);
    if (!have) return false;
    if ('named' in want) return 'named' in have && have.named === want.named;
    return !('named' in have) && have.protocol === want.protocol && have.start <= want.start && want.end <= have.end;
  });
}

function checkSelection(ctx: RuleContext, selection: AdminSelection | AdminPeerModel, allowed: readonly string[]): void {
  const present = [
    selection.namespaces ? 'namespaces' : undefined,
    selection.pods ? 'pods' : undefined,
    'nodes' in selection && selection.nodes ? 'nodes' : undefined,
    'networks' in selection && selection.networks ? 'networks' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (present.length !== 1) {
    ctx.report({ code: 'adminpolicy/one-of', span: selection.span, path: selection.path, message: present.length === 0 ? `exactly one of ${allowed.join(', ')} must be set` : `only one of ${allowed.join(', ')} may be set, not ${present.join(' and ')}` });
  }
  for (const key of present) {
    if (!allowed.includes(key)) ctx.report({ code: 'adminpolicy/one-of', span: selection.span, path: `${selection.path}.${key}`, message: `${key} is not allowed here: use ${allowed.join(', ')}` });
  }
  if (selection.pods) {
    if (!selection.pods.namespaceSelector) ctx.report({ code: 'adminpolicy/required', span: selection.pods.span, path: `${selection.path}.pods.namespaceSelector`, message: 'pods needs a namespaceSelector ({} for every namespace)' });
    if (!selection.pods.podSelector) ctx.report({ code: 'adminpolicy/required', span: selection.pods.span, path: `${selection.path}.pods.podSelector`, message: 'pods needs a podSelector ({} for every Pod)' });
  }
  if ('networks' in selection && selection.networks) {
    if (selection.networks.length === 0 || selection.networks.length > 25) ctx.report({ code: 'adminpolicy/invalid-value', span: selection.span, path: `${selection.path}.networks`, message: 'networks must list between 1 and 25 CIDRs' });
    selection.networks.forEach((network, index) => {
      if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(network.value) || cidrProblem(network.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: network.span, path: `${selection.path}.networks[${index}]`, message: `"${network.value}" is not a valid CIDR` });
    });
  }
}

function checkPort(ctx: RuleContext, port: AdminPortModel): void {
  if (port.protocolCount !== undefined) {
    if (port.protocolCount !== 1) ctx.report({ code: 'adminpolicy/one-of', span: port.span, path: port.path, message: 'exactly one of tcp, udp, sctp, destinationNamedPort must be set' });
    if (port.wholeProtocol) return;
  }
  const present = [port.portNumber ? 'portNumber' : undefined, port.namedPort ? 'namedPort' : undefined, port.portRange ? 'portRange' : undefined].filter((key): key is string => key !== undefined);
  if (port.protocolCount === undefined && present.length !== 1) {
    ctx.report({ code: 'adminpolicy/one-of', span: port.span, path: port.path, message: present.length === 0 ? 'exactly one of portNumber, namedPort, portRange must be set' : `only one of portNumber, namedPort, portRange may be set, not ${present.join(' and ')}` });
  }
  const inRange = (value: number): boolean => Number.isInteger(value) && value >= 1 && value <= 65535;
  if (port.portNumber) {
    if (!portProtocols.includes(port.portNumber.protocol)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.span, path: `${port.path}.portNumber.protocol`, message: `protocol "${port.portNumber.protocol}" is not supported: use TCP, UDP or SCTP` });
    if (!port.portNumber.port) ctx.report({ code: 'adminpolicy/required', span: port.span, path: `${port.path}.portNumber.port`, message: 'portNumber needs a port' });
    else if (!inRange(port.portNumber.port.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.portNumber.port.span, path: `${port.path}.portNumber.port`, message: `port ${port.portNumber.port.value} must be between 1 and 65535` });
  }
  if (port.portRange) {
    const { start, end } = port.portRange;
    if (!portProtocols.includes(port.portRange.protocol)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.span, path: `${port.path}.portRange.protocol`, message: `protocol "${port.portRange.protocol}" is not supported: use TCP, UDP or SCTP` });
    if (!start || !end) ctx.report({ code: 'adminpolicy/required', span: port.span, path: `${port.path}.portRange`, message: 'portRange needs start and end' });
    else {
      for (const [value, key] of [[start, 'start'], [end, 'end']] as const) if (!inRange(value.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: value.span, path: `${port.path}.portRange.${key}`, message: `${key} ${value.value} must be between 1 and 65535` });
      if (start.value >= end.value) ctx.report({ code: 'adminpolicy/invalid-value', span: end.span, path: `${port.path}.portRange`, message: `start (${start.value}) must be less than end (${end.value})` });
    }
  }
}

function cidrProblem(text: string): boolean {
  const [address, prefix] = text.split('/');
  const length = Number(prefix);
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split('.').every((part) => Number(part) <= 255);
  const v6 = address.includes(':');
  return !(v4 && length <= 32) && !(v6 && length <= 128);
}

function nameSpan(ctx: RuleContext): Span {
  const view = ctx.object.view;
  const metadata = view.deref(view.get(ctx.object.root, 'metadata')?.value ?? null);
  const name = metadata && 'items' in metadata ? view.get(metadata as YAMLMap, 'name') : undefined;
  const node = name ? view.deref(name.value) : null;
  return node ? view.span(node) : ctx.object.anchorSpan;
}
